import Authorization
import Foundation
import Model
import TestSupport
import Testing

private typealias F = AccessAnswerFixture

/// `who-can` and `explain` on a real repository, in every auth mode, against an evaluation of
/// the bundle the compile wrote: the answers must be what the emitted files grant.
@Suite("who-can and explain agree with the emitted bundle, in all three auth modes", .serialized)
struct AccessAnswerEndToEndTests {
    struct Ask: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var request: AuthorizationRequest
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let asks: [Ask] = [
        Ask(arguments: ["get", "secrets", "-n", "payments"], request: AuthorizationRequest(verb: "get", resource: "secrets", namespace: "payments")),
        Ask(arguments: ["create", "pods/exec", "-n", "payments-batch"],
            request: AuthorizationRequest(verb: "create", resource: "pods", subresource: "exec", namespace: "payments-batch")),
        Ask(arguments: ["list", "pods"], request: AuthorizationRequest(verb: "list", resource: "pods")),
        Ask(arguments: ["list", "nodes"], request: AuthorizationRequest(verb: "list", resource: "nodes")),
        Ask(arguments: ["delete", "namespaces", "--name", "payments"],
            request: AuthorizationRequest(verb: "delete", resource: "namespaces", name: "payments", namespace: "payments")),
        Ask(arguments: ["create", "clusterrolebindings.rbac.authorization.k8s.io"],
            request: AuthorizationRequest(verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "clusterrolebindings")),
        Ask(arguments: ["get", "/metrics"], request: AuthorizationRequest(verb: "get", path: "/metrics")),
        Ask(arguments: ["get", "/healthz"], request: AuthorizationRequest(verb: "get", path: "/healthz")),
    ]

    static func compiled() throws -> CLISource {
        let source = try CLISource()
        try source.commit(F.files)
        let compile = try source.rolecall(["compile", "--ref", "HEAD"])
        guard compile.status == 0 else { throw FixtureError("compile failed: \(compile.output)") }
        return source
    }

    static func json(_ result: ToolResult) throws -> [String: Any] {
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw FixtureError("no JSON (\(result.status)): \(result.output)")
        }
        return object
    }

    @Test(arguments: asks)
    func whoCanEqualsTheEvaluationOfTheEmittedBundle(_ ask: Ask) throws {
        let source = try Self.compiled()
        for (environment, cluster, mode) in F.modes {
            let bundle = try BundleReader.read(try F.bundle(source, environment: environment, cluster: cluster), release: KubernetesRelease(minor: 31))
            let expected = F.expected(bundle, ask.request)
            let object = try Self.json(try source.rolecall(["who-can"] + ask.arguments + ["--cluster", cluster, "--format", "json"]))
            let principals = try #require(object["principals"] as? [[String: Any]])
            var actual: [String: String] = [:]
            for principal in principals { actual[(principal["matchedArn"] as! String).lowercased()] = principal["certainty"] as? String }
            #expect(actual == expected, "\(mode): \(ask.testDescription)")
            let query = try #require(object["query"] as? [String: Any])
            #expect(query["kubernetesVersion"] as? String == "1.31")
            let deployed = try #require(object["source"] as? [String: Any])
            #expect((deployed["reason"] as? String)?.hasPrefix("deployed: Source-Commit of rendered/\(environment)") == true)
            // Pin the evaluation itself, so equal-but-wrong answers on both sides fail too.
            let developer = F.developer.lowercased(), observer = F.observer.lowercased()
            switch ask.arguments.prefix(2).joined(separator: " ") {
            case "get secrets": #expect(expected[developer] == "can")
            case "create pods/exec": #expect(expected[developer] == nil && expected[F.oncall.lowercased()] == "can")
            case "list pods":
                #expect(expected[developer] == nil)
                let elsewhere = (object["onlyInNamespaces"] as? [[String: Any]] ?? []).first { ($0["matchedArn"] as? String)?.lowercased() == developer }
                #expect(elsewhere?["namespaces"] as? [String] == ["payments", "payments-batch"], "\(mode)")
            case "list nodes", "delete namespaces": #expect(expected[developer] == nil)
            case "get /metrics": #expect(expected[observer] == "can" && expected[developer] == nil)
            case "get /healthz": #expect(expected[developer] == "can")
            default: break
            }
            #expect(expected[F.ops.lowercased()] == "can" && expected[F.admin.lowercased()] == "can")
        }
    }

    @Test func explainNamesThePathAndThePoliciesTheBundleHas() throws {
        let source = try Self.compiled()
        for (environment, cluster, mode) in F.modes {
            let bundle = try BundleReader.read(try F.bundle(source, environment: environment, cluster: cluster), release: KubernetesRelease(minor: 31))
            for arn in [F.ops, F.developer, F.ssoPath, F.role("eks-node-" + cluster)] {
                let object = try Self.json(try source.rolecall(["explain", arn, "--cluster", cluster, "--format", "json"]))
                let emitted = try #require(bundle.principals.first { $0.matchedARN.lowercased() == (ARN(arn)?.pathless ?? arn).lowercased() })
                #expect(object["path"] as? String == emitted.path.rawValue, "\(mode) \(arn)")
                #expect(Set(object["groups"] as? [String] ?? []) == Set(emitted.groups), "\(mode) \(arn)")
                let policies = (object["accessPolicies"] as? [[String: Any]] ?? []).compactMap { $0["arn"] as? String }
                #expect(policies == emitted.policies.map(\.policyARN), "\(mode) \(arn)")
                #expect(object["bypassesRBAC"] as? Bool == emitted.isSystemMaster, "\(mode) \(arn)")
                #expect((object["node"] is String) == emitted.isNode, "\(mode) \(arn)")
            }
            let viaEntries = try F.bundle(source, environment: environment, cluster: cluster)["access-entries.json"] != nil
            #expect(viaEntries == (environment == "api" || environment == "mixed"), "\(environment)")
            #expect(bundle.principals.allSatisfy { $0.path == (viaEntries ? .accessEntry : .awsAuth) })
        }
    }

    @Test func explainTakesTheSessionARNAndRendersTheUsername() throws {
        let source = try Self.compiled()
        let session = "arn:aws:sts::\(F.account):assumed-role/PaymentsDeveloper/jane@example.com"
        let object = try Self.json(try source.rolecall(["explain", session, "--cluster", "mixed-1", "--format", "json"]))
        #expect(object["arn"] as? String == F.developer)
        #expect(object["renderedUsername"] as? String == "arn:aws:sts::\(F.account):assumed-role/PaymentsDeveloper/jane-example.com")
        #expect(object["sessionName"] as? String == "jane@example.com")
        // IAM role names are unique case-insensitively, and the authenticator compares them so.
        let text = try source.rolecall(["explain", session.replacingOccurrences(of: "PaymentsDeveloper", with: "PAYMENTSDEVELOPER"), "--cluster", "cm-1"])
        #expect(text.status == 0, "\(text.output)")
        #expect(text.stdout.hasPrefix("cluster cm-1 at "), "the first line says which commit")
    }
}
