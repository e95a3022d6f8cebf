import Authorization
import Model

/// The auditor's view of one cluster: for every principal, its Kubernetes identity and, per
/// scope (cluster-wide, or a namespace), the roles it holds and the risky permissions they give,
/// from the same evaluation as `who-can`.
public struct AccessMatrix: Sendable {
    public struct Row: Sendable {
        public var arn: String
        public var username: String
        public var groups: [String]
        public var path: Principal.Path
        /// `cluster-wide` or `namespace <name>`.
        public var scope: String
        /// `ClusterRole edit`, `Role payments:pod-debugger`, `access policy AmazonEKSClusterAdminPolicy`, `system:masters`, `Node authorizer`.
        public var roles: [String]
        /// Catalogue names (`read secrets`, `read secrets (may)` when no grant is certain), in catalogue order.
        public var risky: [String]
    }

    public var environment: String
    public var cluster: String
    public var kubernetesRelease: KubernetesRelease
    public var rows: [Row]

    public init(_ model: AccessModel) {
        environment = model.access.environment.name
        cluster = model.access.cluster.name
        kubernetesRelease = model.authorization.release
        let reach = AccessReview.reached(model)
        var rows: [Row] = []
        for principal in model.authorization.principals {
            var roles: [String: [String]] = [:]
            let groups = principal.effectiveGroups
            if principal.isSystemMaster { roles["cluster-wide", default: []].append("system:masters") }
            if principal.isNode { roles["cluster-wide", default: []].append("Node authorizer") }
            for binding in model.authorization.policy.bindings where binding.names(username: principal.username, groups: groups) {
                roles[binding.namespace.map { "namespace \($0)" } ?? "cluster-wide", default: []]
                    .append("\(binding.roleRef.kind.rawValue) \(binding.roleRef.name)")
            }
            for association in principal.policies {
                switch association.scope {
                case .cluster: roles["cluster-wide", default: []].append("access policy \(association.policyName)")
                case .namespaces(let names):
                    for name in names { roles["namespace \(name)", default: []].append("access policy \(association.policyName)") }
                }
            }
            let scopes = Set(roles.keys).union(reach.keys.filter { $0.arn == principal.arn }.map { $0.scope.replacingOccurrences(of: "in namespace ", with: "namespace ") })
            for scope in scopes.sorted(by: { ($0 == "cluster-wide" ? 0 : 1, $0) < ($1 == "cluster-wide" ? 0 : 1, $1) }) {
                let key = AccessReview.Reach(arn: principal.arn, scope: scope.replacingOccurrences(of: "namespace ", with: "in namespace "))
                let risky = reach[key] ?? []
                rows.append(Row(arn: principal.arn, username: principal.username, groups: principal.groups, path: principal.path,
                                scope: scope, roles: roles[scope] ?? [], risky: AccessReview.ordered(risky)))
            }
            if scopes.isEmpty {
                rows.append(Row(arn: principal.arn, username: principal.username, groups: principal.groups, path: principal.path,
                                scope: "cluster-wide", roles: [], risky: []))
            }
        }
        self.rows = rows
    }
}
