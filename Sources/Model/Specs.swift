import Diagnostics

/// Which identity mechanisms an environment's clusters use.
public enum AuthMode: String, Hashable, Sendable, Codable, CaseIterable {
    case configmap, api, both

    public var usesConfigMap: Bool { self != .api }
    public var usesAccessEntries: Bool { self != .configmap }
}

public struct Rule: Hashable, Sendable, Codable {
    public var apiGroups: [String]
    public var resources: [String]
    public var verbs: [String]
    public var resourceNames: [String]
    public var nonResourceURLs: [String]
    public var location: SourceLocation

    public init(apiGroups: [String] = [], resources: [String] = [], verbs: [String], resourceNames: [String] = [],
                nonResourceURLs: [String] = [], location: SourceLocation) {
        self.apiGroups = apiGroups
        self.resources = resources
        self.verbs = verbs
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
        self.location = location
    }
}

/// A named set of rules: a team's `roles:` entry or a platform `clusterRoles:` entry.
public struct RoleDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var rules: [Rule]
    public var location: SourceLocation

    public init(name: String, rules: [Rule], location: SourceLocation) {
        self.name = name
        self.rules = rules
        self.location = location
    }
}

/// An IAM principal listed in a group.
public struct Member: Hashable, Sendable, Codable {
    public var arn: Located<String>
    public var username: Located<String>?

    public init(arn: Located<String>, username: Located<String>? = nil) {
        self.arn = arn
        self.username = username
    }
}

public struct ClusterSpec: Hashable, Sendable, Codable {
    public var name: String
    public var account: Located<String>
    public var region: String?
    public var labels: [String: String]
    public var nodeRoles: [Located<String>]
    public var fargateRoles: [Located<String>]
    public var windowsNodeRoles: [Located<String>]
    public var location: SourceLocation
    /// EKS Hybrid Nodes roles (access entry type `HYBRID_LINUX`; API and API_AND_CONFIG_MAP clusters only).
    public var hybridNodeRoles: [Located<String>] = []
    /// EKS Auto Mode node roles of custom node classes (access entry type `EC2`, with `AmazonEKSAutoNodePolicy`).
    public var autoModeNodeRoles: [Located<String>] = []
    /// Node roles (of the lists above) whose access entries EKS creates itself: roles of managed
    /// node groups and Fargate profiles. Emitted as usual, adopted by Terraform instead of created.
    public var eksManagedNodeRoles: [Located<String>] = []

    /// Whether `arn` (compared as the authenticator does) is listed in `eksManagedNodeRoles`.
    public func isEKSManaged(_ arn: String) -> Bool {
        // Asked for every identity: most clusters mark none, and then no ARN need be read.
        guard !eksManagedNodeRoles.isEmpty else { return false }
        let key = ARN.authenticatorForm(arn).lowercased()
        return eksManagedNodeRoles.contains { ARN.authenticatorForm($0.value).lowercased() == key }
    }

    /// Every node role of the cluster, whatever its kind.
    public var allNodeRoles: [Located<String>] { nodeRoles + windowsNodeRoles + fargateRoles + hybridNodeRoles + autoModeNodeRoles }

    public init(name: String, account: Located<String>, region: String? = nil, labels: [String: String] = [:],
                nodeRoles: [Located<String>] = [], fargateRoles: [Located<String>] = [], windowsNodeRoles: [Located<String>] = [],
                hybridNodeRoles: [Located<String>] = [], autoModeNodeRoles: [Located<String>] = [], location: SourceLocation) {
        self.name = name
        self.account = account
        self.region = region
        self.labels = labels
        self.nodeRoles = nodeRoles
        self.fargateRoles = fargateRoles
        self.windowsNodeRoles = windowsNodeRoles
        self.hybridNodeRoles = hybridNodeRoles
        self.autoModeNodeRoles = autoModeNodeRoles
        self.location = location
    }
}

public struct PlatformGroup: Hashable, Sendable, Codable {
    public var name: String
    public var members: [Member]
    public var clusterRoles: [Located<String>]
    public var systemMasters: Located<Bool>?
    public var location: SourceLocation
    /// EKS access policies associated with every member's access entry (cluster or namespace scope).
    public var accessPolicies: [AccessPolicyGrant] = []

