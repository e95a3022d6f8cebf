import Authorization
import Diagnostics
import Model
import Testing

private let here = SourceLocation(path: "t.yaml")

private func rule(_ groups: [String], _ resources: [String], _ verbs: [String], names: [String] = []) -> Rule {
    Rule(apiGroups: groups, resources: resources, verbs: verbs, resourceNames: names, location: here)
}

private func req(_ verb: String, _ resource: String, _ sub: String = "", group: String = "", ns: String = "", name: String = "") -> AuthorizationRequest {
    AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: sub, name: name, namespace: ns)
}

private func roleBinding(_ ns: String, _ kind: RoleRef.Kind, _ role: String, _ subjects: [Subject]) -> PolicyBinding {
    PolicyBinding(name: "rb-\(role)", namespace: ns, roleRef: RoleRef(kind: kind, name: role), subjects: subjects)
}

private func clusterBinding(_ role: String, _ subjects: [Subject]) -> PolicyBinding {
    PolicyBinding(name: "crb-\(role)", namespace: nil, roleRef: RoleRef(kind: .clusterRole, name: role), subjects: subjects)
}

/// One cluster in the style of Kubernetes' `TestAuthorizer` (plugin/pkg/auth/authorizer/rbac):
/// bindings of several scopes, then requests and who gets them.
private let policy = RBACPolicy(
    roles: [PolicyRole(name: "pod-reader", namespace: "ns1", rules: [rule([""], ["pods"], ["get", "list"])]),
            PolicyRole(name: "named", namespace: "ns1", rules: [rule([""], ["configmaps"], ["get", "update"], names: ["app-config"])])],
    clusterRoles: [PolicyRole(name: "node-reader", rules: [rule([""], ["nodes"], ["get", "list"]),
                                                           Rule(verbs: ["get"], nonResourceURLs: ["/metrics", "/logs/*"], location: here)]),
                   PolicyRole(name: "scaler", rules: [rule(["apps"], ["*/scale"], ["update"])])],
    bindings: [
        roleBinding("ns1", .role, "pod-reader", [Subject(.group, "readers")]),
        roleBinding("ns1", .role, "named", [Subject(.user, "alice")]),
        roleBinding("ns1", .clusterRole, "view", [Subject(.group, "viewers")]),
        roleBinding("ns1", .clusterRole, "edit", [Subject(.group, "editors")]),
        roleBinding("ns1", .clusterRole, "node-reader", [Subject(.group, "ns-node-readers")]),
        roleBinding("ns2", .clusterRole, "admin", [Subject(.group, "admins2")]),
        roleBinding("ns1", .role, "missing", [Subject(.group, "dangling")]),
        clusterBinding("node-reader", [Subject(.group, "node-readers")]),
        clusterBinding("view", [Subject(.group, "global-viewers")]),
        clusterBinding("scaler", [Subject(.user, "bob")]),
    ])

private let principals: [String: Principal] = Dictionary(uniqueKeysWithValues: [
    ("readers", ["readers"]), ("viewers", ["viewers"]), ("editors", ["editors"]), ("ns-node-readers", ["ns-node-readers"]),
    ("admins2", ["admins2"]), ("node-readers", ["node-readers"]), ("global-viewers", ["global-viewers"]),
    ("masters", [Identity.systemMasters]), ("dangling", ["dangling"]), ("nobody", []),
].map { name, groups in (name, Principal(arn: "arn:aws:iam::111122223333:role/\(name)", username: name, groups: groups, path: .awsAuth)) }
    + [("alice", Principal(arn: "arn:aws:iam::111122223333:user/alice", username: "alice", groups: [], path: .awsAuth)),
       ("bob", Principal(arn: "arn:aws:iam::111122223333:user/bob", username: "bob", groups: [], path: .awsAuth))])

