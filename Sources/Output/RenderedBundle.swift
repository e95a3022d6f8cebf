import GitStore
import PluginAPI

/// The rendered files of one environment, ready to be written to its output branch.
public struct RenderedBundle: Sendable {
    public struct Cluster: Sendable {
        public var name: String
        /// Empty when the folder is already written (`tree`): a compile for publication keeps
        /// no cluster's bytes once they are in the object database.
        public var files: [EmittedFile]
        /// The folder's tree, once written or reused from the branch tip.
        public var tree: ObjectID?

        public init(name: String, files: [EmittedFile], tree: ObjectID? = nil) {
            self.name = name
            self.files = files
            self.tree = tree
        }
    }

    public var environment: String
    public var clusters: [Cluster]
    /// Files of environment-scoped emitters, at the branch root (never a `BranchLayout.reserved` path).
    public var files: [EmittedFile]
    public var plugins: [String]
    /// What the next compile may reuse (`.rolecall/cache.json`).
    public private(set) var record: RenderRecord?
    /// The blob already holding `record`'s bytes, when the record was read from a branch (a
    /// replayed tip): linked as it is rather than encoded again, which cost more than all the
    /// rest of a no-op at a few hundred clusters.
    public private(set) var recordBlob: ObjectID?

    public init(environment: String, clusters: [Cluster], files: [EmittedFile] = [], plugins: [String], record: RenderRecord? = nil) {
        self.environment = environment
        self.clusters = clusters
        self.files = files
        self.plugins = plugins
        self.record = record
    }

    /// A bundle whose record is the one stored in `recordBlob`.
    public init(environment: String, clusters: [Cluster], files: [EmittedFile], plugins: [String], storedRecord record: RenderRecord, in recordBlob: ObjectID) {
        self.init(environment: environment, clusters: clusters, files: files, plugins: plugins, record: record)
        self.recordBlob = recordBlob
    }
}

/// Where a bundle was compiled from; recorded in the branch's metadata and commit trailers.
public struct SourceInfo: Sendable, Equatable {
    public var ref: String
    public var commit: String
    public var tree: String

    public init(ref: String, commit: String, tree: String) {
        self.ref = ref
        self.commit = commit
        self.tree = tree
    }
}
