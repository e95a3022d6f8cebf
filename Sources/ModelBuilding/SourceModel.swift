import Diagnostics
import Fragments
import Model
import Resolver

/// The decode stage of one resolved source: every concrete environment as a typed spec, the
/// promotion order, and the source-level findings (decoding, topology, placement). Git-free;
/// `Compiler` and tests enter here with a `Resolution`.
public struct SourceModel: Sendable {
    /// Fixed once decoded: the shared digests (`unchanged`) follow from it.
    public let resolution: Resolution
    /// Every concrete environment, by name.
    public var environments: [EnvironmentSpec]
    /// Every environment in promotion order.
    public var order: [String]
    /// Environments whose files did not load or resolve (their errors are in the resolution's).
    public var failed: Set<String>
    /// Findings of decoding every concrete environment.
    public var decoding: [Diagnostic]
    /// Findings across environments: cluster names, promotion order, unknown plugins.
    public var topology: [Diagnostic]
    /// Placements naming environments or clusters that do not exist, or matching no cluster.
    public var placement: [Diagnostic]
    /// The render-cache digests of the teams no overlay reaches in an environment: such a team
    /// is the same tree in every such environment, so its digest is computed once for the source
    /// (copies of the model share them). Only digests: keeping the decoded teams or their parts of
    /// the access for the whole compile held them beside those of every environment an overlay
    /// reaches (28 MiB more at 2,000 teams, where the template has a `prod` overlay).
    let unchanged = MadeOnce<String, String>()

    /// `emitters`: the names an environment's `plugins:` may use.
    public init(_ resolution: Resolution, emitters: [String]) {
        self.resolution = resolution
        var decoder = SpecDecoder()
        let concrete = resolution.environments.values.filter { !$0.isAbstract }.sorted { $0.name < $1.name }
        environments = concrete.map { decoder.environment($0) }
        failed = resolution.failedEnvironments
        decoding = decoder.diagnostics
        topology = Topology.check(environments, emitters: emitters, failed: failed)
        order = Topology.promotionOrder(environments)
        placement = Topology.checkPlacement(resolution, all: order) + Topology.checkPlacementReach(resolution, environments: environments)
    }

    /// The teams of `environment`, ready to be placed cluster by cluster.
    public func teams(of environment: EnvironmentSpec) -> EnvironmentTeams {
        EnvironmentTeams(environment, resolved: resolution.environments[environment.name]!, resolution: resolution, unchanged: unchanged)
    }
}

/// One environment's teams, decoded as each of its clusters sees them. Most teams have no
/// per-cluster overlay: those are decoded once per environment, not once per cluster, and what
/// they add to a cluster's access is built once, by the first cluster that places them.
public struct EnvironmentTeams: Sendable {
    public let environment: EnvironmentSpec
    let resolved: ResolvedEnvironment
    let teams: [ResolvedTeam]
    let shared: [String: TeamSpec]
    /// The resolved trees the shared teams were decoded from.
    public let sharedNodes: [String: Node]
    /// Findings of decoding the shared teams (a cluster's own are returned by `placed(in:)`).
    public let diagnostics: [Diagnostic]
    /// The shared teams' parts of a cluster's access, by team, built by the clusters as they need them.
    private let contributions = MadeOnce<String, ClusterAccessBuilder.TeamContribution>()
    /// Where the digests of the teams no overlay reaches here are shared (nil: computed here).
    private let unchanged: MadeOnce<String, String>?
    /// The shared teams no overlay reaches in this environment or its ancestors.
    private let unchangedNames: Set<String>

    /// The resolved environment the teams apply in.
    public var environmentNode: Node { resolved.node }

    public init(_ environment: EnvironmentSpec, resolved: ResolvedEnvironment, resolution: Resolution) {
        self.init(environment, resolved: resolved, resolution: resolution, unchanged: nil)
    }

    init(_ environment: EnvironmentSpec, resolved: ResolvedEnvironment, resolution: Resolution, unchanged: MadeOnce<String, String>?) {
        self.environment = environment
        self.resolved = resolved
        self.unchanged = unchanged
        teams = resolution.teams.values.sorted { $0.name < $1.name }
        let clusterNames = Set(environment.clusters.map(\.name))
        var decoder = SpecDecoder()
        var shared: [String: TeamSpec] = [:]
        var sharedNodes: [String: Node] = [:]
        var unchangedNames: Set<String> = []
        for team in teams where team.overlays.keys.allSatisfy({ !clusterNames.contains($0) }) {
            if !team.hasOverlay(in: resolved) { unchangedNames.insert(team.name) }
            let node = team.effective(in: resolved, cluster: nil)
            sharedNodes[team.name] = node
            shared[team.name] = decoder.team(node, name: team.name)
        }
        self.shared = shared
        self.sharedNodes = sharedNodes
        self.unchangedNames = unchangedNames
        diagnostics = decoder.diagnostics
    }

    /// `compute`'s digest of a shared team's tree (`sharedNodes`), computed once for every
    /// environment where no overlay of the team applies: its tree is the same in all of them.
    package func sharedDigest(of team: String, _ compute: () -> String) -> String {
        guard let unchanged, unchangedNames.contains(team) else { return compute() }
        return unchanged.value(for: team, compute)
    }

    /// The teams placed in `cluster`, as they apply there, and the findings of decoding its overlays.
    public func placed(in cluster: ClusterSpec) -> (teams: [TeamSpec], diagnostics: [Diagnostic]) {
        var decoder = SpecDecoder()
        var placed: [TeamSpec] = []
        for team in teams {
            let spec = shared[team.name] ?? decoder.team(team.effective(in: resolved, cluster: cluster.name), name: team.name)
            if spec.placement.includes(environment: environment.name, cluster: cluster) { placed.append(spec) }
        }
        return (placed, decoder.diagnostics)
    }

    /// The resolved tree of each team `placed` in `cluster` (nil for a shared team: see
    /// `sharedNodes`). With the environment's tree, they decide the cluster's access.
    public func clusterNodes(of placed: [TeamSpec], in cluster: ClusterSpec) -> [(team: String, node: Node?)] {
        placed.map { spec in
            guard sharedNodes[spec.name] == nil, let team = teams.first(where: { $0.name == spec.name }) else { return (spec.name, nil) }
            return (spec.name, team.effective(in: resolved, cluster: cluster.name))
        }
    }

    /// Stage "build one cluster's access": its placed teams through `ClusterAccessBuilder`.
    public func access(of cluster: ClusterSpec) -> (access: ClusterAccess, diagnostics: [Diagnostic]) {
        let (teams, diagnostics) = placed(in: cluster)
        return (access(of: cluster, placed: teams), diagnostics)
    }

    /// The access of `cluster` with the teams `placed(in:)` gave: the same value
    /// `ClusterAccessBuilder.build` makes, each shared team's part built once for the environment.
    public func access(of cluster: ClusterSpec, placed: [TeamSpec]) -> ClusterAccess {
        ClusterAccessBuilder.build(environment: environment, cluster: cluster, teams: placed) { team in
            // A team with an overlay for some cluster decodes differently per cluster: built each
            // time. So is a spec that is not the shared one (a caller's own): the part is the spec's.
            // (The shared spec's arrays are the placed one's, so the comparison stops at their identity.)
            guard let known = shared[team.name], known == team else { return ClusterAccessBuilder.contribution(of: team) }
            return contributions.value(for: team.name) { ClusterAccessBuilder.contribution(of: team) }
        }
    }
}
