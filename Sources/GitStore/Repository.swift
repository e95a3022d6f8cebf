import CLibGit2
import Foundation

/// An open git repository (bare or not). Owns its libgit2 handle and frees it in `deinit`.
///
/// libgit2 objects are not thread-safe: use one `Repository` from one thread at a time.
/// Everything here reads and writes git objects only, never a working tree.
public final class Repository {
    let handle: OpaquePointer
    /// The `.git` folder (or the bare repository itself).
    public let gitDirectory: String

    /// Opens the repository at `path` or the nearest one above it, as git itself would.
    public init(discovering path: String) throws {
        _ = LibGit2.initialized
        var pointer: OpaquePointer?
        try git("no git repository at or above '\(path)'") {
            git_repository_open_ext(&pointer, path, 0, nil)
        }
        handle = pointer!
        gitDirectory = String(cString: git_repository_path(handle))
    }

    /// Creates a new, empty repository.
    public init(creatingAt path: String, bare: Bool = false, initialBranch: String = "main") throws {
        _ = LibGit2.initialized
        var options = git_repository_init_options()
        git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var pointer: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try git("cannot create a repository at '\(path)'") { git_repository_init_ext(&pointer, path, &options) }
        }
        handle = pointer!
        gitDirectory = String(cString: git_repository_path(handle))
    }

    deinit { git_repository_free(handle) }

    /// Whether `core.fsyncObjectFiles` asks for object files to be synced to disk (false when
    /// unset or unreadable), as libgit2 reads it for the repository's own object database.
    var fsyncsObjectFiles: Bool {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0, let config else { return false }
        defer { git_config_free(config) }
        var value: Int32 = 0
        return git_config_get_bool(&value, config, "core.fsyncObjectFiles") == 0 && value != 0
    }

    private var database: ObjectDatabase?
    /// The object database, opened once. Unlike the repository it may be used from many threads
    /// at once; take it on the calling thread before sharing it.
    public func objectDatabase() throws -> ObjectDatabase {
        if let database { return database }
        let opened = try ObjectDatabase(self)
        database = opened
        return opened
    }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    // MARK: References

    /// The commit `spec` names (a branch, tag, `HEAD`, a full or short id, `main~2`...).
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        try git("cannot resolve '\(spec)' to a commit") { git_revparse_single(&object, handle, spec) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try git("'\(spec)' does not name a commit") { git_object_peel(&commit, object, GIT_OBJECT_COMMIT) }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit)!)
    }

    /// Where the reference points, or nil when it does not exist.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        do {
            try git("cannot read reference '\(name)'") { git_reference_name_to_id(&oid, handle, name) }
        } catch GitError.notFound {
            return nil
        }
        return ObjectID(oid)
    }

    /// Full names of the references under `prefix` (e.g. `refs/heads/rendered/`), sorted.
    public func referenceNames(under prefix: String) throws -> [String] {
        var array = git_strarray()
        try git("cannot list references") { git_reference_list(&array, handle) }
        defer { git_strarray_dispose(&array) }
        var names: [String] = []
        for i in 0..<array.count {
            if let name = array.strings[i].map({ String(cString: $0) }), name.hasPrefix(prefix) { names.append(name) }
        }
        return names.sorted()
    }

    /// Moves `name` to `target` only if it still points at `expected` (nil: only if it does not
    /// exist yet). Throws `GitError.modified` or `.exists` when another writer got there first.
    public func updateReference(_ name: String, to target: ObjectID, expecting expected: ObjectID?, message: String) throws {
        var reference: OpaquePointer?
        var oid = target.oid
        if let expected {
            var current = expected.oid
            try git("cannot move reference '\(name)' from \(expected.short) to \(target.short)") {
                git_reference_create_matching(&reference, handle, name, &oid, 1, &current, message)
            }
        } else {
            try git("cannot create reference '\(name)' at \(target.short)") {
                git_reference_create(&reference, handle, name, &oid, 0, message)
            }
        }
        git_reference_free(reference)
    }

    /// True when `ancestor` is reachable from `descendant` (or equal to it).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        var a = ancestor.oid
        var d = descendant.oid
        return try git("cannot compare history") { git_graph_descendant_of(handle, &d, &a) } == 1
    }

    // MARK: Objects

    public func commit(_ id: ObjectID) throws -> CommitInfo {
        var oid = id.oid
        var commit: OpaquePointer?
        try git("no commit \(id.short)") { git_commit_lookup(&commit, handle, &oid) }
        defer { git_commit_free(commit) }
        let parents = (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0)!) }
        return CommitInfo(
            id: id, tree: ObjectID(git_commit_tree_id(commit)!), parents: parents,
            message: git_commit_message(commit).map { String(cString: $0) } ?? "")
    }

    /// The raw bytes of a blob.
    public func blob(_ id: ObjectID) throws -> Data {
        var oid = id.oid
        var blob: OpaquePointer?
        try git("no blob \(id.short)") { git_blob_lookup(&blob, handle, &oid) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// The entry at `path` inside `tree`, or nil when there is none.
    public func entry(at path: String, in tree: ObjectID) throws -> TreeEntry? {
        var oid = tree.oid
        var treePointer: OpaquePointer?
        try git("no tree \(tree.short)") { git_tree_lookup(&treePointer, handle, &oid) }
        defer { git_tree_free(treePointer) }
        var entry: OpaquePointer?
        do {
            try git("no '\(path)'") { git_tree_entry_bypath(&entry, treePointer, path) }
        } catch GitError.notFound {
            return nil
        }
        defer { git_tree_entry_free(entry) }
        return TreeEntry(path: path, id: ObjectID(git_tree_entry_id(entry)!), kind: TreeEntry.kind(of: git_tree_entry_filemode(entry)))
    }

    /// Every entry below `tree`, depth first in git's order; subtrees are listed, and descended
    /// when `descending` says so of their path.
    /// Entry names that are not valid UTF-8 are reported with replacement characters, never trapped on.
    public func walk(tree: ObjectID, prefix: String = "", descending: (String) -> Bool = { _ in true }) throws -> [TreeEntry] {
        var oid = tree.oid
        var treePointer: OpaquePointer?
        try git("no tree \(tree.short)") { git_tree_lookup(&treePointer, handle, &oid) }
        defer { git_tree_free(treePointer) }
        var entries: [TreeEntry] = []
        for index in 0..<git_tree_entrycount(treePointer) {
            guard let entry = git_tree_entry_byindex(treePointer, index) else { continue }
            let name = String(decoding: UnsafeRawBufferPointer(start: git_tree_entry_name(entry), count: strlen(git_tree_entry_name(entry))), as: UTF8.self)
            let item = TreeEntry(path: prefix + name, id: ObjectID(git_tree_entry_id(entry)!), kind: TreeEntry.kind(of: git_tree_entry_filemode(entry)))
            entries.append(item)
            if item.kind == .tree, descending(item.path) { entries += try walk(tree: item.id, prefix: item.path + "/", descending: descending) }
        }
        return entries
    }

    // MARK: Writing

    /// The id `data` has as a blob, computed without touching the repository (safe from any thread).
    public static func blobID(of data: Data) -> ObjectID {
        var oid = git_oid()
        _ = data.withUnsafeBytes { bytes in git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
        return ObjectID(oid)
    }

    /// Whether the object database holds `id`.
    public func contains(_ id: ObjectID) -> Bool {
        (try? objectDatabase().contains(id)) ?? false
    }

    /// Writes `data` as a blob: hashed, looked up, and deflated only when absent (`ObjectDatabase.writeBlob`).
    public func writeBlob(_ data: Data) throws -> ObjectID {
        try objectDatabase().writeBlob(data)
    }

    /// Writes a tree holding exactly `files` (slash-separated paths to contents) and returns its id.
    /// The same files always give the same tree id.
    public func writeTree(files: [String: Data]) throws -> ObjectID {
        try writeTree(blobs: files.mapValues { try writeBlob($0) }, trees: [:])
    }

    /// Writes a tree of existing objects: `blobs` and `trees` map slash-separated paths to the ids
    /// of blobs and of whole subtrees (a cluster folder reused from an earlier commit).
    public func writeTree(blobs: [String: ObjectID], trees: [String: ObjectID]) throws -> ObjectID {
        var root = TreeNode()
        for (path, id) in blobs { root.insert(path.split(separator: "/").map(String.init)[...], entry: .blob(id)) }
        for (path, id) in trees { root.insert(path.split(separator: "/").map(String.init)[...], entry: .tree(id)) }
        return try write(root)
    }

    private struct TreeNode {
        enum Leaf { case blob(ObjectID), tree(ObjectID) }
        var leaves: [String: Leaf] = [:]
        var children: [String: TreeNode] = [:]

        mutating func insert(_ components: ArraySlice<String>, entry: Leaf) {
            guard let first = components.first else { return }
            if components.count == 1 {
                leaves[first] = entry
            } else {
                children[first, default: TreeNode()].insert(components.dropFirst(), entry: entry)
            }
        }
    }

    private func write(_ node: TreeNode) throws -> ObjectID {
        var builder: OpaquePointer?
        try git("cannot build tree") { git_treebuilder_new(&builder, handle, nil) }
        defer { git_treebuilder_free(builder) }
        for (name, leaf) in node.leaves {
            switch leaf {
            case .blob(let id):
                var oid = id.oid
                try git("cannot add '\(name)' to tree") { git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_BLOB) }
            case .tree(let id):
                var oid = id.oid
                try git("cannot add '\(name)/' to tree") { git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_TREE) }
            }
        }
        for (name, child) in node.children {
            var oid = try write(child).oid
            try git("cannot add '\(name)/' to tree") { git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_TREE) }
        }
        var oid = git_oid()
        try git("cannot write tree") { git_treebuilder_write(&oid, builder) }
        return ObjectID(oid)
    }

    /// Creates a commit object (no reference moves; see `updateReference`).
    public func createCommit(tree: ObjectID, parents: [ObjectID], message: String) throws -> ObjectID {
        var treeOid = tree.oid
        var treePointer: OpaquePointer?
        try git("no tree \(tree.short)") { git_tree_lookup(&treePointer, handle, &treeOid) }
        defer { git_tree_free(treePointer) }
        var parentPointers: [OpaquePointer?] = []
        defer { parentPointers.forEach { git_commit_free($0) } }
        for parent in parents {
            var oid = parent.oid
            var pointer: OpaquePointer?
            try git("no parent commit \(parent.short)") { git_commit_lookup(&pointer, handle, &oid) }
            parentPointers.append(pointer)
        }
        let signature = try makeSignature()
        defer { git_signature_free(signature) }
        var oid = git_oid()
        _ = try parentPointers.withUnsafeMutableBufferPointer { buffer in
            try git("cannot create commit") {
                git_commit_create(&oid, handle, nil, signature, signature, "UTF-8", message, treePointer, parents.count, buffer.baseAddress)
            }
        }
        return ObjectID(oid)
    }

    /// Committer identity: `GIT_COMMITTER_NAME`/`EMAIL` when set (as git does), then the
    /// repository's `user.name`/`user.email`, then a fixed `rolecall` identity for CI runners without one.
    func makeSignature() throws -> UnsafeMutablePointer<git_signature>? {
        let environment = ProcessInfo.processInfo.environment
        var signature: UnsafeMutablePointer<git_signature>?
        if let name = environment["GIT_COMMITTER_NAME"], let email = environment["GIT_COMMITTER_EMAIL"] {
            try git("invalid committer identity") { git_signature_now(&signature, name, email) }
            return signature
        }
        if git_signature_default(&signature, handle) == 0 { return signature }
        try git("cannot create signature") { git_signature_now(&signature, "rolecall", "rolecall@localhost") }
        return signature
    }
}

extension Repository {
    /// Where `name` points when it is a symbolic reference (a full name), else nil.
    public func symbolicTarget(_ name: String) -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, name) == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else { return nil }
        return String(cString: target)
    }

    /// The short name of the branch HEAD points to, or nil when HEAD is detached.
    public func headBranch() throws -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, "HEAD") == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else { return nil }
        let name = String(cString: target)
        return BranchName.branch(ofReference: name) ?? name
    }
}

extension Repository {
    /// Every file below `tree` with its contents, by path (for reading an output branch back).
    public func files(in tree: ObjectID) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for entry in try walk(tree: tree) where entry.kind != .tree && entry.kind != .submodule {
            files[entry.path] = try blob(entry.id)
        }
        return files
    }
}

extension Repository {
    /// The working tree of a non-bare repository, or nil for a bare one.
    public var workingDirectory: String? {
        git_repository_workdir(handle).map { String(cString: $0) }
    }
}
