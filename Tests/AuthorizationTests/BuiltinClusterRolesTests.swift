import Authorization
import Foundation
import Model
import Testing

private func req(_ verb: String, _ resource: String, _ sub: String = "", group: String = "") -> AuthorizationRequest {
    AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: sub, namespace: "ns")
}

/// The vendored file next to the generated Swift, read from disk: what reviewers diff upstream against.
private func vendoredFile(_ commit: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("Sources/Authorization/Vendored/upstream/\(commit)/cluster-roles.yaml"), encoding: .utf8)
}

@Suite("Built-in ClusterRoles: loaded per release from the vendored bootstrap policy")
struct BuiltinClusterRolesTests {
    @Test func everySupportedReleaseHasAVendoredPolicy() {
        #expect(BootstrapPolicySource.all.map(\.release) == KubernetesRelease.supported)
    }

    @Test(arguments: BootstrapPolicySource.all.map(\.release))
    func theEmbeddedTextIsTheVendoredFile(_ release: KubernetesRelease) throws {
        let source = try #require(BootstrapPolicySource.source(for: release))
        #expect(source.text == (try vendoredFile(source.commit)))
        #expect(BuiltinClusterRoles.of(release).source.citation.contains("Kubernetes \(release) bootstrap policy"))
    }

    /// Rule counts are those of the parsed file (aggregated roles: the sum over what they aggregate),
    /// never retyped numbers.
    @Test(arguments: BootstrapPolicySource.all.map(\.release))
    func ruleCountsFollowTheFile(_ release: KubernetesRelease) throws {
        let source = try #require(BootstrapPolicySource.source(for: release))
        let file = try RBACManifests.read(source.text, path: "f").clusterRoles
        let raw = Dictionary(uniqueKeysWithValues: file.map { ($0.name, $0.rules.count) })
        let roles = BuiltinClusterRoles.of(release)
        #expect(roles["cluster-admin"]?.rules.count == raw["cluster-admin"])
        #expect(roles["view"]?.rules.count == raw["system:aggregate-to-view"])
        #expect(roles["edit"]?.rules.count == raw["system:aggregate-to-edit"]! + raw["system:aggregate-to-view"]!)
        #expect(roles["admin"]?.rules.count == raw["system:aggregate-to-admin"]! + raw["system:aggregate-to-edit"]! + raw["system:aggregate-to-view"]!)
        #expect(file.first { $0.name == "admin" }?.rules.isEmpty == true, "the file leaves aggregated rules to the controller")
        for name in ["admin", "edit", "view"] {
            #expect(roles[name]?.definedAt?.path.contains(String(source.commit.prefix(12))) == true)
        }
    }

    @Test(arguments: BootstrapPolicySource.all.map(\.release))
    func userFacingRolesAllowWhatUpstreamDocuments(_ release: KubernetesRelease) {
        let roles = BuiltinClusterRoles.of(release)
        func allows(_ role: String, _ request: AuthorizationRequest) -> Bool { roles[role]?.rules.contains { $0.allows(request) } ?? false }
        #expect(allows("edit", req("create", "pods", "exec")))
        #expect(allows("edit", req("get", "secrets")))
        #expect(allows("edit", req("impersonate", "serviceaccounts")))
        #expect(!allows("edit", req("create", "roles", group: "rbac.authorization.k8s.io")))
        #expect(!allows("view", req("get", "secrets")))
        #expect(allows("view", req("list", "deployments", group: "apps")))
        #expect(!allows("view", req("update", "deployments", group: "apps")))
        #expect(allows("admin", req("create", "rolebindings", group: "rbac.authorization.k8s.io")))
        #expect(allows("cluster-admin", AuthorizationRequest(verb: "delete", path: "/anything")))
    }
}
