import Diagnostics
import Dispatch
import Fragments
import GitStore
import Model
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
}

/// git tree in, checked bundles out: load, resolve, build each cluster's access (in
/// parallel), run every guard, run the environment's emitters. Plugins come in through the
/// registry; this module never imports one.
public final class Compiler {
    public let repository: Repository
    public let registry: PluginRegistry
    public let loader: SourceLoader
    public var strict = false

    public init(repository: Repository, registry: PluginRegistry) {
        self.repository = repository
        self.registry = registry
        self.loader = SourceLoader(repository: repository)
    }

    /// Compiles `environments` (nil: every concrete environment) at `commit`.
    public func compile(commit: ObjectID, environments selected: [String]? = nil) throws -> Compilation {
        let loaded = try loader.load(commit: commit)
        var diagnostics = loaded.diagnostics
        let resolution = Resolution(loaded.source)
        diagnostics += resolution.diagnostics

        var decoder = SpecDecoder()
        let concrete = resolution.environments.values.filter { !$0.isAbstract }.sorted { $0.name < $1.name }
        var specs = concrete.map { decoder.environment($0) }
        let defined = specs
        diagnostics += decoder.diagnostics
        let failed = resolution.failedEnvironments
        diagnostics += Topology.check(specs, registry: registry, failed: failed)
        let order = Topology.promotionOrder(specs)
        if let selected {
            // A selected environment that failed to load has its cause reported already.
            for name in selected where !specs.contains(where: { $0.name == name }) && !failed.contains(name) {
                let known = order.joined(separator: ", ")
                let why = resolution.environments[name]?.isAbstract == true ? "is abstract (never compiled)" : "does not exist at \(commit.short)"
                diagnostics.append(.error("unknown-environment", "environment '\(name)' \(why); known: \(known.isEmpty ? "none" : known)",
                                          at: SourceLocation(path: "environments/\(name).yaml")))
            }
            specs = specs.filter { selected.contains($0.name) }
        }

        specs.sort { (order.firstIndex(of: $0.name) ?? .max, $0.name) < (order.firstIndex(of: $1.name) ?? .max, $1.name) }
        diagnostics += Topology.checkPlacement(resolution, all: order)
        var results: [Compilation.Environment] = []
        for spec in specs {
            let (environment, findings) = compileEnvironment(spec, resolved: resolution.environments[spec.name]!, resolution: resolution)
            results.append(environment)
            diagnostics += findings
        }
        diagnostics = diagnostics.map { var d = $0; d.location.commit = commit.hex; return d }
        if strict { diagnostics = diagnostics.strict() }
        return Compilation(commit: commit.hex, tree: loaded.tree.hex, resolution: resolution, environments: results,
                           diagnostics: diagnostics.sortedForReport(), environmentOrder: order, definedEnvironments: defined,
                           failedEnvironments: failed)
    }

    private func compileEnvironment(_ spec: EnvironmentSpec, resolved: ResolvedEnvironment, resolution: Resolution) -> (Compilation.Environment, [Diagnostic]) {
        let teams = resolution.teams.values.sorted { $0.name < $1.name }
        let emitters = selectedEmitters(spec)
        // Most teams have no per-cluster overlay: decode those once per environment, not per cluster.
        let clusterNames = Set(spec.clusters.map(\.name))
        var shared: [String: TeamSpec] = [:]
        var sharedDecoder = SpecDecoder()
        for team in teams where team.overlays.keys.allSatisfy({ !clusterNames.contains($0) }) {
            shared[team.name] = sharedDecoder.team(team.effective(in: resolved, cluster: nil), name: team.name)
        }
        let registry = self.registry
        let decodedOnce = shared
        let clusters = parallelMap(spec.clusters) { cluster -> (ClusterAccess, [EmittedFile], [Diagnostic]) in
            var decoder = SpecDecoder()
            var placed: [TeamSpec] = []
            for team in teams {
                let teamSpec = decodedOnce[team.name] ?? decoder.team(team.effective(in: resolved, cluster: cluster.name), name: team.name)
                if teamSpec.placement.includes(environment: spec.name, cluster: cluster) { placed.append(teamSpec) }
            }
            let compiled = Self.compileCluster(cluster, of: spec, teams: placed, emitters: emitters, registry: registry)
            return (compiled.access, compiled.files, decoder.diagnostics + compiled.diagnostics)
        }
        var findings: [Diagnostic] = sharedDecoder.diagnostics
        var accesses: [ClusterAccess] = []
        var rendered: [RenderedBundle.Cluster] = []
        for (access, files, clusterFindings) in clusters {
            accesses.append(access)
            rendered.append(RenderedBundle.Cluster(name: access.cluster.name, files: files))
            findings += clusterFindings
        }
        let bundle = RenderedBundle(environment: spec.name, clusters: rendered, plugins: emitters.map(\.name))
        return (Compilation.Environment(spec: spec, clusters: accesses, bundle: bundle), findings)
    }

    /// One cluster, from its placed teams to checked files: build its access, run every guard,
    /// run `emitters`, then every bundle guard on what they emitted.
    public static func compileCluster(_ cluster: ClusterSpec, of environment: EnvironmentSpec, teams: [TeamSpec],
                                      emitters: [any Emitter], registry: PluginRegistry) -> (access: ClusterAccess, files: [EmittedFile], diagnostics: [Diagnostic]) {
        let access = ClusterAccessBuilder.build(environment: environment, cluster: cluster, teams: teams)
        var findings: [Diagnostic] = []
        for check in registry.guards { findings += check.check(access) }
        var files: [EmittedFile] = []
        for emitter in emitters { files += emitter.emit(access, files: files) }
        for check in registry.bundleGuards { findings += check.check(access, files: files) }
        return (access, files.sorted { $0.path < $1.path }, findings)
    }

    /// The environment's `plugins:` in order (unknown names are reported by `Topology`), with
    /// packaging emitters last; every registered emitter when it names none.
    public func selectedEmitters(_ spec: EnvironmentSpec) -> [any Emitter] {
        Self.selectedEmitters(spec, registry: registry)
    }

    public static func selectedEmitters(_ spec: EnvironmentSpec, registry: PluginRegistry) -> [any Emitter] {
        let chosen = spec.plugins.map { $0.compactMap { registry.emitter(named: $0.value) } } ?? registry.emitters
        return chosen.enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }.map(\.element)
    }
}
