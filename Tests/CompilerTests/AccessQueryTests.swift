import Compiler
import Diagnostics
import Model
import TestSupport
import Testing

@Suite("who-can: RBAC rule matching and answers")
struct AccessQueryTests {
    static let at = SourceLocation(path: "teams/x.yaml", line: 1, column: 1)

    struct Case: Sendable, CustomTestStringConvertible {
        var rule: Rule
        var query: AccessQuery
        var matches: Bool
        var testDescription: String { "\(query.verb) \(query.resource) [\(query.apiGroup)] vs \(rule.verbs) \(rule.resources) \(rule.apiGroups) → \(matches)" }
    }

    static func rule(_ groups: [String], _ resources: [String], _ verbs: [String], names: [String] = []) -> Rule {
        Rule(apiGroups: groups, resources: resources, verbs: verbs, resourceNames: names, location: at)
    }

    static let cases: [Case] = [
        Case(rule: rule([""], ["pods"], ["get"]), query: AccessQuery(verb: "get", resource: "pods"), matches: true),
        Case(rule: rule([""], ["pods"], ["get"]), query: AccessQuery(verb: "delete", resource: "pods"), matches: false),
        Case(rule: rule([""], ["pods"], ["*"]), query: AccessQuery(verb: "delete", resource: "pods"), matches: true),
        Case(rule: rule(["apps"], ["pods"], ["get"]), query: AccessQuery(verb: "get", resource: "pods"), matches: false),
        Case(rule: rule(["*"], ["deployments"], ["get"]), query: AccessQuery(verb: "get", resource: "deployments", apiGroup: "apps"), matches: true),
        Case(rule: rule([""], ["*"], ["get"]), query: AccessQuery(verb: "get", resource: "secrets"), matches: true),
        Case(rule: rule([""], ["pods"], ["create"]), query: AccessQuery(verb: "create", resource: "pods/exec"), matches: false),
        Case(rule: rule([""], ["pods/exec"], ["create"]), query: AccessQuery(verb: "create", resource: "pods/exec"), matches: true),
        Case(rule: rule([""], ["*/exec"], ["create"]), query: AccessQuery(verb: "create", resource: "pods/exec"), matches: true),
        // `pods/*` is not a wildcard in Kubernetes RBAC.
        Case(rule: rule([""], ["pods/*"], ["create"]), query: AccessQuery(verb: "create", resource: "pods/exec"), matches: false),
        Case(rule: rule([""], ["configmaps"], ["get"], names: ["app"]), query: AccessQuery(verb: "get", resource: "configmaps", name: "app"), matches: true),
        Case(rule: rule([""], ["configmaps"], ["get"], names: ["app"]), query: AccessQuery(verb: "get", resource: "configmaps", name: "other"), matches: false),
        Case(rule: rule([""], ["configmaps"], ["get"], names: ["app"]), query: AccessQuery(verb: "get", resource: "configmaps"), matches: false),
    ]

    @Test(arguments: cases)
    func ruleMatchingFollowsKubernetes(_ c: Case) {
        #expect(c.query.matches(c.rule) == c.matches)
    }

    @Test func resourcesParseLikeKubectl() {
        let q = AccessQuery.parse(verb: "get", resource: "deployments.apps/scale", namespace: nil, name: nil)
        #expect(q.resource == "deployments/scale" && q.apiGroup == "apps")
        let core = AccessQuery.parse(verb: "create", resource: "pods/exec", namespace: "x", name: nil)
        #expect(core.resource == "pods/exec" && core.apiGroup == "" && core.namespace == "x")
    }

    static func smallCluster() throws -> ClusterAccess {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        let compilation = try source.compile(commit)
        #expect(!compilation.hasErrors)
        return try #require(compilation.environments.first?.clusters.first)
    }

    @Test func clusterAdminIsCertainAndBuiltinNamespacedRolesAreOnlyPossible() throws {
        let access = try Self.smallCluster()
        let answers = AccessQuery(verb: "delete", resource: "secrets", namespace: "payments").answers(in: access)
        let byARN = Dictionary(answers.map { ($0.identity.arn, $0.certainty) }, uniquingKeysWith: { a, _ in a })
        #expect(byARN["arn:aws:iam::111122223333:role/eks-admin"] == .allows)
        #expect(byARN["arn:aws:iam::111122223333:role/PaymentsDeveloper"] == .mayAllow)
        // billing's admin binding lives in namespace billing only.
        #expect(byARN["arn:aws:iam::111122223333:role/BillingEngineer"] == nil)
        let grant = try #require(answers.first { $0.identity.arn.hasSuffix("PaymentsDeveloper") })
        #expect(grant.grantedAt.path == "teams/payments.yaml")
    }

    @Test func editNeverReachesRBACObjectsAndViewNeverWrites() throws {
        let access = try Self.smallCluster()
        let rbac = AccessQuery(verb: "create", resource: "rolebindings", apiGroup: "rbac.authorization.k8s.io", namespace: "payments").answers(in: access)
        #expect(!rbac.contains { $0.identity.arn.hasSuffix("PaymentsDeveloper") })
        let billing = AccessQuery(verb: "create", resource: "rolebindings", apiGroup: "rbac.authorization.k8s.io", namespace: "billing").answers(in: access)
        #expect(billing.contains { $0.identity.arn.hasSuffix("BillingEngineer") && $0.certainty == .mayAllow })
    }
}
