import Foundation
import GitStore
import Model
import ModelBuilding
import Output
import PluginAPI

/// `check --base`: the head compiled and checked as a compile would (clusters the output
/// branches hold under the same key come from their records), and the access the change adds
/// and removes, cluster by cluster. Only the clusters whose key differs from the base's are
/// compared: each is built on both sides, compared and dropped on the worker that rendered it,
/// so memory holds the clusters in flight and the facts found so far, never the access of the
/// whole change. A cluster is the same cluster on both sides only in the same environment: one
/// moved to another environment leaves the first (its folder leaves that output branch) and is
/// new in the second.
public struct ChangeCheck: Sendable {
    public var head: Compilation
    /// Nil when the head has errors: a partial compile would report every grant of a broken
    /// fragment as removed.
    public var diff: AccessDiff?
    public var review: AccessReview?

    /// `store` holds the output branches' tips the head may reuse; it must not write.
    public static func run(_ compiler: Compiler, head commit: ObjectID, base baseCommit: ObjectID,
                           environments selected: [String]?, store: RenderStore) throws -> ChangeCheck {
        let base = try BaseSide(compiler.sourceModel(commit: baseCommit), environments: selected, pipeline: compiler.pipeline, store: store)
        let compared = Compared()
        let observer = ClusterObserver(wants: { environment, cluster, key in base.key(of: cluster, in: environment) != key }) { environment, access, files in
            compared.add(base.compare(environment, access, files: files))
        }
        let head = try compiler.compile(commit: commit, environments: selected, store: store, observer: observer)
        guard !head.hasErrors else { return ChangeCheck(head: head) }

        var changes = compared.all
        var destructive: [AccessReview.Finding] = [], risks: [AccessReview.Finding] = []
        var landing: [String: AccessReview.Landing] = [:]
        let compiledClusters = Set(head.environments.flatMap { environment in environment.bundle.clusters.map { Change.id(environment.spec.name, $0.name) } })
        for environment in head.environments {
            let spec = environment.spec
            landing[spec.name] = AccessReview.landing(of: spec)
            if let before = base.environment(named: spec.name) { destructive += AccessReview.breakGlassRemoved(from: before, to: spec) }
            // In the head's order of clusters, whatever order the workers finished in.
            for cluster in spec.clusters {
                guard let change = changes.removeValue(forKey: Change.id(spec.name, cluster.name)) else { continue }
                destructive += change.destructive
                risks += change.risks
            }
        }
        var facts = compared.facts
        // Clusters of the base the head no longer compiles.
        for (spec, cluster) in base.clusters.filter({ !compiledClusters.contains(Change.id($0.spec.name, $0.cluster.name)) }).sorted(by: { ($0.spec.name, $0.cluster.name) < ($1.spec.name, $1.cluster.name) }) {
            facts.append(AccessDiff.removed(environment: spec.name, base: base.access(of: cluster, in: spec)))
            if head.environments.contains(where: { $0.spec.name == spec.name }) { destructive.append(AccessReview.noLongerCompiled(cluster.name, in: spec)) }
        }
        return ChangeCheck(head: head, diff: AccessDiff(clusters: facts), review: AccessReview(destructive: destructive, risks: risks, landing: landing))
    }

    /// One cluster compared: its facts and its review.
    struct Change: Sendable {
        /// `environment/cluster`.
        var id: String
        var facts: AccessDiff.Cluster?
        var destructive: [AccessReview.Finding]
        var risks: [AccessReview.Finding]

        static func id(_ environment: String, _ cluster: String) -> String { environment + "/" + cluster }
    }

    /// The changes the workers hand in.
    final class Compared: @unchecked Sendable {
        private let lock = NSLock()
        private var changes: [String: Change] = [:]

        func add(_ change: Change) { lock.withLock { changes[change.id] = change } }
        var all: [String: Change] { lock.withLock { changes } }
        var facts: [AccessDiff.Cluster] { lock.withLock { changes.values.compactMap(\.facts) } }
    }

    /// The base: its model, and its clusters' keys, computed before the head is compiled.
    struct BaseSide: Sendable {
        let environments: [EnvironmentSpec]
        let teams: [String: EnvironmentTeams]
        let emitters: [String: [any Emitter]]
        let keys: [String: String]
        let store: RenderStore
        let pipeline: Pipeline

        init(_ model: SourceModel, environments selected: [String]?, pipeline: Pipeline, store: RenderStore) {
            environments = model.environments.filter { selected?.contains($0.name) ?? true }
            var teams: [String: EnvironmentTeams] = [:], emitters: [String: [any Emitter]] = [:], keys: [String: String] = [:]
            for spec in environments {
                let decoded = model.teams(of: spec)
                teams[spec.name] = decoded
                emitters[spec.name] = pipeline.emitters(for: spec)
                for (cluster, key) in pipeline.clusterKeys(spec, teams: decoded) { keys[Change.id(spec.name, cluster)] = key }
            }
            self.teams = teams
            self.emitters = emitters
            self.keys = keys
            self.store = store
            self.pipeline = pipeline
        }

        var clusters: [(spec: EnvironmentSpec, cluster: ClusterSpec)] { environments.flatMap { spec in spec.clusters.map { (spec, $0) } } }

        func key(of cluster: String, in environment: String) -> String? { keys[Change.id(environment, cluster)] }

        func environment(named name: String) -> EnvironmentSpec? { environments.first { $0.name == name } }

        func access(of cluster: ClusterSpec, in spec: EnvironmentSpec) -> ClusterAccess {
            // Built alone, not through the environment's shared team parts: the base side lives
            // for the whole check, and a wide change (a template) would keep every environment's parts.
            ClusterAccessBuilder.build(environment: spec, cluster: cluster, teams: teams[spec.name]!.placed(in: cluster).teams)
        }

        /// The paths of the base's files for `cluster`: from the output branch's record when it
        /// holds the base's key, else rendered.
        func filePaths(of cluster: ClusterSpec, in spec: EnvironmentSpec, access: ClusterAccess) -> [String] {
            if let key = keys[Change.id(spec.name, cluster.name)], let record = store.record(environment: spec.name, cluster: cluster.name, key: key) { return record.summary.files }
            return pipeline.render(access, emitters: emitters[spec.name]!).files.map(\.path)
        }

        func compare(_ environment: EnvironmentSpec, _ head: ClusterAccess, files: [String]) -> Change {
            let name = head.cluster.name, id = Change.id(environment.name, name)
            guard let spec = self.environment(named: environment.name), let cluster = spec.clusters.first(where: { $0.name == name }) else {
                return Change(id: id, facts: AccessDiff.compare(environment: environment.name, base: nil, head: head), destructive: [], risks: [])
            }
            let old = access(of: cluster, in: spec)
            let review = AccessReview.review(environment: environment.name, base: old, files: filePaths(of: cluster, in: spec, access: old), head: head, files: files)
            return Change(id: id, facts: AccessDiff.compare(environment: environment.name, base: old, head: head),
                          destructive: review.destructive, risks: review.risks)
        }
    }
}
