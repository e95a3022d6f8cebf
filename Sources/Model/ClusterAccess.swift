import Diagnostics

/// Who owns an identity mapping.
public enum Origin: Hashable, Sendable, Codable {
    case cluster
    case platform(group: String)
    case team(String, group: String)

    public var description: String {
        switch self {
        case .cluster: "cluster node roles"
        case .platform(let group): "platform group '\(group)'"
        case .team(let team, let group): "group '\(group)' of team '\(team)'"
        }
    }
}

/// One IAM principal as the cluster will see it, in either authentication mode.
///
/// Its fields live behind one reference (copied on write): every emitter and guard walks a
/// cluster's identities, and a struct of a dozen strings and arrays cost a dozen reference
/// counts on every copy.
public struct Identity: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case linuxNode, windowsNode, fargate, role, user
        /// EKS Hybrid Nodes and EKS Auto Mode nodes of a custom node class.
        case hybridNode, autoModeNode
        public var isNode: Bool { self != .role && self != .user }
    }

    /// The fields themselves: equality, hashing and the encoding are theirs, synthesized.
    private struct Fields: Hashable, Sendable, Codable {
        var kind: Kind
        var arn: String
        var username: String
        var groups: [String]
        var origin: Origin
        var location: SourceLocation
        var customUsername: Bool
        var usernameLocation: SourceLocation?
        var authenticatorARN: String
        var parsedARN: ARN?
        var accessPolicies: [AccessPolicyGrant] = []
        var eksManaged: Bool = false
    }

    private final class Storage: @unchecked Sendable {
        // Written only through `unique()`, when nothing else can read it: the runtime's
        // exclusivity check on every read of a field cost more than the copies it replaced.
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    // Mutated only when uniquely referenced (`unique()`), as the standard collections are.
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    public var kind: Kind { get { storage.fields.kind } set { unique().fields.kind = newValue } }
    /// The ARN as written in the fragment (role paths kept; access entries accept them).
    public var arn: String {
        get { storage.fields.arn }
        set {
            // The forms derived from it follow, or guards would judge the old principal.
            let storage = unique()
            storage.fields.arn = newValue
            storage.fields.parsedARN = ARN(newValue)
            storage.fields.authenticatorARN = storage.fields.parsedARN?.authenticatorForm ?? newValue
        }
    }
    public var username: String { get { storage.fields.username } set { unique().fields.username = newValue } }
    /// Kubernetes groups, `system:masters` included where the platform grants it.
    public var groups: [String] { get { storage.fields.groups } _modify { yield &unique().fields.groups } }
    public var origin: Origin { get { storage.fields.origin } set { unique().fields.origin = newValue } }
    public var location: SourceLocation { get { storage.fields.location } set { unique().fields.location = newValue } }
    /// The username came from the fragment rather than the default.
    public var customUsername: Bool { get { storage.fields.customUsername } set { unique().fields.customUsername = newValue } }
    /// Where a custom username is written (diagnostics about it point there).
    public var usernameLocation: SourceLocation? { get { storage.fields.usernameLocation } set { unique().fields.usernameLocation = newValue } }
    /// The ARN aws-iam-authenticator matches: role paths stripped, since it canonicalises the
    /// caller to `arn:<partition>:iam::<account>:role/<name>`. Computed once: every emitter and
    /// guard keys on it.
    public var authenticatorARN: String { storage.fields.authenticatorARN }
    /// What principals are compared by (`ARN.authenticatorKey`): the authenticator form, case-folded.
    public var authenticatorKey: String { ARN.caseFolded(storage.fields.authenticatorARN) }
    /// `arn` taken apart, once (nil when it is not an ARN; IdentityGuard reports that).
    public var parsedARN: ARN? { storage.fields.parsedARN }
    /// EKS access policies of the principal's access entry, as its group grants them (team
    /// grants with their namespaces filled in); `systemMasters` is not among them.
    public var accessPolicies: [AccessPolicyGrant] { get { storage.fields.accessPolicies } _modify { yield &unique().fields.accessPolicies } }
    /// A node role whose access entry (and aws-auth row) EKS creates itself, for a managed node
    /// group or Fargate profile (`eksManagedNodeRoles`): Terraform adopts the entry instead of creating it.
    public var eksManaged: Bool { get { storage.fields.eksManaged } set { unique().fields.eksManaged = newValue } }

    public init(kind: Kind, arn: String, username: String, groups: [String], origin: Origin, location: SourceLocation,
                customUsername: Bool, usernameLocation: SourceLocation? = nil, parsed: ARN?? = nil) {
        let parsed = parsed ?? ARN(arn)
        storage = Storage(Fields(kind: kind, arn: arn, username: username, groups: groups, origin: origin, location: location, customUsername: customUsername,
                                 usernameLocation: usernameLocation, authenticatorARN: parsed?.authenticatorForm ?? arn, parsedARN: parsed))
    }

    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    // Encoded as the fields, the keys the synthesized conformance of the struct had.
    public init(from decoder: any Decoder) throws { storage = Storage(try Fields(from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try storage.fields.encode(to: encoder) }

    public var isSystemMaster: Bool { groups.contains(Identity.systemMasters) }

    public static let systemMasters = "system:masters"

    /// The groups and usernames EKS gives node identities (its access entry types EC2_LINUX,
    /// EC2_WINDOWS and FARGATE_LINUX, and the aws-auth entries eksctl writes for them).
    public static let nodeGroups = ["system:bootstrappers", "system:nodes"]
    public static let windowsNodeGroups = nodeGroups + ["eks:kube-proxy-windows"]
    public static let fargateGroups = nodeGroups + ["system:node-proxier"]
    public static let nodeUsername = "system:node:{{EC2PrivateDNSName}}"
    public static let fargateUsername = "system:node:{{SessionName}}"
    public static let hybridUsername = "system:node:{{SessionName}}"
}

public struct NamespaceObject: Hashable, Sendable, Codable {
    public var name: String
    public var team: String
    public var location: SourceLocation

    public init(name: String, team: String, location: SourceLocation) {
        self.name = name
        self.team = team
        self.location = location
    }
}

public struct RoleRef: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case role = "Role", clusterRole = "ClusterRole" }
    public var kind: Kind
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}

