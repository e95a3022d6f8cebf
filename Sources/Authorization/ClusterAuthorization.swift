import Diagnostics
import Model

/// Kubernetes authorization of one cluster, evaluated offline: the RBAC authorizer over the
/// emitted RBAC objects and the release's built-in roles, the EKS access-policy authorizer over
/// access-entry associations, `system:masters`, and the Node authorizer.
public struct ClusterAuthorization: Sendable {
    public var release: KubernetesRelease
    public var principals: [Principal]
    public var policy: RBACPolicy { didSet { index = Index(policy) } }
    public let builtins: BuiltinClusterRoles
    /// The policy looked up by subject and by role name: a fleet-sized cluster has thousands of
    /// bindings, and questions are asked per principal, request and namespace.
    private var index: Index

    public init(release: KubernetesRelease, principals: [Principal], policy: RBACPolicy) {
        self.release = release
        self.principals = principals
        self.policy = policy
        self.builtins = BuiltinClusterRoles.of(release)
        self.index = Index(policy)
    }

    private struct Index: Sendable {
        /// The policy's bindings, then the default ones.
        var bindings: [PolicyBinding]
        /// Positions in `bindings` by subject (`u:<name>`, `g:<name>`).
        var bySubject: [String: [Int]] = [:]
        var roles: [String: PolicyRole] = [:]
        var clusterRoles: [String: PolicyRole] = [:]

        init(_ policy: RBACPolicy) {
            bindings = policy.bindings + ClusterAuthorization.defaultBindings
            for (position, binding) in bindings.enumerated() {
                for subject in binding.subjects where subject.kind == .user || subject.kind == .group {
                    let key = (subject.kind == .user ? "u:" : "g:") + subject.name
                    if bySubject[key]?.last != position { bySubject[key, default: []].append(position) }
                }
            }
            // The first definition wins, as the linear lookups this replaces chose it.
            for role in policy.roles {
                let key = (role.namespace ?? "") + "/" + role.name
                if roles[key] == nil { roles[key] = role }
            }
            for role in policy.clusterRoles where clusterRoles[role.name] == nil { clusterRoles[role.name] = role }
        }

        /// The bindings naming `username` or one of `groups`, in policy order.
        func bindings(username: String, groups: Set<String>) -> [PolicyBinding] {
            var positions = Set(bySubject["u:" + username] ?? [])
            for group in groups { positions.formUnion(bySubject["g:" + group] ?? []) }
            return positions.sorted().map { bindings[$0] }
        }
    }

    /// The bindings that name `principal` (its username or one of its groups), in policy order.
    public func bindings(naming principal: Principal) -> [PolicyBinding] {
        index.bindings(username: principal.username, groups: principal.effectiveGroups)
    }

    /// Whether a namespaced request in `namespace` could be granted to `principal` by anything
    /// that does not grant it across all namespaces alike: a RoleBinding there, or an access
    /// policy associated with that namespace. ClusterRoleBindings, cluster-scoped policies,
    /// `system:masters` and the Node authorizer answer every namespace as they answer all of them.
    public func grantsOnlyIn(_ principal: Principal) -> (String) -> Bool {
        let namespaces = Set(index.bindings(username: principal.username, groups: principal.effectiveGroups).compactMap(\.namespace))
        let scoped = principal.policies.filter { if case .namespaces = $0.scope { true } else { false } }
        return { namespace in
            namespaces.contains(namespace) || scoped.contains { $0.covers(AuthorizationRequest(verb: "get", resource: "pods", namespace: namespace)) }
        }
    }

    /// Groups built into every API server that need no identity mapping: ClusterRoleBindings of
    /// upstream's `cluster-role-bindings.yaml` bind these built-in roles to `system:authenticated`.
    public static let authenticatedDefaults = ["system:basic-user", "system:discovery", "system:public-info-viewer"]

    /// Those bindings, as every cluster holds them before rolecall adds anything (no fragment line grants them).
    public static let defaultBindings = authenticatedDefaults.map {
        PolicyBinding(name: $0, namespace: nil, roleRef: RoleRef(kind: .clusterRole, name: $0), subjects: [Subject(.group, Principal.authenticated)])
    }

