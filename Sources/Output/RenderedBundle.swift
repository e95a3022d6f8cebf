import PluginAPI

/// The rendered files of one environment, ready to be written to its output branch.
public struct RenderedBundle: Sendable {
    public struct Cluster: Sendable {
        public var name: String
        public var files: [EmittedFile]

        public init(name: String, files: [EmittedFile]) {
            self.name = name
            self.files = files
        }
    }

    public var environment: String
    public var clusters: [Cluster]
    /// Files of environment-scoped emitters, at the branch root (never a `BranchLayout.reserved` path).
    public var files: [EmittedFile]
    public var plugins: [String]

    public init(environment: String, clusters: [Cluster], files: [EmittedFile] = [], plugins: [String]) {
        self.environment = environment
        self.clusters = clusters
        self.files = files
        self.plugins = plugins
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
