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

    private final class Storage: @unchecked Sendable {
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
        var accessPolicies: [AccessPolicyGrant]
        var eksManaged: Bool

        init(kind: Kind, arn: String, username: String, groups: [String], origin: Origin, location: SourceLocation, customUsername: Bool,
             usernameLocation: SourceLocation?, authenticatorARN: String, parsedARN: ARN?, accessPolicies: [AccessPolicyGrant], eksManaged: Bool) {
            self.kind = kind
            self.arn = arn
            self.username = username
            self.groups = groups
            self.origin = origin
            self.location = location
            self.customUsername = customUsername
            self.usernameLocation = usernameLocation
            self.authenticatorARN = authenticatorARN
            self.parsedARN = parsedARN
            self.accessPolicies = accessPolicies
            self.eksManaged = eksManaged
        }

        func copy() -> Storage {
            Storage(kind: kind, arn: arn, username: username, groups: groups, origin: origin, location: location, customUsername: customUsername,
                    usernameLocation: usernameLocation, authenticatorARN: authenticatorARN, parsedARN: parsedARN, accessPolicies: accessPolicies, eksManaged: eksManaged)
        }
    }

    // Mutated only when uniquely referenced (`unique()`), as the standard collections are.
    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var kind: Kind { get { storage.kind } set { unique().kind = newValue } }
    /// The ARN as written in the fragment (role paths kept; access entries accept them).
    public var arn: String {
        get { storage.arn }
        set {
            // The forms derived from it follow, or guards would judge the old principal.
            let fields = unique()
            fields.arn = newValue
            fields.parsedARN = ARN(newValue)
            fields.authenticatorARN = fields.parsedARN?.authenticatorForm ?? newValue
        }
    }
    public var username: String { get { storage.username } set { unique().username = newValue } }
    /// Kubernetes groups, `system:masters` included where the platform grants it.
    public var groups: [String] { get { storage.groups } _modify { yield &unique().groups } }
    public var origin: Origin { get { storage.origin } set { unique().origin = newValue } }
    public var location: SourceLocation { get { storage.location } set { unique().location = newValue } }
    /// The username came from the fragment rather than the default.
    public var customUsername: Bool { get { storage.customUsername } set { unique().customUsername = newValue } }
    /// Where a custom username is written (diagnostics about it point there).
    public var usernameLocation: SourceLocation? { get { storage.usernameLocation } set { unique().usernameLocation = newValue } }
    /// The ARN aws-iam-authenticator matches: role paths stripped, since it canonicalises the
    /// caller to `arn:<partition>:iam::<account>:role/<name>`. Computed once: every emitter and
    /// guard keys on it.
    public var authenticatorARN: String { storage.authenticatorARN }
    /// `arn` taken apart, once (nil when it is not an ARN; IdentityGuard reports that).
    public var parsedARN: ARN? { storage.parsedARN }
    /// EKS access policies of the principal's access entry, as its group grants them (team
    /// grants with their namespaces filled in); `systemMasters` is not among them.
    public var accessPolicies: [AccessPolicyGrant] { get { storage.accessPolicies } _modify { yield &unique().accessPolicies } }
    /// A node role whose access entry (and aws-auth row) EKS creates itself, for a managed node
    /// group or Fargate profile (`eksManagedNodeRoles`): Terraform adopts the entry instead of creating it.
    public var eksManaged: Bool { get { storage.eksManaged } set { unique().eksManaged = newValue } }

    public init(kind: Kind, arn: String, username: String, groups: [String], origin: Origin, location: SourceLocation,
                customUsername: Bool, usernameLocation: SourceLocation? = nil, parsed: ARN?? = nil) {
        let parsed = parsed ?? ARN(arn)
        storage = Storage(kind: kind, arn: arn, username: username, groups: groups, origin: origin, location: location, customUsername: customUsername,
                          usernameLocation: usernameLocation, authenticatorARN: parsed?.authenticatorForm ?? arn, parsedARN: parsed, accessPolicies: [], eksManaged: false)
    }

    public static func == (lhs: Identity, rhs: Identity) -> Bool {
        let (a, b) = (lhs.storage, rhs.storage)
        return a === b || (a.kind == b.kind && a.arn == b.arn && a.username == b.username && a.groups == b.groups && a.origin == b.origin
            && a.location == b.location && a.customUsername == b.customUsername && a.usernameLocation == b.usernameLocation
            && a.authenticatorARN == b.authenticatorARN && a.parsedARN == b.parsedARN && a.accessPolicies == b.accessPolicies && a.eksManaged == b.eksManaged)
    }

    public func hash(into hasher: inout Hasher) {
        let s = storage
        hasher.combine(s.kind)
        hasher.combine(s.arn)
        hasher.combine(s.username)
        hasher.combine(s.groups)
        hasher.combine(s.origin)
        hasher.combine(s.location)
        hasher.combine(s.customUsername)
        hasher.combine(s.usernameLocation)
        hasher.combine(s.authenticatorARN)
        hasher.combine(s.parsedARN)
        hasher.combine(s.accessPolicies)
        hasher.combine(s.eksManaged)
    }

    // The keys and optionality the synthesized conformance had, so encoded identities read alike.
    private enum CodingKeys: String, CodingKey {
        case kind, arn, username, groups, origin, location, customUsername, usernameLocation, authenticatorARN, parsedARN, accessPolicies, eksManaged
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        storage = Storage(kind: try c.decode(Kind.self, forKey: .kind), arn: try c.decode(String.self, forKey: .arn),
                          username: try c.decode(String.self, forKey: .username), groups: try c.decode([String].self, forKey: .groups),
                          origin: try c.decode(Origin.self, forKey: .origin), location: try c.decode(SourceLocation.self, forKey: .location),
                          customUsername: try c.decode(Bool.self, forKey: .customUsername),
                          usernameLocation: try c.decodeIfPresent(SourceLocation.self, forKey: .usernameLocation),
                          authenticatorARN: try c.decode(String.self, forKey: .authenticatorARN), parsedARN: try c.decodeIfPresent(ARN.self, forKey: .parsedARN),
                          accessPolicies: try c.decode([AccessPolicyGrant].self, forKey: .accessPolicies), eksManaged: try c.decode(Bool.self, forKey: .eksManaged))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let s = storage
        try c.encode(s.kind, forKey: .kind)
        try c.encode(s.arn, forKey: .arn)
        try c.encode(s.username, forKey: .username)
        try c.encode(s.groups, forKey: .groups)
        try c.encode(s.origin, forKey: .origin)
        try c.encode(s.location, forKey: .location)
        try c.encode(s.customUsername, forKey: .customUsername)
        try c.encodeIfPresent(s.usernameLocation, forKey: .usernameLocation)
        try c.encode(s.authenticatorARN, forKey: .authenticatorARN)
        try c.encodeIfPresent(s.parsedARN, forKey: .parsedARN)
        try c.encode(s.accessPolicies, forKey: .accessPolicies)
        try c.encode(s.eksManaged, forKey: .eksManaged)
    }

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
