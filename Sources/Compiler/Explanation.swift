import Diagnostics
import Model

/// What one IAM principal gets in one cluster, and which fragment lines gave it: the answer
/// to "why can this role do that?".
public struct Explanation: Sendable {
    public struct Permission: Sendable {
        /// The namespace, or nil for cluster-wide (ClusterRoleBinding).
        public var namespace: String?
        public var group: String
        public var role: RoleRef
        /// The rules behind the role; nil for built-in ClusterRoles (see `builtinSummary`).
        public var rules: [Rule]?
        public var builtinSummary: String?
        public var roleDefinedAt: SourceLocation?
        public var grantedAt: SourceLocation
        /// Earlier values the granting line overrode (templates, the team before an overlay).
        public var overrides: [SourceLocation]
    }

    public var identity: Identity
    public var environment: String
    public var cluster: String
    public var permissions: [Permission]

    public var bypassesRBAC: Bool { identity.isSystemMaster }

    static let builtinSummaries = [
        "cluster-admin": "every verb on every resource, in every namespace",
        "admin": "read and write most namespaced resources, including Roles and RoleBindings of the namespace",
        "edit": "read and write most namespaced resources, including Secrets and pods/exec; no RBAC",
        "view": "read most namespaced resources; no Secrets",
    ]

    /// Finds `arn` (case-insensitive, role paths ignored, as the authenticator matches) in `access`.
    public static func explain(_ arn: String, in access: ClusterAccess) -> Explanation? {
        let key = (ARN(arn)?.pathless ?? arn).lowercased()
        guard let identity = access.identities.first(where: { $0.authenticatorARN.lowercased() == key }) else { return nil }
        let teamRoles = Dictionary(access.roles.map { ("\($0.namespace)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let clusterRoles = Dictionary(access.clusterRoles.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func clusterRolePermission(_ name: String) -> (rules: [Rule]?, summary: String?, definedAt: SourceLocation?) {
            if let defined = clusterRoles[name] { return (defined.rules, nil, defined.location) }
            return (nil, builtinSummaries[name] ?? "not defined in this repository", nil)
        }
        var permissions: [Permission] = []
        for binding in access.clusterRoleBindings where !Set(binding.groups).isDisjoint(with: identity.groups) {
            let role = clusterRolePermission(binding.clusterRole)
            permissions.append(Permission(namespace: nil, group: binding.groups.first { identity.groups.contains($0) }!,
                                          role: RoleRef(kind: .clusterRole, name: binding.clusterRole), rules: role.rules,
                                          builtinSummary: role.summary, roleDefinedAt: role.definedAt, grantedAt: binding.location, overrides: []))
        }
        for binding in access.roleBindings.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
        where !Set(binding.groups).isDisjoint(with: identity.groups) {
            var permission = Permission(namespace: binding.namespace, group: binding.groups.first { identity.groups.contains($0) }!,
                                        role: binding.roleRef, rules: nil, builtinSummary: nil, roleDefinedAt: nil,
                                        grantedAt: binding.location, overrides: binding.overrides)
            if binding.roleRef.kind == .role, let role = teamRoles["\(binding.namespace)/\(binding.roleRef.name)"] {
                permission.rules = role.rules
                permission.roleDefinedAt = role.location
            } else {
                let role = clusterRolePermission(binding.roleRef.name)
                (permission.rules, permission.builtinSummary, permission.roleDefinedAt) = (role.rules, role.summary, role.definedAt)
            }
            permissions.append(permission)
        }
        return Explanation(identity: identity, environment: access.environment.name, cluster: access.cluster.name, permissions: permissions)
    }
}