@Suite("ClusterAuthorization: who is allowed what, as the RBAC authorizer decides")
struct AuthorizerTruthTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var request: AuthorizationRequest
        var allowed: Set<String>
        var testDescription: String {
            "\(request.verb) \(request.apiGroup)/\(request.combinedResource)\(request.path ?? "") ns=\(request.namespace) name=\(request.name) → \(allowed.sorted())"
        }
    }

    static let authorization = ClusterAuthorization(release: .default, principals: Array(principals.values), policy: policy)

    static let cases: [Case] = [
        // A RoleBinding grants inside its namespace only.
        Case(request: req("get", "pods", ns: "ns1"), allowed: ["readers", "viewers", "editors", "global-viewers", "masters"]),
        Case(request: req("get", "pods", ns: "ns2"), allowed: ["admins2", "global-viewers", "masters"]),
        // Across all namespaces (namespace ""): ClusterRoleBindings only.
        Case(request: req("list", "pods"), allowed: ["global-viewers", "masters"]),
        // Cluster-scoped resources: a RoleBinding to a ClusterRole that names them grants nothing.
        Case(request: req("list", "nodes"), allowed: ["node-readers", "masters"]),
        Case(request: req("delete", "namespaces", name: "ns1"), allowed: ["masters"]),
        Case(request: req("create", "clusterrolebindings", group: "rbac.authorization.k8s.io"), allowed: ["masters"]),
        // Non-resource URLs: ClusterRoleBindings only; every authenticated user has the discovery roles.
        Case(request: AuthorizationRequest(verb: "get", path: "/metrics"), allowed: ["node-readers", "masters"]),
        Case(request: AuthorizationRequest(verb: "get", path: "/logs/kube-apiserver.log"), allowed: ["node-readers", "masters"]),
        Case(request: AuthorizationRequest(verb: "get", path: "/healthz"), allowed: Set(principals.keys)),
        Case(request: AuthorizationRequest(verb: "post", path: "/healthz"), allowed: ["masters"]),
        // Built-in roles with their vendored rules: view reads no Secrets, edit does; edit execs; admin writes RBAC.
        Case(request: req("get", "secrets", ns: "ns1"), allowed: ["editors", "masters"]),
        Case(request: req("create", "pods", "exec", ns: "ns1"), allowed: ["editors", "masters"]),
        Case(request: req("create", "rolebindings", group: "rbac.authorization.k8s.io", ns: "ns1"), allowed: ["masters"]),
        Case(request: req("create", "rolebindings", group: "rbac.authorization.k8s.io", ns: "ns2"), allowed: ["admins2", "masters"]),
        Case(request: req("impersonate", "serviceaccounts", ns: "ns1"), allowed: ["editors", "masters"]),
        // Users, resourceNames, `*/scale`, a binding to a missing role.
        Case(request: req("update", "configmaps", ns: "ns1", name: "app-config"), allowed: ["editors", "alice", "masters"]),
        Case(request: req("update", "configmaps", ns: "ns1", name: "other"), allowed: ["editors", "masters"]),
        Case(request: req("list", "configmaps", ns: "ns1"), allowed: ["viewers", "editors", "global-viewers", "masters"]),
        Case(request: req("update", "deployments", "scale", group: "apps", ns: "ns3"), allowed: ["bob", "masters"]),
        Case(request: req("update", "deployments", group: "apps", ns: "ns3"), allowed: ["masters"]),
    ]

    @Test(arguments: cases)
    func allowsExactlyTheseSubjects(_ c: Case) {
        let allowed = Set(principals.filter { !Self.authorization.grants(for: $0.value, c.request).isEmpty }.keys)
        #expect(allowed == c.allowed)
    }

    @Test func systemMastersBypassesRBACThroughAwsAuthOnly() {
        let viaEntry = Principal(arn: "arn:aws:iam::1:role/x", username: "x", groups: [Identity.systemMasters], path: .accessEntry)
        #expect(Self.authorization.grants(for: viaEntry, req("delete", "nodes")).isEmpty)
        let grants = Self.authorization.grants(for: principals["masters"]!, req("delete", "nodes"))
        guard case .systemMasters = grants.first?.via else { Issue.record("expected system:masters"); return }
    }

    @Test func aThirdPartyAPIGroupThroughAnAggregatedRoleIsMayWithTheReason() {
        let grants = Self.authorization.grants(for: principals["editors"]!, req("create", "applications", group: "argoproj.io", ns: "ns1"))
        #expect(grants.count == 1)
        #expect(grants.first?.certainty.reason?.contains("rbac.authorization.k8s.io/aggregate-to-edit") == true)
        // A built-in group is known exactly: edit never writes Roles.
        #expect(Self.authorization.grants(for: principals["editors"]!, req("create", "roles", group: "rbac.authorization.k8s.io", ns: "ns1")).isEmpty)
    }

    @Test func accessPoliciesGrantWithinTheirScope() {
        let scoped = Principal(arn: "arn:aws:iam::1:role/p", username: "p", groups: [], path: .accessEntry, policies: [
            AccessPolicyAssociation(policyARN: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSSecretReaderPolicy", scope: .namespaces(["dev-*"])),
        ])
        #expect(!Self.authorization.grants(for: scoped, req("get", "secrets", ns: "dev-a")).isEmpty)
        #expect(Self.authorization.grants(for: scoped, req("get", "secrets", ns: "prod")).isEmpty)
        #expect(Self.authorization.grants(for: scoped, req("list", "secrets")).isEmpty)
        let admin = Principal(arn: "arn:aws:iam::1:role/a", username: "a", groups: [], path: .accessEntry, policies: [
            AccessPolicyAssociation(policyARN: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", scope: .cluster),
        ])
        for request in [req("delete", "nodes"), AuthorizationRequest(verb: "get", path: "/metrics"), req("list", "pods")] {
            #expect(Self.authorization.grants(for: admin, request).first?.certainty == .can)
        }
    }

    @Test func nodesAreAnsweredByTheNodeAuthorizerAsMay() {
        let node = Principal(arn: "arn:aws:iam::1:role/node", username: "system:node:{{EC2PrivateDNSName}}", groups: ["system:bootstrappers", "system:nodes"], path: .awsAuth, isNode: true)
        let grants = Self.authorization.grants(for: node, req("get", "secrets", ns: "ns1"))
        guard case .nodeAuthorizer = grants.first?.via else { Issue.record("expected the Node authorizer"); return }
        #expect(grants.first?.certainty.word == "may")
        #expect(Self.authorization.grants(for: node, req("delete", "namespaces", name: "ns1")).isEmpty)
    }
}
