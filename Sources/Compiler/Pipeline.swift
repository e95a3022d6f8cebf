import Diagnostics
import Model
import ModelBuilding
import Output
import PluginAPI
import Resolver

/// The compile stages, git-free, each a public entry so the CLI, the bench and tests enter
/// where they need to: resolve a `SourceSet`, decode it (`SourceModel`), build one cluster's
/// access (`EnvironmentTeams.access(of:)`), run the guards, render one cluster, and compose
/// them for a whole source (`compile`). `Compiler` only adds reading the commit from git.
public struct Pipeline: Sendable {
    public let registry: PluginRegistry
    /// Promote warnings to errors (`--strict`).
    public var strict: Bool
    /// The version in every render-cache key (tests bump it to see a new compiler render everything).
    public var compilerVersion = RolecallVersion.current

    public init(registry: PluginRegistry, strict: Bool = false) {
        self.registry = registry
        self.strict = strict
    }

    public func resolve(_ source: SourceSet) -> Resolution { Resolution(source) }

    public func model(_ resolution: Resolution) -> SourceModel { SourceModel(resolution, emitters: registry.emitterNames) }

    /// The environment's `plugins:` in order (unknown names are reported by `Topology`), with
    /// packaging emitters last; every registered emitter when it names none.
    public func emitters(for spec: EnvironmentSpec) -> [any Emitter] {
        let chosen = spec.plugins.map { $0.compactMap { registry.emitter(named: $0.value) } } ?? registry.emitters
        return chosen.enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }.map(\.element)
    }

    /// Every guard on one cluster's access. Guards always run, whatever `plugins:` says.
    public func check(_ access: ClusterAccess) -> [Diagnostic] {
        registry.guards.flatMap { $0.check(access) }
    }

    /// One cluster's files: the cluster-scoped `emitters` in order, each seeing the files of
    /// those before it, then every bundle guard on what they emitted. Files in emission order.
    public func render(_ access: ClusterAccess, emitters: [any Emitter]) -> (files: [EmittedFile], diagnostics: [Diagnostic]) {
        var files: [EmittedFile] = []
        var findings: [Diagnostic] = []
        for emitter in emitters where emitter.scope == .cluster {
            let output = run(emitter, EmitterInput(environment: access.environment, clusters: [access], files: files))
            files += output.files
            findings += output.diagnostics
        }
        findings += registry.bundleGuards.flatMap { $0.check(access, files: files) }
        return (files, findings)
    }

    /// The environment-scoped `emitters` over every cluster of `environment`: files for the
    /// branch root. A reserved path (`BranchLayout.reserved`) is an error, never written.
    public func render(_ environment: EnvironmentSpec, clusters: [ClusterAccess], emitters: [any Emitter]) -> (files: [EmittedFile], diagnostics: [Diagnostic]) {
        var files: [EmittedFile] = []
        var findings: [Diagnostic] = []
        for emitter in emitters where emitter.scope == .environment {
            let output = run(emitter, EmitterInput(environment: environment, clusters: clusters, files: files))
            for file in output.files where BranchLayout.isReserved(file.path) {
                findings.append(.error("plugin-failed", "plugin '\(emitter.name)' \(emitter.version) wrote '\(file.path)', a path rolecall writes itself (\(BranchLayout.reserved.joined(separator: ", ")))",
                                       at: environment.pluginsLocation ?? environment.location))
            }
            files += output.files.filter { !BranchLayout.isReserved($0.path) }
            findings += output.diagnostics
        }
        return (files.sorted { $0.path < $1.path }, findings)
    }

    /// One emitter call; a thrown error is a finding at the environment's `plugins:`.
    private func run(_ emitter: any Emitter, _ input: EmitterInput) -> EmitterOutput {
        do {
            return try emitter.render(input)
        } catch {
            let scope = input.clusters.count == 1 && emitter.scope == .cluster ? " for cluster '\(input.clusters[0].cluster.name)'" : ""
            return EmitterOutput(files: [], diagnostics: [.error("plugin-failed", "plugin '\(emitter.name)' \(emitter.version) failed\(scope): \(error)",
                                                                 at: input.environment.pluginsLocation ?? input.environment.location)])
        }
    }

    /// One cluster, from its built access to checked files (sorted by path, as the bundle holds them).
    public func compileCluster(_ access: ClusterAccess, emitters: [any Emitter]) -> (access: ClusterAccess, files: [EmittedFile], diagnostics: [Diagnostic]) {
        let findings = check(access)
        let (files, bundleFindings) = render(access, emitters: emitters)
        return (access, files.sorted { $0.path < $1.path }, findings + bundleFindings)
    }

    /// One environment, its clusters in parallel. Every cluster gets a key (`RenderKeys`) in the
    /// bundle's record. With a `store` (a compile for publication, or a check), each cluster whose
    /// key the branch tip holds is reused without building its access or rendering, and each
    /// rendered one is written (when the store writes) and its files and access dropped: memory
    /// follows one cluster per core, not the fleet. Without one, every cluster is rendered and
    /// kept (verify, diff, promote). An `observer` sees the access of each cluster it wants, on
    /// the worker that built it, before that access is dropped.
    public func compileEnvironment(_ spec: EnvironmentSpec, in model: SourceModel, source: SourceFacts = SourceFacts(environments: [], order: [], findings: []),
                                   sourceKey: String = "", store: RenderStore? = nil,
                                   observer: ClusterObserver? = nil) -> (environment: Compilation.Environment, diagnostics: [Diagnostic]) {
        let teams = model.teams(of: spec)
        let emitters = emitters(for: spec)
        let keys = EnvironmentKeys(teams, emitters: emitters, keys: RenderKeys(registry: registry, compilerVersion: compilerVersion))
        // Environment-scoped emitters see every cluster's access: keep them all and reuse none.
        let needsEveryAccess = emitters.contains { $0.scope == .environment }
        struct Rendered: @unchecked Sendable {
            var access: ClusterAccess?
            var cluster: RenderedBundle.Cluster
            var record: ClusterRecord
            var decoding: [Diagnostic]
        }
        let clusters = parallelMap(spec.clusters) { cluster -> Rendered in
            let (placed, decoding) = teams.placed(in: cluster)
            let key = keys.key(of: cluster, placed: placed)
            let observed = observer?.wants(spec.name, cluster.name, key) == true ? observer : nil
            if let store, !needsEveryAccess, let (tree, record) = store.reuse(environment: spec.name, cluster: cluster.name, key: key) {
                // Reused, but observed: its access is built (nothing rendered or checked again).
                observed?.observe(spec, teams.access(of: cluster, placed: placed), record.summary.files)
                return Rendered(access: nil, cluster: RenderedBundle.Cluster(name: cluster.name, files: [], tree: tree), record: record, decoding: decoding)
            }
            let access = teams.access(of: cluster, placed: placed)
            let compiled = compileCluster(access, emitters: emitters)
            let summary = ClusterSummary(identities: access.identities.count, namespaces: access.namespaces.count,
                                         bindings: access.roleBindings.count + access.clusterRoleBindings.count, files: compiled.files.map(\.path))
            let record = ClusterRecord(key: key, findings: compiled.diagnostics, summary: summary)
            observed?.observe(spec, access, summary.files)
            guard let store else {
                return Rendered(access: access, cluster: RenderedBundle.Cluster(name: cluster.name, files: compiled.files), record: record, decoding: decoding)
            }
            // Only a clean cluster is written: one with errors fails the whole compile anyway.
            guard !compiled.diagnostics.hasErrors else {
                return Rendered(access: needsEveryAccess ? access : nil, cluster: RenderedBundle.Cluster(name: cluster.name, files: []), record: record, decoding: decoding)
            }
            // A failed write (a full disk) is the store's to report: `Compiler.compile` throws it.
            let tree = store.write(compiled.files)
            return Rendered(access: needsEveryAccess ? access : nil, cluster: RenderedBundle.Cluster(name: cluster.name, files: [], tree: tree), record: record, decoding: decoding)
        }
        var environmentFindings = teams.diagnostics
        var findings: [Diagnostic] = []
        var accesses: [ClusterAccess] = []
        var rendered: [RenderedBundle.Cluster] = []
        var records: [String: ClusterRecord] = [:]
        for item in clusters {
            if let access = item.access { accesses.append(access) }
            rendered.append(item.cluster)
            records[item.cluster.name] = item.record
            environmentFindings += item.decoding
            findings += item.record.findings
        }
        let (files, environmentEmitted) = render(spec, clusters: accesses, emitters: emitters)
        environmentFindings += environmentEmitted
        let record = RenderRecord(sourceKey: sourceKey, source: source, findings: environmentFindings, clusters: records)
        let bundle = RenderedBundle(environment: spec.name, clusters: rendered, files: files, plugins: emitters.map(\.name), record: record)
        return (Compilation.Environment(spec: spec, clusters: store == nil ? accesses : [], bundle: bundle), environmentFindings + findings)
    }

    /// Every cluster's key in `spec` (see `RenderKeys`), without building or rendering any.
    public func clusterKeys(_ spec: EnvironmentSpec, in model: SourceModel) -> [String: String] {
        clusterKeys(spec, teams: model.teams(of: spec))
    }

    /// The same, with the environment's teams already decoded.
    public func clusterKeys(_ spec: EnvironmentSpec, teams: EnvironmentTeams) -> [String: String] {
        let keys = EnvironmentKeys(teams, emitters: emitters(for: spec), keys: RenderKeys(registry: registry, compilerVersion: compilerVersion))
        let computed = parallelMap(spec.clusters) { cluster in keys.key(of: cluster, placed: teams.placed(in: cluster).teams) }
        return Dictionary(uniqueKeysWithValues: zip(spec.clusters.map(\.name), computed))
    }

    /// A whole source: `environments` (nil: every concrete one) in promotion order. `commit` and
    /// `tree` name where the source was read (stamped on every finding); `findings` are loading's.
    public func compile(_ source: SourceSet, findings: [Diagnostic] = [], commit: String, tree: String,
                        environments selected: [String]? = nil, sourceKey: String = "", store: RenderStore? = nil,
                        observer: ClusterObserver? = nil, model given: SourceModel? = nil) -> Compilation {
        let model = given ?? model(resolve(source))
        let resolution = model.resolution
        var diagnostics = findings + resolution.diagnostics + model.decoding + model.topology
        var specs = model.environments
        let order = model.order, failed = model.failed
        if let selected {
            // A selected environment that failed to load has its cause reported already.
            for name in selected where !specs.contains(where: { $0.name == name }) && !failed.contains(name) {
                let known = order.joined(separator: ", ")
                let why = resolution.environments[name]?.isAbstract == true ? "is abstract (never compiled)" : "does not exist at \(commit.prefix(12))"
                diagnostics.append(.error("unknown-environment", "environment '\(name)' \(why); known: \(known.isEmpty ? "none" : known)",
                                          at: SourceLocation(path: "environments/\(name).yaml")))
            }
            specs = specs.filter { selected.contains($0.name) }
        }
        specs.sort { (order.firstIndex(of: $0.name) ?? .max, $0.name) < (order.firstIndex(of: $1.name) ?? .max, $1.name) }
        diagnostics += model.placement
        let facts = SourceFacts(environments: model.environments.map { .init(name: $0.name, promotesFrom: $0.promotesFrom?.value) }, order: order,
                                findings: findings + resolution.diagnostics + model.decoding + model.topology + model.placement)
        var results: [Compilation.Environment] = []
        for spec in specs {
            let (environment, found) = compileEnvironment(spec, in: model, source: facts, sourceKey: sourceKey, store: store, observer: observer)
            results.append(environment)
            diagnostics += found
        }
        return Compilation(commit: commit, tree: tree, resolution: resolution, environments: results,
                           diagnostics: Self.finish(diagnostics, commit: commit, strict: strict), environmentOrder: order,
                           definedEnvironments: model.environments, failedEnvironments: failed)
    }

    /// Findings as a compile reports them: stamped with the commit, warnings made errors under
    /// `--strict`, in report order.
    public static func finish(_ diagnostics: [Diagnostic], commit: String, strict: Bool) -> [Diagnostic] {
        var diagnostics = diagnostics.map { var d = $0; d.location.commit = commit; return d }
        if strict { diagnostics = diagnostics.strict() }
        return diagnostics.sortedForReport()
    }
}

/// What sees clusters as a compile builds them (`check --base` comparing each changed cluster
/// with its base): `wants` is asked with every cluster's key, `observe` gets the access and
/// file paths of each wanted one, on a worker thread, once.
public struct ClusterObserver: Sendable {
    public var wants: @Sendable (_ environment: String, _ cluster: String, _ key: String) -> Bool
    public var observe: @Sendable (_ environment: EnvironmentSpec, _ access: ClusterAccess, _ files: [String]) -> Void

    public init(wants: @escaping @Sendable (String, String, String) -> Bool,
                observe: @escaping @Sendable (EnvironmentSpec, ClusterAccess, [String]) -> Void) {
        self.wants = wants
        self.observe = observe
    }
}
