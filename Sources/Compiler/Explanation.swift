import Authorization
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
        /// The rules the repository defines for the role; nil for built-in ClusterRoles.
        public var rules: [Rule]?
        public var builtinSummary: String?
        /// A built-in role's rules, from the vendored bootstrap policy of the cluster's release.
        public var builtinRules: [Rule]
        /// `Kubernetes 1.33 bootstrap policy (kubernetes/kubernetes@…)`, for built-in roles.
        public var builtinSource: String?
        public var roleDefinedAt: SourceLocation?
        public var grantedAt: SourceLocation
        /// Earlier values the granting line overrode (templates, the team before an overlay).
        public var overrides: [SourceLocation]
    }

    public var identity: Identity
    public var principal: Principal
    public var caller: CallerIdentity?
    public var environment: String
    public var cluster: String
    public var kubernetesRelease: KubernetesRelease
    public var permissions: [Permission]

    public var bypassesRBAC: Bool { principal.isSystemMaster }
    /// The username this caller gets: the template rendered for its session where it names one.
    public var username: String { caller?.render(identity.username) ?? identity.username }

    static let builtinSummaries = [
        "cluster-admin": "every verb on every resource, in every namespace",
        "admin": "read and write most namespaced resources, including Roles and RoleBindings of the namespace",
        "edit": "read and write most namespaced resources, including Secrets and pods/exec; no RBAC",
        "view": "read most namespaced resources; no Secrets",
    ]

    /// What the Node authorizer gives a node identity, in words (it has no bindings to list).
    public static let nodeSummary = "authenticates as a node (group system:nodes): the Node authorizer lets it read and write its own Node object and its pods' status, and read the Secrets, ConfigMaps and volumes of pods bound to it, following the rules of the built-in ClusterRole system:node; NodeRestriction admission limits the writes"

    /// Finds `arn` (a role, user or assumed-role session ARN; case-insensitive, role paths ignored,
    /// as the authenticator matches) in `access`.
    public static func explain(_ arn: String, in access: ClusterAccess) -> Explanation? {
        explain(arn, in: AccessModel(access))
    }

    public static func explain(_ arn: String, in model: AccessModel) -> Explanation? {
        let caller = CallerIdentity(arn)
        let key = caller?.matchedARN.lowercased() ?? arn.lowercased()
        guard let index = model.authorization.principals.firstIndex(where: { $0.matchedARN.lowercased() == key }) else { return nil }
        let identity = model.identities[index], principal = model.authorization.principals[index]
        let authorization = model.authorization
        let groups = principal.effectiveGroups
        var permissions: [Permission] = []
        for binding in authorization.policy.bindings where binding.names(username: principal.username, groups: groups) {
            let resolved = authorization.role(for: binding.roleRef, in: binding.namespace)
            let builtin = resolved?.builtin
            let group = binding.subjects.first { $0.kind == .group && groups.contains($0.name) }?.name ?? principal.username
            permissions.append(Permission(
                namespace: binding.namespace, group: group, role: binding.roleRef,
                rules: builtin == nil ? resolved?.role.rules : nil,
                builtinSummary: builtin == nil ? (resolved == nil ? "not defined in this repository or built in" : nil)
                    : builtinSummaries[binding.roleRef.name] ?? "built-in ClusterRole",
                builtinRules: builtin == nil ? [] : resolved?.role.rules ?? [], builtinSource: builtin?.citation,
                roleDefinedAt: builtin == nil ? resolved?.role.definedAt : nil,
                grantedAt: binding.grantedAt ?? identity.location, overrides: binding.overrides))
        }
        return Explanation(identity: identity, principal: principal, caller: caller, environment: model.access.environment.name,
                           cluster: model.access.cluster.name, kubernetesRelease: authorization.release, permissions: permissions)
    }
}
