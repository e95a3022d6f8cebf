import Foundation
@testable import Model
import PluginAPI
import Testing

@Suite("RBAC and kustomize emitters")
struct RBACAndKustomizeTests {
    static let podReader = RoleDefinition(name: "pod-reader", rules: [
        Rule(apiGroups: [""], resources: ["pods"], verbs: ["get", "list"], location: Fixture.here),
    ], location: Fixture.here)

    func access(authMode: AuthMode = .both) -> ClusterAccess {
        let environment = Fixture.environment(authMode: authMode, groups: [
            Fixture.group("platform-admins", members: [Fixture.role("admin")], clusterRoles: ["cluster-admin"]),
        ])
        let payments = Fixture.team("payments", namespaces: ["payments", "payments-batch"], members: [(Fixture.role("PaymentsDeveloper"), nil)],
                                    access: ["*": "view", "payments-batch": "pod-reader"], roles: [Self.podReader])
        let billing = Fixture.team("billing", namespaces: ["billing"], group: "engineers",
                                   members: [(Fixture.role("BillingEngineer"), nil)], access: ["billing": "admin"])
        return Fixture.access(environment, teams: [payments, billing])
    }

    @Test func rbacWritesOneFilePerKindAllKubernetesResources() throws {
        let files = try Fixture.emitter("rbac").emit(access(), files: [])
        #expect(files.map(\.path) == ["namespaces.yaml", "rbac/roles.yaml", "rbac/rolebindings.yaml", "rbac/clusterrolebindings.yaml"])
        #expect(files.allSatisfy { $0.isKubernetesResource })
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func namespacesAreLabelledWithTheirTeamAndManagedBy() throws {
        let files = try Fixture.emitter("rbac").emit(access(), files: [])
        let namespaces = try PyYAML.documents(try files.named("namespaces.yaml").contents).compactMap { $0 as? [String: Any] }
        #expect(namespaces.count == 3)
        var teams: [String: String] = [:]
        for namespace in namespaces {
            #expect(namespace["kind"] as? String == "Namespace")
            let metadata = try #require(namespace["metadata"] as? [String: Any])
            let labels = try #require(metadata["labels"] as? [String: String])
            #expect(labels["app.kubernetes.io/managed-by"] == "rolecall")
            teams[metadata["name"] as? String ?? ""] = labels["rolecall.dev/team"]
        }
        #expect(teams == ["billing": "billing", "payments": "payments", "payments-batch": "payments"])
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func teamGrantsBindTheTeamGroupOnlyInTheTeamsNamespaces() throws {
        let files = try Fixture.emitter("rbac").emit(access(), files: [])
        let bindings = try PyYAML.documents(try files.named("rbac/rolebindings.yaml").contents).compactMap { $0 as? [String: Any] }
        var seen: [String: (String, String, [String])] = [:]
        for binding in bindings {
            #expect(binding["kind"] as? String == "RoleBinding")
            let metadata = try #require(binding["metadata"] as? [String: Any])
            let roleRef = try #require(binding["roleRef"] as? [String: Any])
            let subjects = try #require(binding["subjects"] as? [[String: Any]])
            #expect(subjects.allSatisfy { $0["kind"] as? String == "Group" && $0["apiGroup"] as? String == "rbac.authorization.k8s.io" })
            seen[metadata["namespace"] as? String ?? ""] = (roleRef["kind"] as? String ?? "", roleRef["name"] as? String ?? "", subjects.compactMap { $0["name"] as? String })
        }
        #expect(Set(seen.keys) == ["billing", "payments", "payments-batch"])
        #expect(seen["payments"].map { [$0.0, $0.1] + $0.2 } == ["ClusterRole", "view", "payments:developers"])
        #expect(seen["payments-batch"].map { [$0.0, $0.1] + $0.2 } == ["Role", "payments:pod-reader", "payments:developers"])
        #expect(seen["billing"].map { [$0.0, $0.1] + $0.2 } == ["ClusterRole", "admin", "billing:engineers"])

        let roles = try PyYAML.documents(try files.named("rbac/roles.yaml").contents).compactMap { $0 as? [String: Any] }
        #expect(roles.count == 1)
        let roleMetadata = try #require(roles.first?["metadata"] as? [String: Any])
        #expect(roleMetadata["name"] as? String == "payments:pod-reader")
        #expect(roleMetadata["namespace"] as? String == "payments-batch")
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func platformGroupsGetClusterRoleBindings() throws {
        let files = try Fixture.emitter("rbac").emit(access(), files: [])
        let bindings = try PyYAML.documents(try files.named("rbac/clusterrolebindings.yaml").contents).compactMap { $0 as? [String: Any] }
        #expect(bindings.count == 1)
        #expect((bindings.first?["metadata"] as? [String: Any])?["name"] as? String == "rolecall:platform-admins:cluster-admin")
        #expect((bindings.first?["roleRef"] as? [String: Any])?["name"] as? String == "cluster-admin")
        #expect((bindings.first?["metadata"] as? [String: Any])?["namespace"] == nil)
    }

    @Test(arguments: [AuthMode.configmap, .api, .both])
    func kustomizationListsExactlyTheKubernetesManifests(mode: AuthMode) throws {
        let files = Fixture.emitAll(access(authMode: mode))
        let kustomization = try files.named("kustomization.yaml")
        #expect(!kustomization.isKubernetesResource)
        let manifests = files.filter { $0.isKubernetesResource }.map(\.path).sorted()
        let expected = (mode.usesConfigMap ? ["aws-auth.yaml"] : []) + ["namespaces.yaml", "rbac/clusterrolebindings.yaml", "rbac/rolebindings.yaml", "rbac/roles.yaml"]
        #expect(manifests == expected.sorted())

        let text = kustomization.contents
        #expect(text.hasPrefix("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"))
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
        #expect(listed == manifests)
        #expect(!text.contains("access-entries"))
        #expect(!text.contains("kustomization.yaml"))
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func kustomizationParsesBackWithTheSameResources() throws {
        let files = Fixture.emitAll(access())
        let parsed = try #require(try PyYAML.single(try files.named("kustomization.yaml").contents) as? [String: Any])
        #expect(parsed["kind"] as? String == "Kustomization")
        #expect(parsed["resources"] as? [String] == files.filter { $0.isKubernetesResource }.map(\.path).sorted())
    }

    @Test func kustomizeRunsAfterEveryResourceEmitterWhateverTheRegistryOrder() throws {
        let files = Fixture.emitAll(access())
        #expect(files.last?.path == "kustomization.yaml")
        #expect(files.filter { $0.path == "kustomization.yaml" }.count == 1)
        #expect(try Fixture.emitter("kustomize").stage == .packaging)
    }
}
