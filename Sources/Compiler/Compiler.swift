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

        /// The paths of `cluster`'s files, whether the compile kept their bytes or not.
        public func filePaths(of cluster: String) -> [String] {
            bundle.record?.clusters[cluster]?.summary.files ?? bundle.clusters.first { $0.name == cluster }?.files.map(\.path) ?? []
        }

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
    /// clusters go to the object database as they are rendered (see `Pipeline.compileEnvironment`).
    /// With `reusing` (a compile of another commit, such as a merge request's head), clusters
    /// whose key it already compiled are taken from it instead of rendered again.
    /// With `retaining`, every cluster is rendered and checked but keeps no files (their paths are
    /// in the record), and one for which it answers false keeps no access either (a merge
    /// request's head keeps only what differs from its base).
    public func compile(commit: ObjectID, environments selected: [String]? = nil, store: RenderStore? = nil, reusing donor: Compilation? = nil,
                        retaining retain: (@Sendable (_ environment: String, _ cluster: String, _ key: String) -> Bool)? = nil) throws -> Compilation {
        let loaded = try loader.load(commit: commit)
        let compilation = pipeline.compile(loaded.source, findings: loaded.diagnostics, commit: commit.hex, tree: loaded.tree.hex, environments: selected,
                                           sourceKey: sourceKey(loaded.folders), store: store, reusing: donor, retaining: retain,
                                           model: model(of: commit, loaded))
        if let failure = store?.failure { throw failure }
        return compilation
    }

    /// Every cluster's key at `commit`, by environment then cluster, without rendering (see `RenderKeys`).
    public func clusterKeys(commit: ObjectID, environments selected: [String]? = nil) throws -> [String: [String: String]] {
        let model = model(of: commit, try loader.load(commit: commit))
        let pipeline = self.pipeline
        var keys: [String: [String: String]] = [:]
        for spec in model.environments where selected?.contains(spec.name) ?? true {
            keys[spec.name] = pipeline.clusterKeys(spec, in: model)
        }
        return keys
    }

    /// The last commit's resolved and decoded source: `compile` reads the source branch once for
    /// the environment list and again for its environments, `check --base` for keys and render.
    private var lastModel: (commit: ObjectID, model: SourceModel)?

    private func model(of commit: ObjectID, _ loaded: SourceLoader.Loaded) -> SourceModel {
        if let lastModel, lastModel.commit == commit { return lastModel.model }
        let pipeline = self.pipeline
        let model = pipeline.model(pipeline.resolve(loaded.source))
        lastModel = (commit, model)
        return model
    }

    public func sourceKey(_ folders: SourceLoader.SourceFolders) -> String {
        RenderKeys(registry: registry, compilerVersion: compilerVersion).sourceKey(teams: folders.teams, environments: folders.environments)
    }
}