    public init(name: String, members: [Member], clusterRoles: [Located<String>] = [], systemMasters: Located<Bool>? = nil,
                location: SourceLocation, accessPolicies: [AccessPolicyGrant] = []) {
        self.name = name
        self.members = members
        self.clusterRoles = clusterRoles
        self.systemMasters = systemMasters
        self.location = location
        self.accessPolicies = accessPolicies
    }
}

public struct Policy: Hashable, Sendable, Codable {
    public var breakGlass: [Located<String>] = []
    public var systemMasters: [Located<String>] = []
    /// ClusterRoles a team may bind inside its own namespaces.
    public var teamClusterRoles: [Located<String>] = []
    /// Accounts member ARNs must live in; empty means "not restricted".
    public var allowedAccounts: [Located<String>] = []
    /// Namespaces teams may never own, on top of `reservedNamespaces`; `prefix-*` reserves a prefix.
    public var reservedNamespaces: [Located<String>] = []
    /// What a wildcard (`*`) in a team role's rule gets: a warning (`warn`, the default) or an error.
    public var teamWildcards: Located<WildcardPolicy>?
    public var location: SourceLocation?
    /// EKS access policies a team may associate inside its own namespaces; nil when not written
    /// (`defaultTeamAccessPolicies`). Never at cluster scope, whatever this says.
    public var teamAccessPolicies: [Located<String>]? = nil

    /// When an environment sets no `teamAccessPolicies`: the policies EKS documents as similar to
    /// the built-in `admin`, `edit` and `view` (the same default as `teamClusterRoles`).
    public static let defaultTeamAccessPolicies = ["AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy"]

    /// The policy names teams may use (`teamAccessPolicies` by name, ARNs reduced to names).
    public var allowedTeamAccessPolicies: Set<String> {
        teamAccessPolicies.map { Set($0.map { AccessPolicyGrant.name(of: $0.value) }) } ?? Set(Self.defaultTeamAccessPolicies)
    }

    public init(breakGlass: [Located<String>] = [], systemMasters: [Located<String>] = [], teamClusterRoles: [Located<String>] = [],
                allowedAccounts: [Located<String>] = [], reservedNamespaces: [Located<String>] = [],
                teamWildcards: Located<WildcardPolicy>? = nil, location: SourceLocation? = nil) {
        self.breakGlass = breakGlass
        self.systemMasters = systemMasters
        self.teamClusterRoles = teamClusterRoles
        self.allowedAccounts = allowedAccounts
        self.reservedNamespaces = reservedNamespaces
        self.teamWildcards = teamWildcards
        self.location = location
    }

    public enum WildcardPolicy: String, Hashable, Sendable, Codable, CaseIterable { case warn, forbid }

    /// When an environment sets no `teamClusterRoles`, teams may bind these namespaced built-ins.
    public static let defaultTeamClusterRoles = ["admin", "edit", "view"]

    /// Namespaces no team may own, whatever the policy says: `kube-system` holds the aws-auth
    /// ConfigMap (editing it is cluster-admin), the others belong to Kubernetes itself.
    public static let reservedNamespaces = ["default", "kube-node-lease", "kube-public", "kube-system"]

    public enum Reservation: Hashable, Sendable, Codable {
        case builtin
        case policy(Located<String>)
    }

    /// Why no team may own `namespace`, if it is reserved: built in, or by a policy entry.
    public func reservation(of namespace: String) -> Reservation? {
        if Self.reservedNamespaces.contains(namespace) { return .builtin }
        let entry = reservedNamespaces.first { entry in
            entry.value.hasSuffix("*") ? namespace.hasPrefix(entry.value.dropLast()) : entry.value == namespace
        }
        return entry.map(Reservation.policy)
    }
}

public struct EnvironmentSpec: Hashable, Sendable, Codable {
    public var name: String
    public var promotesFrom: Located<String>?
    public var authMode: Located<AuthMode>
    /// Emitters to run, in order; nil when the environment does not choose (all registered emitters).
    public var plugins: [Located<String>]?
    /// Where `plugins:` is written, when it is.
    public var pluginsLocation: SourceLocation? = nil
    public var clusters: [ClusterSpec]
    public var clusterRoles: [RoleDefinition]
    public var groups: [PlatformGroup]
    public var accounts: [Located<String>]
    public var policy: Policy
    public var location: SourceLocation
    /// The Kubernetes release the clusters run (`kubernetesVersion`), for the built-in roles' rules.
    public var kubernetesVersion: Located<KubernetesRelease>? = nil

