import Diagnostics
import GitStore
import Model
import ModelBuilding
import Output
import PluginAPI
import Resolver

public enum RolecallVersion {
    public static let current = "0.1.0"
}

/// The result of compiling one commit.
public struct Compilation: Sendable {
    public struct Environment: Sendable {
        public var spec: EnvironmentSpec
        public var clusters: [ClusterAccess]
        public var bundle: RenderedBundle

        /// The render-cache key of `cluster` (see `RenderKeys`): equal keys, equal access and files.
        public func key(of cluster: String) -> String? { bundle.record?.clusters[cluster]?.key }

        /// The access of `cluster`, when the compile kept it (see `Pipeline.compileEnvironment`).
        public func access(of cluster: String) -> ClusterAccess? { clusters.first { $0.cluster.name == cluster } }
    }

    public var commit: String
    public var tree: String
    public var resolution: Resolution
    public var environments: [Environment]
    public var diagnostics: [Diagnostic]
    /// Every environment defined at the commit, compiled or not, in promotion order.
    public var environmentOrder: [String]
    /// Every concrete environment defined at the commit, compiled or not.
    public var definedEnvironments: [EnvironmentSpec]
    /// Environments whose files did not load or resolve (their errors are in `diagnostics`).
    public var failedEnvironments: Set<String>

    public var hasErrors: Bool { diagnostics.hasErrors }

    /// The concrete environments and what each promotes from, in promotion order.
    public var routes: [SourceFacts.Environment] {
        definedEnvironments.map { SourceFacts.Environment(name: $0.name, promotesFrom: $0.promotesFrom?.value) }
    }

    /// What to compile at a base commit to compare with this head (`check --base`, `diff`): the
    /// `selected` environments this head compiled (nil: every one there is at the base).
    public func baseSelection(_ selected: [String]?) -> [String]? {
        selected.map { names in names.filter { name in environments.contains { $0.spec.name == name } } }
    }

    /// `names` that are not concrete environments here, nor failed to load (those fail the run
    /// with their own errors): a usage error for the command line. Nil when there are none.
    public func unknownEnvironmentProblem(_ names: [String]) -> String? {
        Self.unknownEnvironmentProblem(names, order: environmentOrder, failed: failedEnvironments, commit: commit)
    }

    /// The same for a source known only by its facts (a compile that read no fragment).
    public static func unknownEnvironmentProblem(_ names: [String], order: [String], failed: Set<String>, commit: String) -> String? {
        guard let name = names.first(where: { !order.contains($0) && !failed.contains($0) }) else { return nil }
        return "no concrete environment '\(name)' at \(commit.prefix(12)); choose from: \(order.isEmpty ? "none" : order.joined(separator: ", "))"
    }

    /// Every cluster defined here, with its environment (only `environment` when given), by environment then cluster.
    public func definedClusters(in environment: String? = nil) -> [(cluster: String, environment: String)] {
        definedEnvironments.filter { environment == nil || $0.name == environment }
            .flatMap { spec in spec.clusters.map { (cluster: $0.name, environment: spec.name) } }
    }
}

/// git tree in, checked bundles out: `SourceLoader` reads the commit (parses cached by blob
/// id), `Pipeline` does the rest. Plugins come in through the registry; this module never
/// imports one.
public final class Compiler {
    public let repository: Repository
    public let registry: PluginRegistry
    public let loader: SourceLoader
    public var strict = false
    public var compilerVersion = RolecallVersion.current

    public init(repository: Repository, registry: PluginRegistry) {
        self.repository = repository
        self.registry = registry
        self.loader = SourceLoader(repository: repository)
    }

    /// The git-free stages this compiler runs.
    public var pipeline: Pipeline {
        var pipeline = Pipeline(registry: registry, strict: strict)
        pipeline.compilerVersion = compilerVersion
        return pipeline
    }

    /// Compiles `environments` (nil: every concrete environment) at `commit`. With a `store`,
    /// clusters the output branches hold under the same key are reused, the others go to the
    /// object database as they are rendered (see `Pipeline.compileEnvironment`); an `observer`
    /// sees the clusters it wants as they are built.
    public func compile(commit: ObjectID, environments selected: [String]? = nil, store: RenderStore? = nil,
                        observer: ClusterObserver? = nil) throws -> Compilation {
        let loaded = try loader.load(commit: commit)
        let compilation = pipeline.compile(loaded.source, findings: loaded.diagnostics, commit: commit.hex, tree: loaded.tree.hex, environments: selected,
                                           sourceKey: sourceKey(loaded.folders), store: store, observer: observer,
                                           model: model(of: commit, loaded))
        if let failure = store?.failure { throw failure }
        return compilation
    }

    /// The resolved and decoded source at `commit`, as a compile of it builds it.
    public func sourceModel(commit: ObjectID) throws -> SourceModel {
        model(of: commit, try loader.load(commit: commit))
    }

    /// The last two commits' resolved and decoded sources: `compile` reads the source branch
    /// once for the environment list and again for its environments, `check --base` the head
    /// for its environments, the base for its keys, then the head for its compile.
    private var lastModels: [(commit: ObjectID, model: SourceModel)] = []

    private func model(of commit: ObjectID, _ loaded: SourceLoader.Loaded) -> SourceModel {
        if let known = lastModels.first(where: { $0.commit == commit }) { return known.model }
        let pipeline = self.pipeline
        let model = pipeline.model(pipeline.resolve(loaded.source))
        lastModels = Array((lastModels + [(commit, model)]).suffix(2))
        return model
    }

    public func sourceKey(_ folders: SourceLoader.SourceFolders) -> String {
        RenderKeys(registry: registry, compilerVersion: compilerVersion).sourceKey(teams: folders.teams, environments: folders.environments)
    }
}
