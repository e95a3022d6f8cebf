import CLibGit2
import Foundation

/// A repository's object database, shared by the threads that render: libgit2 locks its
/// `git_odb` internally and documents it as safe to use from many threads at once (libgit2 1.5,
/// docs/threading.md), unlike the repository around it. So the rendering threads write blobs
/// without rolecall's lock: each hashes its own blobs at once; libgit2 holds its odb mutex while
/// it looks one up and while its loose backend deflates and writes it, so those steps take turns.
public final class ObjectDatabase: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ repository: Repository) throws {
        var pointer: OpaquePointer?
        try git("cannot open the object database") { git_repository_odb(&pointer, repository.handle) }
        handle = pointer!
    }

    deinit { git_odb_free(handle) }

    /// Writes `bytes` as a blob and returns its id. `git_odb_write` hashes first and writes (deflates)
    /// only when no backend holds the object; `git_blob_create_from_buffer` streams, deflating
    /// and hashing together, and looks only at the end, so it deflates every blob that exists.
    public func writeBlob(_ bytes: UnsafeRawBufferPointer) throws -> ObjectID {
        var oid = git_oid()
        try git("cannot write blob") { git_odb_write(&oid, handle, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
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