    /// `pruneProtection`: whether Namespaces and aws-auth carry Argo CD and Flux prune protection
    /// (nil when not written: protected, since pruning them deletes workloads or locks nodes out).
    public var pruneProtection: Located<Bool>? = nil

    /// Whether destructive objects are emitted with prune protection: on unless turned off.
    public var protectsFromPrune: Bool { pruneProtection?.value ?? true }

    public init(name: String, promotesFrom: Located<String>? = nil, authMode: Located<AuthMode>, plugins: [Located<String>]? = nil,
                pluginsLocation: SourceLocation? = nil, clusters: [ClusterSpec], clusterRoles: [RoleDefinition] = [],
                groups: [PlatformGroup] = [], accounts: [Located<String>] = [], policy: Policy = Policy(), location: SourceLocation,
                kubernetesVersion: Located<KubernetesRelease>? = nil, pruneProtection: Located<Bool>? = nil) {
        self.name = name
        self.promotesFrom = promotesFrom
        self.authMode = authMode
        self.plugins = plugins
        self.pluginsLocation = pluginsLocation
        self.clusters = clusters
        self.clusterRoles = clusterRoles
        self.groups = groups
        self.accounts = accounts
        self.policy = policy
        self.location = location
        self.kubernetesVersion = kubernetesVersion
        self.pruneProtection = pruneProtection
    }

    /// The release to evaluate built-in roles for: the environment's, else the default.
    public var kubernetesRelease: KubernetesRelease { kubernetesVersion?.value ?? .default }
}

public struct Placement: Hashable, Sendable, Codable {
    public var environments: [String]?
    public var clusters: [String]?
    public var clusterLabels: [String: String]
    public var location: SourceLocation?

    /// Without arguments: placed everywhere.
    public init(environments: [String]? = nil, clusters: [String]? = nil, clusterLabels: [String: String] = [:], location: SourceLocation? = nil) {
        self.environments = environments
        self.clusters = clusters
        self.clusterLabels = clusterLabels
        self.location = location
    }

    public func includes(environment: String, cluster: ClusterSpec) -> Bool {
        if let environments, !environments.contains(environment) { return false }
        if let clusters, !clusters.contains(cluster.name) { return false }
        return clusterLabels.allSatisfy { cluster.labels[$0.key] == $0.value }
    }
}

public struct Grant: Hashable, Sendable, Codable {
    /// A namespace the team owns, or `*` for all of them.
    public var namespace: String
    /// A role of the team, or a ClusterRole.
    public var role: String
    public var location: SourceLocation
    public var overrides: [SourceLocation]

    public init(namespace: String, role: String, location: SourceLocation, overrides: [SourceLocation] = []) {
        self.namespace = namespace
        self.role = role
        self.location = location
        self.overrides = overrides
    }
}

public struct TeamGroup: Hashable, Sendable, Codable {
    public var name: String
    public var members: [Member]
    public var access: [Grant]
    public var location: SourceLocation
    /// EKS access policies for the members' access entries. Teams get namespace scope only: an
    /// empty `namespaces` means every namespace the team owns (filled in when the cluster is
    /// built); nil is a `scope: cluster` the team asked for, which EscalationGuard refuses.
    public var accessPolicies: [AccessPolicyGrant] = []

    public init(name: String, members: [Member], access: [Grant], location: SourceLocation, accessPolicies: [AccessPolicyGrant] = []) {
        self.name = name
        self.members = members
        self.access = access
        self.location = location
        self.accessPolicies = accessPolicies
    }
}

/// One team as it applies to one cluster (after templates and overlays).
public struct TeamSpec: Hashable, Sendable, Codable {
    public var name: String
    public var namespaces: [Located<String>]
    public var placement: Placement
    public var groups: [TeamGroup]
    public var roles: [RoleDefinition]
    public var location: SourceLocation

    public init(name: String, namespaces: [Located<String>], placement: Placement = Placement(), groups: [TeamGroup],
                roles: [RoleDefinition] = [], location: SourceLocation) {
        self.name = name
        self.namespaces = namespaces
        self.placement = placement
        self.groups = groups
        self.roles = roles
        self.location = location
    }

    /// The Kubernetes group a team group compiles to; the team prefix keeps teams apart.
    public static func kubernetesGroup(team: String, group: String) -> String { "\(team):\(group)" }
}
