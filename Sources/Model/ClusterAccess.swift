import Diagnostics

/// Who owns an identity mapping.
public enum Origin: Hashable, Sendable {
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
public struct Identity: Sendable {
    public enum Kind: String, Sendable {
        case linuxNode, windowsNode, fargate, role, user
        /// EKS Hybrid Nodes and EKS Auto Mode nodes of a custom node class.
        case hybridNode, autoModeNode
        public var isNode: Bool { self != .role && self != .user }
    }

    public var kind: Kind
    /// The ARN as written in the fragment (role paths kept; access entries accept them).
    public var arn: String
    public var username: String
    /// Kubernetes groups, `system:masters` included where the platform grants it.
    public var groups: [String]
    public var origin: Origin
    public var location: SourceLocation
    /// The username came from the fragment rather than the default.
    public var customUsername: Bool
    /// Where a custom username is written (diagnostics about it point there).
    public var usernameLocation: SourceLocation?
    /// The ARN aws-iam-authenticator matches: role paths stripped, since it canonicalises the
    /// caller to `arn:<partition>:iam::<account>:role/<name>`. Computed once: every emitter and
    /// guard keys on it.
    public let authenticatorARN: String
    /// `arn` taken apart, once (nil when it is not an ARN; IdentityGuard reports that).
    public let parsedARN: ARN?

    public init(kind: Kind, arn: String, username: String, groups: [String], origin: Origin, location: SourceLocation,
                customUsername: Bool, usernameLocation: SourceLocation? = nil, parsed: ARN?? = nil) {
        self.kind = kind
        self.arn = arn
        self.username = username
        self.groups = groups
        self.origin = origin
        self.location = location
        self.customUsername = customUsername
        self.usernameLocation = usernameLocation
        let parsed = parsed ?? ARN(arn)
        self.parsedARN = parsed
        self.authenticatorARN = parsed?.pathless ?? arn
    }
    public var isSystemMaster: Bool { groups.contains(Identity.systemMasters) }

    public static let systemMasters = "system:masters"
}

public struct NamespaceObject: Sendable {
    public var name: String
    public var team: String
    public var location: SourceLocation
}

public struct RoleRef: Hashable, Sendable {
    public enum Kind: String, Sendable { case role = "Role", clusterRole = "ClusterRole" }
    public var kind: Kind
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}

public struct RoleObject: Sendable {
    public var namespace: String
    public var name: String
    public var rules: [Rule]
    public var team: String
    public var location: SourceLocation
}

public struct RoleBindingObject: Sendable {
    public var namespace: String
    public var name: String
    public var roleRef: RoleRef
    public var groups: [String]
    public var team: String
    /// The `access:` line that granted it, and the ones that line overrode.
    public var location: SourceLocation
    public var overrides: [SourceLocation]
}

public struct ClusterRoleObject: Sendable {
    public var name: String
    public var rules: [Rule]
    public var location: SourceLocation
}

public struct ClusterRoleBindingObject: Sendable {
    public var name: String
    public var clusterRole: String
    public var groups: [String]
    public var location: SourceLocation
}

/// Everything one cluster gets: the unit guards check and emitters render.
public struct ClusterAccess: Sendable {
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

    public var authMode: AuthMode { environment.authMode.value }
    public var policy: Policy { environment.policy }
}
