import Authorization
import Foundation
import Model
import TestSupport
import Testing

private typealias F = AccessAnswerFixture

@Suite("rolecall access: the matrix auditors read, from the same evaluation as who-can")
struct AccessMatrixEndToEndTests {
    static func rows(_ object: [[String: Any]], cluster: String) -> [[String: Any]] {
        object.first { $0["cluster"] as? String == cluster }?["rows"] as? [[String: Any]] ?? []
    }

    @Test func everyRiskyPermissionListedIsGrantedByTheEmittedBundle() throws {
        let source = try AccessAnswerEndToEndTests.compiled()
        let result = try source.rolecall(["access", "--format", "json"])
        #expect(result.status == 0, "\(result.output)")
        let matrices = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
        #expect(matrices.map { $0["cluster"] as? String } == ["api-1", "cm-1", "legacy-1", "mixed-1"])
        for (environment, cluster, mode) in F.modes {
            let bundle = try BundleReader.read(try F.bundle(source, environment: environment, cluster: cluster), release: KubernetesRelease(minor: 31))
            let rows = Self.rows(matrices, cluster: cluster)
            for row in rows {
                let arn = try #require(row["arn"] as? String)
                let principal = try #require(bundle.principals.first { $0.matchedARN.lowercased() == (ARN(arn)?.pathless ?? arn).lowercased() })
                let scope = row["scope"] as? String ?? ""
                let namespace = scope.hasPrefix("namespace ") ? String(scope.dropFirst("namespace ".count)) : ""
                for name in row["risky"] as? [String] ?? [] where !name.hasSuffix("(may)") {
                    let permission = try #require(RiskyPermission.catalogue.first { $0.name == name })
                    let granted = permission.requests.contains { request in
                        var scoped = request
                        scoped.namespace = namespace
                        return bundle.grants(for: principal, scoped).contains { $0.certainty == .can }
                    }
                    #expect(granted, "\(mode) \(arn) \(scope): \(name)")
                }
            }
            let developer = rows.filter { $0["arn"] as? String == F.developer }
            #expect(developer.map { $0["scope"] as? String } == ["namespace payments", "namespace payments-batch"], "\(mode)")
            #expect(developer.first?["roles"] as? [String] == ["ClusterRole edit"])
            #expect((developer.first?["risky"] as? [String])?.starts(with: ["read secrets", "exec into pods"]) == true, "\(developer)")
            #expect((developer.last?["risky"] as? [String])?.isEmpty == true, "view in payments-batch")
            let ops = try #require(rows.first { $0["arn"] as? String == F.ops })
            let viaAwsAuth = environment == "cm" || environment == "legacy"
            #expect(ops["roles"] as? [String] == (viaAwsAuth ? ["system:masters"] : ["access policy AmazonEKSClusterAdminPolicy"]), "\(mode)")
            #expect(ops["path"] as? String == (viaAwsAuth ? "aws-auth" : "access-entry"))
        }
    }

    @Test func csvAndMarkdownCarryTheSameRows() throws {
        let source = try AccessAnswerEndToEndTests.compiled()
        let json = try source.rolecall(["access", "--cluster", "api-1", "--format", "json"])
        let rows = Self.rows(try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]), cluster: "api-1")
        let csv = try source.rolecall(["access", "--cluster", "api-1", "--format", "csv"])
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "environment,cluster,principal,username,groups,path,scope,roles,risky")
        #expect(lines.count == rows.count + 1)
        let markdown = try source.rolecall(["access", "--env", "api", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("### api / api-1\n"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("deployed: Source-Commit of rendered/api"))
        #expect(markdown.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("| <code>arn:") }.count == rows.count)
        let unknown = try source.rolecall(["access", "--cluster", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no cluster 'nope'"), "\(unknown.output)")
    }
}
