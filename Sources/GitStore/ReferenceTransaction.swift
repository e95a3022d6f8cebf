import CLibGit2

/// One move of `updateReferences`: `name` (a full name, `refs/heads/...`) from `expected`
/// (nil: it must not exist yet) to `target`.
public struct ReferenceUpdate: Hashable, Sendable {
    public var name: String
    public var target: ObjectID
    public var expected: ObjectID?

    public init(_ name: String, to target: ObjectID, expecting expected: ObjectID?) {
        self.name = name
        self.target = target
        self.expected = expected
    }
}

extension Repository {
    /// git's rules for a full reference name (`refs/heads/rendered/dev`), as libgit2 applies
    /// them, and already in normal form (no `//`). Nil when valid, else why not.
    public static func referenceNameProblem(_ name: String) -> String? {
        _ = LibGit2.initialized
        var buffer = [CChar](repeating: 0, count: 1024)
        guard git_reference_normalize_name(&buffer, buffer.count, name, GIT_REFERENCE_FORMAT_NORMAL.rawValue) == 0 else {
            return "git does not accept it as a reference name (no spaces, `..`, `@{`, `~^:?*[\\`, control characters, a component starting with `.` or ending in `.lock`, nor a trailing `/` or `.`)"
        }
        let normal = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normal == name ? nil : "git spells it '\(normal)'"
    }

    /// Moves every reference in `updates` or none. All names are checked (validity, no branch
    /// where a folder of branches is, or the reverse, even in `packed-refs`), then every ref is
    /// locked with git's own lock files and compared with its `expected` tip under that lock
    /// (compare-and-swap), and only then are they written, in one libgit2 transaction. A failure
    /// before the commit moves nothing; a failure while committing puts back what had moved.
    /// Throws `.modified`/`.exists` when a ref is not where expected, `.locked` when another
    /// process holds a ref's lock.
    public func updateReferences(_ updates: [ReferenceUpdate], message: String) throws {
        guard !updates.isEmpty else { return }
        for update in updates {
            if let problem = Self.referenceNameProblem(update.name) { throw GitError.invalid("cannot write '\(update.name)': \(problem)") }
        }
        try requireRoom(for: updates.map(\.name))
        var transaction: OpaquePointer?
        try git("cannot start a reference transaction") { git_transaction_new(&transaction, handle) }
        var freed = false
        defer { if !freed { git_transaction_free(transaction) } }
        // Locks in name order, so two writers never wait on each other's half.
        for update in updates.sorted(by: { $0.name < $1.name }) {
            try git("cannot lock '\(update.name)' (another git process may be writing it)") { git_transaction_lock_ref(transaction, update.name) }
        }
        for update in updates {
            let current = try referenceTarget(update.name)
            guard current == update.expected else {
                let moved = "'\(update.name)' is at \(current?.short ?? "(none)"), not at \(update.expected?.short ?? "(none)") as read"
                throw update.expected == nil ? GitError.exists(moved) : GitError.modified(moved)
            }
        }
        let signature = try makeSignature()
        defer { git_signature_free(signature) }
        for update in updates {
            var oid = update.target.oid
            try git("cannot stage '\(update.name)'") { git_transaction_set_target(transaction, update.name, &oid, signature, message) }
        }
        do {
            try git("cannot write references") { git_transaction_commit(transaction) }
        } catch {
            freed = true
            git_transaction_free(transaction)
            rollBack(updates)
            throw error
        }
        freed = true
        git_transaction_free(transaction)
    }

    /// After a commit failed half way: every ref that reached its target goes back to where it was.
    private func rollBack(_ updates: [ReferenceUpdate]) {
        for update in updates where (try? referenceTarget(update.name)) == update.target {
            if let expected = update.expected {
                try? updateReference(update.name, to: expected, expecting: update.target, message: "rolecall: roll back")
            } else {
                var reference: OpaquePointer?
                if git_reference_lookup(&reference, handle, update.name) == 0 {
                    git_reference_delete(reference)
                    git_reference_free(reference)
                }
            }
        }
    }

    /// git stores `a/b` as a file under folder `a`: a ref cannot be created where another ref
    /// is its folder or lives inside it. libgit2's transactions do not check `packed-refs` for
    /// that, so this does, before anything is locked.
    private func requireRoom(for names: [String]) throws {
        let existing = Set(try referenceNames(under: "refs/"))
        let all = existing.union(names)
        for name in names {
            var folder = Substring(name)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if all.contains(String(folder)) {
                    throw GitError.invalid("cannot write '\(name)': '\(folder)' is a reference, and git cannot hold a reference and a folder of that name; rename or delete one")
                }
            }
            if let inside = all.sorted().first(where: { $0.hasPrefix(name + "/") }) {
                throw GitError.invalid("cannot write '\(name)': '\(inside)' exists inside it, and git cannot hold a reference and a folder of that name; rename or delete one")
            }
        }
    }
}
