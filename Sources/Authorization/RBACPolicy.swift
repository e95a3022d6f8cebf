import Diagnostics
import Model

/// A subject of a binding, as the RBAC authorizer matches it (ServiceAccounts are users
/// `system:serviceaccount:<ns>:<name>` there, and no IAM principal is one).
public struct Subject: Hashable, Sendable {
    public enum Kind: String, Sendable { case user = "User", group = "Group" }
    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }
}

/// A Role or ClusterRole: its rules, and where they were written.
public struct PolicyRole: Sendable {
    public var name: String
    /// nil for a ClusterRole.
    public var namespace: String?
    public var rules: [Rule]
    public var labels: [String: String]
    /// `aggregationRule.clusterRoleSelectors[].matchLabels`; empty when the role is not aggregated.
    public var aggregationSelectors: [[String: String]]
    public var definedAt: SourceLocation?

    public init(name: String, namespace: String? = nil, rules: [Rule], labels: [String: String] = [:],
                aggregationSelectors: [[String: String]] = [], definedAt: SourceLocation? = nil) {
        self.name = name
        self.namespace = namespace
        self.rules = rules
        self.labels = labels
        self.aggregationSelectors = aggregationSelectors
        self.definedAt = definedAt
    }

    public var isAggregated: Bool { !aggregationSelectors.isEmpty }
}

/// A RoleBinding (with a namespace) or ClusterRoleBinding (without one).
public struct PolicyBinding: Sendable {
    public var name: String
    public var namespace: String?
    public var roleRef: RoleRef
    public var subjects: [Subject]
    /// The fragment line that granted it, and the lines that line overrode.
    public var grantedAt: SourceLocation?
    public var overrides: [SourceLocation]

    public init(name: String, namespace: String?, roleRef: RoleRef, subjects: [Subject],
                grantedAt: SourceLocation? = nil, overrides: [SourceLocation] = []) {
        self.name = name
        self.namespace = namespace
        self.roleRef = roleRef
        self.subjects = subjects
        self.grantedAt = grantedAt
        self.overrides = overrides
    }

    public var kind: String { namespace == nil ? "ClusterRoleBinding" : "RoleBinding" }

    public func names(username: String, groups: Set<String>) -> Bool {
        subjects.contains { $0.kind == .user ? $0.name == username : groups.contains($0.name) }
    }
}

/// The RBAC objects a cluster holds beyond the built-in ones: what rolecall emits.
public struct RBACPolicy: Sendable {
    public var roles: [PolicyRole]
    public var clusterRoles: [PolicyRole]
    public var bindings: [PolicyBinding]

    public init(roles: [PolicyRole] = [], clusterRoles: [PolicyRole] = [], bindings: [PolicyBinding] = []) {
        self.roles = roles
        self.clusterRoles = clusterRoles
        self.bindings = bindings
    }
}