    /// API groups that come with Kubernetes: the built-in roles' rules for them are complete. Any
    /// other group (a CRD's) may be aggregated into admin/edit/view by a third-party ClusterRole.
    public static func isBuiltinGroup(_ group: String) -> Bool {
        ["", "apps", "autoscaling", "batch", "extensions", "policy"].contains(group) || group.hasSuffix(".k8s.io")
    }

    /// A binding's role: a Role of its namespace, a ClusterRole the bundle defines, or a built-in one.
    public func role(for ref: RoleRef, in namespace: String?) -> (role: PolicyRole, builtin: BootstrapPolicySource?)? {
        switch ref.kind {
        case .role:
            guard let namespace else { return nil }
            return index.roles[namespace + "/" + ref.name].map { ($0, nil) }
        case .clusterRole:
            if let defined = index.clusterRoles[ref.name] { return (defined, nil) }
            return builtins[ref.name].map { ($0, builtins.source) }
        }
    }

    /// Every way `principal` is allowed `request`; empty when it is denied.
    public func grants(for principal: Principal, _ request: AuthorizationRequest) -> [AccessGrant] {
        evaluator(for: principal)(request)
    }

    /// `grants(for: principal, _)` for many requests: the principal's bindings are looked up once.
    public func evaluator(for principal: Principal) -> (AuthorizationRequest) -> [AccessGrant] {
        if principal.isSystemMaster { return { _ in [AccessGrant(via: .systemMasters, certainty: .can, rule: nil)] } }
        let groups = principal.effectiveGroups
        let bindings = index.bindings(username: principal.username, groups: groups)
        let node = groups.contains(Principal.nodes) ? builtins["system:node"] : nil
        return { request in
            var grants: [AccessGrant] = []
            for binding in bindings {
                if let grant = self.grant(through: binding, request) { grants.append(grant) }
            }
            for association in principal.policies where association.covers(request) {
                let permissions = AccessPolicyCatalogue.permissions(of: association.policyARN)
                if let rule = permissions.rules.first(where: { $0.allows(request) }) {
                    grants.append(AccessGrant(via: .accessPolicy(association), certainty: .can, rule: rule))
                } else if let reason = permissions.unknown {
                    grants.append(AccessGrant(via: .accessPolicy(association), certainty: .may(reason: reason), rule: nil))
                }
            }
            if let rule = node?.rules.first(where: { $0.allows(request) }) {
                grants.append(AccessGrant(via: .nodeAuthorizer, certainty: .may(reason: Self.nodeReason), rule: rule))
            }
            return grants
        }
    }

    static let nodeReason = "the Node authorizer allows this only for the node's own Node object and the objects its pods use"

    /// The RBAC authorizer's scope rule: a RoleBinding applies only to namespaced requests in its
    /// own namespace; cluster-scoped requests, requests across all namespaces and non-resource
    /// URLs see ClusterRoleBindings only.
    private func grant(through binding: PolicyBinding, _ request: AuthorizationRequest) -> AccessGrant? {
        if let namespace = binding.namespace {
            guard request.isResourceRequest, !request.namespace.isEmpty, request.namespace == namespace else { return nil }
        }
        guard let (role, builtin) = role(for: binding.roleRef, in: binding.namespace) else { return nil }
        if let rule = role.rules.first(where: { $0.allows(request) }) {
            return AccessGrant(via: .binding(binding, role: role, builtin: builtin), certainty: .can, rule: rule)
        }
        if builtin != nil, let label = BuiltinClusterRoles.aggregationLabels[role.name], request.isResourceRequest,
           !Self.isBuiltinGroup(request.apiGroup) {
            let reason = "'\(request.apiGroup)' is not a built-in API group: a ClusterRole labelled \(label)=\"true\" in the cluster may add it to '\(role.name)'"
            return AccessGrant(via: .binding(binding, role: role, builtin: builtin), certainty: .may(reason: reason), rule: nil)
        }
        return nil
    }

    /// Principals matching `arn` as the authenticator and EKS match callers.
    public func principal(matching caller: CallerIdentity) -> Principal? {
        principals.first { $0.matchedARN.lowercased() == caller.matchedARN.lowercased() }
    }
}
