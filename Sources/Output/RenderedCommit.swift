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
}
