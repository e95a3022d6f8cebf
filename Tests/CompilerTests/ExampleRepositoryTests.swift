import Compiler
import TestSupport
import Diagnostics
import Foundation
import GitStore
import Model
import Testing

/// This package's own teams/ and environments/, committed into a fresh repository and compiled.
@Suite("the worked example")
struct ExampleRepositoryTests {
    final class Example {
        let source: SourceRepository
        let commit: ObjectID
        let compilation: Compilation

        init() throws {
            source = try SourceRepository()
            commit = try source.commit(try ExampleSource.files())
            compilation = try source.compile(commit)
        }

        func cluster(_ name: String) throws -> ClusterAccess {
            let all = compilation.environments.flatMap(\.clusters)
            guard let cluster = all.first(where: { $0.cluster.name == name }) else {
                throw FixtureError("no cluster '\(name)'; have \(all.map(\.cluster.name))")
            }
            return cluster
        }
    }

    @Test func theExampleCompilesWithoutErrors() throws {
        let example = try Example()
        #expect(!example.compilation.hasErrors, "\(DiagnosticRenderer.render(example.compilation.diagnostics, as: .text))")
        #expect(example.compilation.environmentOrder == ["dev", "staging", "prod"])
        #expect(Set(example.compilation.environments.flatMap(\.clusters).map(\.cluster.name)) == ["dev-eu-1", "staging-eu-1", "prod-eu-1", "prod-us-1"])
    }

    @Test(arguments: ["prod-eu-1", "prod-us-1"])
    func prodOverlayGivesPaymentsDevelopersViewInTheirNamespaces(cluster name: String) throws {
        let cluster = try Example().cluster(name)
        let bindings = cluster.roleBindings.filter { $0.groups == ["payments:developers"] }
        let byNamespace = Dictionary(uniqueKeysWithValues: bindings.map { ($0.namespace, $0.roleRef) })
        #expect(byNamespace == ["payments": RoleRef(kind: .clusterRole, name: "view"), "payments-batch": RoleRef(kind: .clusterRole, name: "view")])
    }

    @Test func outsideProdPaymentsDevelopersKeepTheTemplateAndTeamGrants() throws {
        let cluster = try Example().cluster("dev-eu-1")
        let bindings = cluster.roleBindings.filter { $0.groups == ["payments:developers"] }
        let byNamespace = Dictionary(uniqueKeysWithValues: bindings.map { ($0.namespace, $0.roleRef) })
        #expect(byNamespace == ["payments": RoleRef(kind: .clusterRole, name: "edit"), "payments-batch": RoleRef(kind: .role, name: "payments:batch-operator")])
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func renderedProdRoleBindingBindsViewInPaymentsNamespace() throws {
        let example = try Example()
        _ = try example.source.publish(example.commit)
        let files = try example.source.renderedFiles("prod")
        let bindings = try #require(files["clusters/prod-eu-1/rbac/rolebindings.yaml"])
        let documents = bindings.components(separatedBy: "---\n")
        let payments = try #require(documents.first { $0.contains("namespace: payments\n") && $0.contains("name: payments:developers\n") })
        #expect(payments.contains("roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n"))
    }

    @Test func theInlineClusterOverlayRemovesPaymentsOncallFromProdUs1Only() throws {
        let example = try Example()
        let us = try example.cluster("prod-us-1")
        #expect(!us.identities.contains { $0.groups.contains("payments:oncall") })
        #expect(!us.roleBindings.contains { $0.groups.contains("payments:oncall") })
        let usFiles = try #require(example.compilation.environments.first { $0.spec.name == "prod" }?.bundle.clusters.first { $0.name == "prod-us-1" })
        #expect(!usFiles.files.contains { $0.contents.contains("payments:oncall") })

        let eu = try example.cluster("prod-eu-1")
        #expect(eu.identities.contains { $0.groups == ["payments:oncall"] })
        #expect(eu.roleBindings.contains { $0.groups == ["payments:oncall"] && $0.namespace == "payments" })
    }

    @Test func billingAndPaymentsBindOnlyInTheirOwnNamespaces() throws {
        let example = try Example()
        let owned = ["billing": Set(["billing"]), "payments": Set(["payments", "payments-batch"])]
        var seen: [String: Set<String>] = [:]
        for cluster in example.compilation.environments.flatMap(\.clusters) {
            for binding in cluster.roleBindings {
                #expect(binding.groups.allSatisfy { $0.hasPrefix(binding.team + ":") }, "\(binding.name) binds another team's group")
                guard let namespaces = owned[binding.team] else { continue }
                #expect(namespaces.contains(binding.namespace), "\(binding.team) binds in \(binding.namespace) in \(cluster.cluster.name)")
                seen[binding.team, default: []].insert(binding.namespace)
            }
            for namespace in cluster.namespaces where owned[namespace.team] != nil {
                #expect(owned[namespace.team]!.contains(namespace.name))
            }
        }
        #expect(seen == owned)
    }

    @Test(.enabled(if: Kubectl.available, "kubectl or git not on PATH: skipping `kubectl kustomize`"))
    func kubectlKustomizeBuildsEveryRenderedClusterFolder() throws {
        let example = try Example()
        _ = try example.source.publish(example.commit)
        var built: [String] = []
        for environment in example.compilation.environments {
            let folder = example.source.temp.sub("extract-\(environment.spec.name)")
            try example.source.extract(environment.spec.name, into: folder)
            let clusters = try FileManager.default.contentsOfDirectory(atPath: folder + "/clusters").sorted()
            #expect(clusters == environment.bundle.clusters.map(\.name).sorted())
            for cluster in clusters {
                let result = try Tool.run(try #require(Kubectl.path), ["kustomize", "\(folder)/clusters/\(cluster)"])
                #expect(result.status == 0, "kubectl kustomize \(cluster) failed: \(result.stderr)")
                #expect(result.stdout.contains("kind: RoleBinding\n"))
                built.append(cluster)
            }
        }
        #expect(built.sorted() == ["dev-eu-1", "prod-eu-1", "prod-us-1", "staging-eu-1"])
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func theExampleRepositoryPassesGitFsckStrictAfterPublishing() throws {
        let example = try Example()
        let outcomes = try example.source.publish(example.commit)
        #expect(Set(outcomes.keys) == ["dev", "staging", "prod"])
        let result = try Tool.run(try #require(Tool.git), ["fsck", "--strict", "--no-dangling"], in: example.source.path)
        #expect(result.status == 0, "git fsck --strict failed: \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("error"), "\(result.stderr)")
    }
}
