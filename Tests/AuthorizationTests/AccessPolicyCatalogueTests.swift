import Authorization
import Foundation
import Model
import Testing

private func req(_ verb: String, _ resource: String, _ sub: String = "", group: String = "", ns: String = "ns") -> AuthorizationRequest {
    AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: sub, namespace: ns)
}

private func arn(_ name: String) -> String { "arn:aws:eks::aws:cluster-access-policy/\(name)" }

/// The vendored page next to the generated Swift, read from disk: what reviewers diff upstream against.
private func vendoredPage(_ commit: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let file = "Sources/Authorization/Vendored/eks-user-guide/\(commit)/access-policy-reference.adoc"
    return try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
}

@Suite("EKS access policies: exact, from the vendored User Guide tables")
struct AccessPolicyCatalogueTests {
    static let userPolicies = ["AmazonEKSClusterAdminPolicy", "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy",
                               "AmazonEKSAdminViewPolicy", "AmazonEKSSecretReaderPolicy"]

    func allows(_ policy: String, _ request: AuthorizationRequest) -> Bool {
        AccessPolicyCatalogue.permissions(of: arn(policy)).rules.contains { $0.allows(request) }
    }

    @Test func theEmbeddedTextIsTheVendoredFile() throws {
        let reference = AccessPolicyReference.current
        #expect(reference.text == (try vendoredPage(reference.commit)))
    }

    @Test(arguments: userPolicies)
    func everyPolicyPeopleAreGivenHasATableAndNoUnknown(_ policy: String) {
        let permissions = AccessPolicyCatalogue.permissions(of: arn(policy))
        #expect(!permissions.rules.isEmpty)
        #expect(permissions.unknown == nil)
    }

    /// Each rule points at its table row in the vendored page, so `explain` cites the line a reviewer can open.
    @Test(arguments: userPolicies)
    func rulesAreLocatedAtTheirRowInThePage(_ policy: String) throws {
        let reference = AccessPolicyReference.current
        let lines = reference.text.split(separator: "\n", omittingEmptySubsequences: false)
        for rule in AccessPolicyCatalogue.permissions(of: arn(policy)).rules {
            #expect(rule.location.path == reference.path)
            let line = try #require(lines.indices.contains(rule.location.line - 1) ? lines[rule.location.line - 1] : nil)
            #expect(line.hasPrefix("|"))
        }
    }

    /// One table row is one rule: the count is the page's cells, never a retyped number.
    @Test(arguments: userPolicies)
    func oneRulePerTableRow(_ policy: String) throws {
        let lines = AccessPolicyReference.current.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let title = try #require(lines.firstIndex(of: "== \(policy)"))
        let open = try #require(lines[title...].firstIndex(of: "|==="))
        let close = try #require(lines[(open + 1)...].firstIndex(of: "|==="))
        let cells = lines[(open + 1)..<close].filter { $0.hasPrefix("|") }.count
        let columns = lines[title..<open].contains("[%header,cols=\"4\"]") ? 4 : 3
        #expect(AccessPolicyCatalogue.permissions(of: arn(policy)).rules.count == cells / columns - 1)
    }

    @Test func theViewPolicyReadsWorkloadsButNotSecrets() {
        #expect(allows("AmazonEKSViewPolicy", req("get", "pods")))
        #expect(allows("AmazonEKSViewPolicy", req("list", "deployments", group: "apps")))
        #expect(allows("AmazonEKSViewPolicy", req("get", "resourcequotas", "status")), "the page misplaces a backtick in r``esourcequotas/status``")
        #expect(!allows("AmazonEKSViewPolicy", req("get", "secrets")))
        #expect(!allows("AmazonEKSViewPolicy", req("update", "deployments", group: "apps")))
    }

    @Test func theEditPolicyExecsAndReadsSecretsButWritesNoRBAC() {
        #expect(allows("AmazonEKSEditPolicy", req("create", "pods", "exec")))
        #expect(allows("AmazonEKSEditPolicy", req("get", "secrets")))
        #expect(allows("AmazonEKSEditPolicy", req("impersonate", "serviceaccounts")))
        #expect(!allows("AmazonEKSEditPolicy", req("create", "roles", group: "rbac.authorization.k8s.io")))
    }

    /// The policies are their own tables, not the built-in roles they resemble: the built-in
    /// `admin` can mint service account tokens and write leases; the policy cannot.
    @Test func theAdminPolicyIsItsTableNotTheBuiltinAdminRole() {
        #expect(allows("AmazonEKSAdminPolicy", req("create", "rolebindings", group: "rbac.authorization.k8s.io")))
        #expect(allows("AmazonEKSAdminPolicy", req("create", "localsubjectaccessreviews", group: "authorization.k8s.io")))
        let admin = BuiltinClusterRoles.of(.default)["admin"]!
        for request in [req("create", "serviceaccounts", "token"), req("create", "leases", group: "coordination.k8s.io")] {
            #expect(admin.rules.contains { $0.allows(request) })
            #expect(!allows("AmazonEKSAdminPolicy", request))
        }
    }

    @Test func theClusterWidePoliciesReadOrDoEverything() {
        #expect(allows("AmazonEKSClusterAdminPolicy", req("delete", "nodes", ns: "")))
        #expect(allows("AmazonEKSClusterAdminPolicy", AuthorizationRequest(verb: "get", path: "/metrics")))
        #expect(allows("AmazonEKSAdminViewPolicy", req("get", "secrets")))
        #expect(allows("AmazonEKSAdminViewPolicy", req("list", "applications", group: "argoproj.io")))
        #expect(!allows("AmazonEKSAdminViewPolicy", req("create", "pods")))
        #expect(allows("AmazonEKSSecretReaderPolicy", req("watch", "secrets")))
        #expect(!allows("AmazonEKSSecretReaderPolicy", req("list", "pods")))
    }

    @Test func aPolicyThePageDescribesInProseOrDoesNotListIsUnknown() {
        let prose = AccessPolicyCatalogue.permissions(of: arn("AmazonEKSAutoNodePolicy"))
        #expect(prose.rules.isEmpty)
        #expect(prose.unknown?.contains("in prose") == true)
        let unlisted = AccessPolicyCatalogue.permissions(of: arn("AmazonEKSMadeUpPolicy"))
        #expect(unlisted.rules.isEmpty)
        #expect(unlisted.unknown?.contains("not on the EKS User Guide page") == true)
    }

    @Test func associationsAnswerCanWithinTheirScopeAndMayOnlyForUnknownPolicies() {
        let authorization = ClusterAuthorization(release: .default, principals: [], policy: RBACPolicy())
        let editor = Principal(arn: "arn:aws:iam::1:role/e", username: "e", groups: [], path: .accessEntry, policies: [
            AccessPolicyAssociation(policyARN: arn("AmazonEKSEditPolicy"), scope: .namespaces(["dev-*"])),
        ])
        let grants = authorization.grants(for: editor, req("create", "pods", "exec", ns: "dev-a"))
        #expect(grants.map(\.certainty) == [.can])
        #expect(grants.first?.rule?.location.path == AccessPolicyReference.current.path)
        #expect(authorization.grants(for: editor, req("create", "pods", "exec", ns: "prod")).isEmpty)
        let node = Principal(arn: "arn:aws:iam::1:role/n", username: "n", groups: [], path: .accessEntry, policies: [
            AccessPolicyAssociation(policyARN: arn("AmazonEKSAutoNodePolicy"), scope: .cluster),
        ])
        #expect(authorization.grants(for: node, req("list", "pods")).map(\.certainty.word) == ["may"])
    }
}
