import Authorization
import Diagnostics
import Model

/// One cluster's compiled access as the cluster will authorize it: which path authenticates
/// each identity (aws-auth, or the access entry EKS prefers), and the RBAC objects with the
/// fragment lines that wrote them.
public struct AccessModel: Sendable {
    public var access: ClusterAccess
    public var authorization: ClusterAuthorization
    /// `identities[i]` is how `authorization.principals[i]` was written.
    public var identities: [Identity]

    public static let clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

    public init(_ access: ClusterAccess) {
        self.access = access
        // What is emitted decides how a principal authenticates: the auth mode and the environment's `plugins:`.
        let plugins = access.environment.plugins.map { Set($0.map(\.value)) }
        let entries = access.authMode.usesAccessEntries && plugins?.contains("access-entries") != false
        let configMap = access.authMode.usesConfigMap && plugins?.contains("aws-auth") != false
        // Neither emitted: nobody authenticates through rolecall, so nobody is listed.
        // Each ARN lowered once, not once per comparison.
        identities = entries || configMap
            ? access.identities.map { (key: $0.authenticatorARN.lowercased(), identity: $0) }.sorted { $0.key < $1.key }.map(\.identity) : []
        let principals = identities.map { identity in
            // Access entries cannot carry system:masters: rolecall associates the cluster-admin policy instead.
            var groups = entries ? identity.groups.filter { $0 != Identity.systemMasters } : identity.groups
            if entries && identity.kind.isNode { groups = [Principal.nodes] }
            var policies = entries && identity.isSystemMaster
                ? [AccessPolicyAssociation(policyARN: Self.clusterAdminPolicy, scope: .cluster, grantedAt: identity.location)] : []
            // `accessPolicies:` live only on access entries: with aws-auth alone they grant nothing.
            if entries && !identity.kind.isNode {
                policies += identity.accessPolicies.map { grant in
                    AccessPolicyAssociation(policyARN: grant.policyARN,
                                            scope: grant.namespaces.map { .namespaces($0.map(\.value)) } ?? .cluster, grantedAt: grant.location)
                }
            }
            return Principal(arn: identity.arn, username: identity.username, groups: groups, path: entries ? .accessEntry : .awsAuth,
                             policies: policies, shadowedAwsAuth: entries && configMap, isNode: identity.kind.isNode,
                             mappedAt: identity.location, matchedARN: identity.authenticatorARN)
        }
        var policy = RBACPolicy()
        policy.roles = access.roles.map { PolicyRole(name: $0.name, namespace: $0.namespace, rules: $0.rules, definedAt: $0.location) }
        policy.clusterRoles = access.clusterRoles.map { PolicyRole(name: $0.name, rules: $0.rules, definedAt: $0.location) }
        policy.bindings = access.clusterRoleBindings.map {
            PolicyBinding(name: $0.name, namespace: nil, roleRef: RoleRef(kind: .clusterRole, name: $0.clusterRole),
                          subjects: $0.groups.map { Subject(.group, $0) }, grantedAt: $0.location)
        } + access.roleBindings.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }.map {
            PolicyBinding(name: $0.name, namespace: $0.namespace, roleRef: $0.roleRef, subjects: $0.groups.map { Subject(.group, $0) },
                          grantedAt: $0.location, overrides: $0.overrides)
        }
        authorization = ClusterAuthorization(release: access.environment.kubernetesRelease, principals: principals, policy: policy)
    }

    /// The identity `caller` authenticates as, matched as the authenticator and EKS match it.
    public func lookup(_ caller: CallerIdentity) -> (identity: Identity, principal: Principal)? {
        let key = caller.matchedARN.lowercased()
        guard let index = authorization.principals.firstIndex(where: { $0.matchedARN.lowercased() == key }) else { return nil }
        return (identities[index], authorization.principals[index])
    }
}
