import CLibGit2

/// One entry of a git tree, with the kinds a fragment reader has to tell apart.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case blob, executable, symlink, tree, submodule
    }

    /// Path from the root of the tree that was walked.
    public let path: String
    public let id: ObjectID
    public let kind: Kind

    public init(path: String, id: ObjectID, kind: Kind) {
        self.path = path
        self.id = id
        self.kind = kind
    }

    static func kind(of mode: git_filemode_t) -> Kind {
        switch mode {
        case GIT_FILEMODE_TREE: .tree
        case GIT_FILEMODE_BLOB_EXECUTABLE: .executable
        case GIT_FILEMODE_LINK: .symlink
        case GIT_FILEMODE_COMMIT: .submodule
        default: .blob
        }
    }
}

/// What a commit says about itself.
public struct CommitInfo: Hashable, Sendable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    public let message: String

    /// The value of a `Key: value` trailer in the message, if present.
    public func trailer(_ key: String) -> String? {
        for line in message.split(separator: "\n").reversed() where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}

private extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
