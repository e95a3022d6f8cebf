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

    /// The roles people are bound to: equal in every supported release (the releases read one
    /// upstream text; a release given its own text must keep this or say in the docs what differs).
    @Test func userFacingRolesAreTheSameInEverySupportedRelease() {
        let first = BuiltinClusterRoles.of(KubernetesRelease.supported[0])
        for release in KubernetesRelease.supported.dropFirst() {
            for name in ["admin", "edit", "view", "cluster-admin"] {
                #expect(BuiltinClusterRoles.of(release)[name]?.rules.map(Rules.shape) == first[name]?.rules.map(Rules.shape), "\(name) in \(release)")
            }
        }
    }

    /// Rules that arrived in a known release: a text mapped to an earlier release must not have
    /// them, and a later release read from a text without them must say so in its provenance.
    @Test(arguments: BootstrapPolicySource.all.map(\.release))
    func releaseSpecificRulesMatchTheMapping(_ release: KubernetesRelease) throws {
        let source = try #require(BootstrapPolicySource.source(for: release))
        let roles = BuiltinClusterRoles.of(release)
        func allows(_ role: String, _ request: AuthorizationRequest) -> Bool { roles[role]?.rules.contains { $0.allows(request) } ?? false }
        // 1.27: SelfSubjectReview on by default.
        #expect(allows("system:basic-user", AuthorizationRequest(verb: "create", apiGroup: "authentication.k8s.io", resource: "selfsubjectreviews")))
        // 1.31: Coordinated Leader Election (kubernetes/kubernetes#124012).
        let leaseCandidates = allows("system:kube-scheduler", req("create", "leasecandidates", group: "coordination.k8s.io"))
        if release < KubernetesRelease(minor: 31) { #expect(!leaseCandidates) } else { #expect(leaseCandidates || source.provenance.contains("leasecandidates")) }
        // 1.32: the scheduler counts VolumeAttachments for CSI limits (kubernetes/kubernetes#127757).
        let attachments = allows("system:kube-scheduler", AuthorizationRequest(verb: "list", apiGroup: "storage.k8s.io", resource: "volumeattachments"))
        if release < KubernetesRelease(minor: 32) { #expect(!attachments) } else { #expect(attachments || source.provenance.contains("volumeattachments")) }
        // 1.34: dynamic resource allocation on by default puts ResourceClaims into edit; no supported release has it.
        #expect(!allows("edit", req("create", "resourceclaims", group: "resource.k8s.io")))
    }
}

/// What a rule allows, without where it was read.
private enum Rules {
    static func shape(_ rule: Rule) -> [[String]] { [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames, rule.nonResourceURLs] }
}
