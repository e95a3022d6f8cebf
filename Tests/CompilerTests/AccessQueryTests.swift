import Authorization
import Compiler
import Diagnostics
import Model
import TestSupport
import Testing

@Suite("who-can: requests parsed like kubectl, answered as the cluster authorizes them")
struct AccessQueryTests {
    @Test func resourcesParseLikeKubectl() throws {
        let scaled = try AccessQuery.parse(verb: "get", resource: "deployments.apps/scale", namespace: nil, name: nil).request
        #expect(scaled.resource == "deployments" && scaled.subresource == "scale" && scaled.apiGroup == "apps" && scaled.namespace == "")
        let exec = try AccessQuery.parse(verb: "create", resource: "pods/exec", namespace: "x", name: nil).request
        #expect(exec.resource == "pods" && exec.subresource == "exec" && exec.apiGroup == "" && exec.namespace == "x")
        let url = try AccessQuery.parse(verb: "get", resource: "/healthz", namespace: nil, name: nil).request
        #expect(url.path == "/healthz" && !url.isResourceRequest)
        // A namespace object is requested in its own namespace, as the API server attributes it.
        #expect(try AccessQuery.parse(verb: "get", resource: "namespaces", namespace: nil, name: "payments").request.namespace == "payments")
    }

    @Test func clusterScopedResourcesRefuseANamespace() {
        #expect(throws: AccessQuery.Failure.self) { try AccessQuery.parse(verb: "list", resource: "nodes", namespace: "payments", name: nil) }
        #expect(throws: AccessQuery.Failure.self) { try AccessQuery.parse(verb: "get", resource: "/healthz", namespace: "payments", name: nil) }
    }

    static func smallCluster() throws -> ClusterAccess {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        let compilation = try source.compile(commit)
        #expect(!compilation.hasErrors)
        return try #require(compilation.environments.first?.clusters.first)
    }

    static func certainty(_ verb: String, _ resource: String, ns: String? = nil, in access: ClusterAccess) throws -> [String: String] {
        let answers = try AccessQuery.parse(verb: verb, resource: resource, namespace: ns, name: nil).answers(in: access)
        return Dictionary(answers.map { (String($0.identity.arn.split(separator: "/").last!), $0.certainty.word) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func builtinRolesAreCertainInTheirNamespaceOnly() throws {
        let access = try Self.smallCluster()
        let secrets = try Self.certainty("delete", "secrets", ns: "payments", in: access)
        #expect(secrets == ["eks-admin": "can", "PaymentsDeveloper": "can"], "edit deletes Secrets; billing's admin lives in billing")
        #expect(try Self.certainty("create", "rolebindings.rbac.authorization.k8s.io", ns: "payments", in: access) == ["eks-admin": "can"])
        #expect(try Self.certainty("create", "rolebindings.rbac.authorization.k8s.io", ns: "billing", in: access) == ["eks-admin": "can", "BillingEngineer": "can"])
    }

    @Test func namespaceDevelopersGetNothingClusterScopedOrAcrossNamespaces() throws {
        let access = try Self.smallCluster()
        for (verb, resource) in [("list", "nodes"), ("delete", "namespaces"), ("create", "clusterrolebindings.rbac.authorization.k8s.io"), ("list", "pods")] {
            let answers = try Self.certainty(verb, resource, in: access)
            #expect(answers["PaymentsDeveloper"] == nil && answers["BillingEngineer"] == nil, "\(verb) \(resource): \(answers)")
            #expect(answers["eks-admin"] == "can")
        }
    }

    @Test func aCRDGroupThroughEditIsMayAndSaysWhy() throws {
        let access = try Self.smallCluster()
        let answers = try AccessQuery.parse(verb: "create", resource: "applications.argoproj.io", namespace: "payments", name: nil).answers(in: access)
        let developer = try #require(answers.first { $0.identity.arn.hasSuffix("PaymentsDeveloper") })
        #expect(developer.certainty.word == "may")
        #expect(developer.certainty.reason?.contains("aggregate-to-edit") == true)
        let grant = try #require(developer.grants.first)
        guard case .binding(let binding, _, let builtin) = grant.via else { Issue.record("expected a binding"); return }
        #expect(binding.grantedAt?.path == "teams/payments.yaml")
        #expect(builtin?.release == .default)
    }
}
