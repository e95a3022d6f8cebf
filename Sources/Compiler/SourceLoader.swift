import Diagnostics
import Dispatch
import Foundation
import Fragments
import GitStore
import Resolver

/// Reads the fragments of one commit from git objects (never a working tree). Blobs are read
/// once and parsed once: parses are cached by blob id and path, so a second commit (a merge
/// request's base, a promotion) only parses what changed. Parsing runs in parallel.
public final class SourceLoader {
    let repository: Repository
    public var limits = ReadLimits.standard
    private var cache: [String: (Fragment?, [Diagnostic])] = [:]
    /// Fragments parsed so far (a no-op compile parses none).
    public private(set) var parsedCount = 0

    public init(repository: Repository) {
        self.repository = repository
    }

    public struct Loaded {
        public var commit: ObjectID
        public var tree: ObjectID
        public var source: SourceSet
        /// Findings of loading, without the commit stamped on (see `Compiler`).
        public var diagnostics: [Diagnostic]
        /// The `teams/` and `environments/` trees (nil: absent), all that was read.
        public var folders: SourceFolders
    }

    /// The trees of the two fragment folders of a commit: what a source key is made of.
    public struct SourceFolders: Sendable, Equatable {
        public var teams: ObjectID?
        public var environments: ObjectID?
    }

    /// Reads only the commit's root tree: enough to tell whether the source changed.
    public func folders(of commit: ObjectID) throws -> SourceFolders {
        let tree = try repository.commit(commit).tree
        return SourceFolders(teams: try repository.entry(at: "teams", in: tree)?.id, environments: try repository.entry(at: "environments", in: tree)?.id)
    }

    public func load(commit: ObjectID) throws -> Loaded {
        let info = try repository.commit(commit)
        var diagnostics: [Diagnostic] = []
        var pending: [(key: String, path: String, data: Data)] = []
        var keys: [String] = []
        var pendingKeys: Set<String> = []
        var declaredEnvironments: Set<String> = []
        for folder in ["environments", "teams"] {
            guard let root = try repository.entry(at: folder, in: info.tree) else { continue }
            guard root.kind == .tree else {
                diagnostics.append(.error("misplaced-fragment", "'\(folder)' must be a folder of fragments, not a file; move or rename the file", at: SourceLocation(path: folder)))
                continue
            }
            for entry in try repository.walk(tree: root.id, prefix: folder + "/") {
                switch entry.kind {
                case .tree: continue
                case .symlink, .submodule:
                    diagnostics.append(.error("unsupported-entry", "\(entry.kind == .symlink ? "symbolic link" : "submodule") under \(folder)/: fragments must be regular files in this repository",
                                              at: SourceLocation(path: entry.path)))
                    continue
                case .blob, .executable:
                    break
                }
                let expected = FragmentPath(entry.path)
                guard expected != .ignored else { continue }
                if case .environment(let name) = expected { declaredEnvironments.insert(name) }
                let key = entry.id.hex + "\u{0}" + entry.path
                keys.append(key)
                if cache[key] == nil, pendingKeys.insert(key).inserted {
                    pending.append((key, entry.path, try repository.blob(entry.id)))
                }
            }
        }
        let parsed = Self.parseAll(pending, limits: limits)
        parsedCount += parsed.count
        for (index, item) in pending.enumerated() { cache[item.key] = parsed[index] }
        var fragments: [Fragment] = []
        for key in keys {
            guard let (fragment, findings) = cache[key] else { continue }
            diagnostics += findings
            if let fragment { fragments.append(fragment) }
        }
        let source = SourceSet(fragments, declaredEnvironments: declaredEnvironments)
        let folders = SourceFolders(teams: try repository.entry(at: "teams", in: info.tree)?.id,
                                    environments: try repository.entry(at: "environments", in: info.tree)?.id)
        return Loaded(commit: commit, tree: info.tree, source: source, diagnostics: diagnostics, folders: folders)
    }

    /// The git-free load: files (path, contents) as a commit's tree would hold them, to a
    /// `SourceSet` and the findings of parsing. Paths outside the fragment folders are ignored,
    /// as `load(commit:)` ignores them.
    public static func parse(_ files: [(path: String, data: Data)], limits: ReadLimits = .standard) -> (source: SourceSet, diagnostics: [Diagnostic]) {
        var declared: Set<String> = []
        var pending: [(key: String, path: String, data: Data)] = []
        for file in files {
            let expected = FragmentPath(file.path)
            guard expected != .ignored else { continue }
            if case .environment(let name) = expected { declared.insert(name) }
            pending.append((file.path, file.path, file.data))
        }
        var diagnostics: [Diagnostic] = []
        var fragments: [Fragment] = []
        for (fragment, findings) in parseAll(pending, limits: limits) {
            diagnostics += findings
            if let fragment { fragments.append(fragment) }
        }
        return (SourceSet(fragments, declaredEnvironments: declared), diagnostics)
    }

    static func parseAll(_ items: [(key: String, path: String, data: Data)], limits: ReadLimits) -> [(Fragment?, [Diagnostic])] {
        let inputs = items.map { ($0.path, $0.data) }
        return parallelMap(inputs) { path, data in FragmentLoader.load(data, path: path, commit: nil, limits: limits) }
    }
}
