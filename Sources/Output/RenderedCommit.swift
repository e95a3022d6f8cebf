import GitStore
import PluginAPI

/// The commit message of an output branch commit and its trailers: written and read here only.
public enum RenderedCommit {
    public static let sourceCommitTrailer = "Source-Commit"
    public static let sourceRefTrailer = "Source-Ref"

    public static func message(_ bundle: RenderedBundle, source: SourceInfo) -> String {
        """
        compile \(bundle.environment) from \(source.commit.prefix(12))

        Clusters: \(bundle.clusters.map(\.name).sorted().joined(separator: ", "))

        \(sourceCommitTrailer): \(source.commit)
        \(sourceRefTrailer): \(source.ref)

        """
    }

    /// The source a rendered commit records (`Source-Ref` defaults to the commit), or nil when it
    /// records none.
    public static func source(of commit: CommitInfo) -> (commit: ObjectID, ref: String)? {
        guard let recorded = commit.trailer(sourceCommitTrailer), let id = ObjectID(hex: recorded) else { return nil }
        return (id, commit.trailer(sourceRefTrailer) ?? recorded)
    }

    /// The newest commit at or below `tip` (first parents) that records a source, and that source.
    /// Hand-made commits on top of a rendered one name none; the rendered commit below them
    /// says what runs. Nil when none of the first 1000 does.
    public static func newestRendered(from tip: ObjectID, in repository: Repository) throws -> (commit: CommitInfo, source: (commit: ObjectID, ref: String))? {
        var rendered = try repository.commit(tip)
        var depth = 0
        while source(of: rendered) == nil, let parent = rendered.parents.first, depth < 1000 {
            rendered = try repository.commit(parent)
            depth += 1
        }
        return source(of: rendered).map { (rendered, $0) }
    }
}