public struct RoleObject: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var rules: [Rule]
    public var team: String
    public var location: SourceLocation

    public init(namespace: String, name: String, rules: [Rule], team: String, location: SourceLocation) {
        self.namespace = namespace
        self.name = name
        self.rules = rules
        self.team = team
        self.location = location
    }
}

public struct RoleBindingObject: Hashable, Sendable, Codable {
    public var namespace: String
    public var name: String
    public var roleRef: RoleRef
    public var groups: [String]
    public var team: String
    /// The `access:` line that granted it, and the ones that line overrode.
    public var location: SourceLocation
    public var overrides: [SourceLocation]

    public init(namespace: String, name: String, roleRef: RoleRef, groups: [String], team: String, location: SourceLocation,
                overrides: [SourceLocation] = []) {
        self.namespace = namespace
        self.name = name
        self.roleRef = roleRef
        self.groups = groups
        self.team = team
        self.location = location
        self.overrides = overrides
    }
}

public struct ClusterRoleObject: Hashable, Sendable, Codable {
    public var name: String
    public var rules: [Rule]
    public var location: SourceLocation

    public init(name: String, rules: [Rule], location: SourceLocation) {
        self.name = name
        self.rules = rules
        self.location = location
    }
}

public struct ClusterRoleBindingObject: Hashable, Sendable, Codable {
    public var name: String
    public var clusterRole: String
    public var groups: [String]
    public var location: SourceLocation

    public init(name: String, clusterRole: String, groups: [String], location: SourceLocation) {
        self.name = name
        self.clusterRole = clusterRole
        self.groups = groups
        self.location = location
    }
}

/// Everything one cluster gets: the unit guards check and emitters render.
public struct ClusterAccess: Hashable, Sendable, Codable {
    public var environment: EnvironmentSpec
    public var cluster: ClusterSpec
    /// Teams placed in this cluster, as they apply here.
    public var teams: [TeamSpec]
    public var identities: [Identity]
    public var namespaces: [NamespaceObject]
    public var roles: [RoleObject]
    public var roleBindings: [RoleBindingObject]
    public var clusterRoles: [ClusterRoleObject]
    public var clusterRoleBindings: [ClusterRoleBindingObject]

    public init(environment: EnvironmentSpec, cluster: ClusterSpec, teams: [TeamSpec] = [], identities: [Identity] = [],
                namespaces: [NamespaceObject] = [], roles: [RoleObject] = [], roleBindings: [RoleBindingObject] = [],
                clusterRoles: [ClusterRoleObject] = [], clusterRoleBindings: [ClusterRoleBindingObject] = []) {
        self.environment = environment
        self.cluster = cluster
        self.teams = teams
        self.identities = identities
        self.namespaces = namespaces
        self.roles = roles
        self.roleBindings = roleBindings
        self.clusterRoles = clusterRoles
        self.clusterRoleBindings = clusterRoleBindings
    }

    public var authMode: AuthMode { environment.authMode.value }
    public var policy: Policy { environment.policy }
}
