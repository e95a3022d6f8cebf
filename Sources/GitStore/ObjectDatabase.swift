import CLibGit2
import Foundation

/// A repository's object database, shared by the threads that render: libgit2 locks its
/// `git_odb` internally and documents it as safe to use from many threads at once (libgit2 1.5,
/// docs/threading.md), unlike the repository around it. So the rendering threads write blobs
/// without rolecall's lock.
///
/// New blobs are written through a loose backend of the repository's own objects folder, called
/// directly: `git_odb_write` holds the object database's mutex while its loose backend deflates
/// and writes, so blobs written from several threads deflated one at a time. The loose backend
/// keeps no state between writes: each one deflates into a temporary file of its own, created
/// exclusively (`O_EXCL`) since libgit2 1.4, and renames it into place (two writes of one object
/// rename the same bytes), so through it every rendering thread deflates at once. Before 1.4 the
/// temporary file was made by setting the process's umask around it, which is not safe from two
/// threads: with such a libgit2 every blob goes through `git_odb_write`, as before. The backend
/// is opened as libgit2 opens the repository's own: fastest compression, git's modes, and fsync
/// when `core.fsyncObjectFiles` asks for it.
public final class ObjectDatabase: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Nil where libgit2 is older than 1.4 (see above).
    private let loose: UnsafeMutablePointer<git_odb_backend>?

    init(_ repository: Repository) throws {
        var pointer: OpaquePointer?
        try git("cannot open the object database") { git_repository_odb(&pointer, repository.handle) }
        handle = pointer!
        guard Self.createsTemporaryFilesExclusively else {
            loose = nil
            return
        }
        var folder = git_buf()
        defer { git_buf_dispose(&folder) }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        do {
            try git("cannot find the objects folder") { git_repository_item_path(&folder, repository.handle, GIT_REPOSITORY_ITEM_OBJECTS) }
            let fsync: Int32 = repository.fsyncsObjectFiles ? 1 : 0
            try git("cannot open the objects folder") { git_odb_backend_loose(&backend, folder.ptr, -1, fsync, 0, 0) }
        } catch {
            git_odb_free(handle)
            throw error
        }
        loose = backend
    }

    deinit {
        if let loose { loose.pointee.free?(loose) }
        git_odb_free(handle)
    }

    /// libgit2 1.4 and later (see the type's comment).
    static let createsTemporaryFilesExclusively: Bool = {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        git_libgit2_version(&major, &minor, &patch)
        return major > 1 || (major == 1 && minor >= 4)
    }()

    /// Writes `bytes` as a blob and returns its id, hashing first and deflating only a blob the
    /// object database lacks. One it holds is freshened where it is, as `git_odb_write` and git
    /// freshen it, so a `git gc` meanwhile cannot prune what the new tree names: a loose one by
    /// the loose backend, one in a pack or an alternate through `git_odb_write` (which hashes it
    /// a second time: libgit2 has no public freshen). Where the loose backend cannot touch a
    /// loose object, another user's in a shared repository, `git_odb_write` cannot either, and
    /// writes it again, as before.
    public func writeBlob(_ bytes: UnsafeRawBufferPointer) throws -> ObjectID {
        var oid = git_oid()
        guard let loose, let write = loose.pointee.write else {
            try git("cannot write blob") { git_odb_write(&oid, handle, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
            return ObjectID(oid)
        }
        try git("cannot hash blob") { git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
        if loose.pointee.freshen?(loose, &oid) == 0 { return ObjectID(oid) }
        if git_odb_exists(handle, &oid) == 1 {
            try git("cannot write blob") { git_odb_write(&oid, handle, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
            return ObjectID(oid)
        }
        try git("cannot write blob") { write(loose, &oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
        return ObjectID(oid)
    }

    public func writeBlob(_ data: Data) throws -> ObjectID {
        try data.withUnsafeBytes { try writeBlob($0) }
    }

    /// A string's UTF-8 as a blob, from its own storage when it is contiguous (no copy).
    public func writeBlob(_ text: String) throws -> ObjectID {
        if let written = try text.utf8.withContiguousStorageIfAvailable({ try writeBlob(UnsafeRawBufferPointer($0)) }) {
            return written
        }
        return try writeBlob(Data(text.utf8))
    }

    /// Whether the object database holds `id`.
    public func contains(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return git_odb_exists(handle, &oid) == 1
    }
}
