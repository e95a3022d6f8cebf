import Foundation
import TestSupport
import GitStore
import Testing

/// `rolecall explain ARN --cluster C --format json` on the inheritance fixture.
@Suite("explain through the command line")
struct InheritanceExplainCLITests {
    typealias S = InheritanceSource

    static func explain(_ arn: String, cluster: String, in source: SourceRepository) throws -> (ToolResult, [String: Any]?) {
        let result = try RolecallBinary.run(["explain", arn, "--cluster", cluster, "--format", "json", "--repo", source.path])
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result, object)
    }

    static func location(_ value: Any?) -> String? {
        guard let map = value as? [String: Any], let path = map["path"] as? String, let line = map["line"] as? Int,
              let column = map["column"] as? Int else { return nil }
        return "\(path):\(line):\(column)"
    }

    static func at(_ path: String, _ needle: String, _ value: String) throws -> String {
        let (line, column) = try S.location(in: path, line: needle, value: value)
        return "\(path):\(line):\(column)"
    }

    @Test func explainJSONHasUsernameGroupsAndPermissionsWithTheFragmentLines() throws {
        let source = try SourceRepository()
        let commit = try source.commit(S.files)
        let (result, json) = try Self.explain(S.developer, cluster: "prod-eu-1", in: source)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let object = try #require(json, "not JSON: \(result.stdout)")
        #expect(object["arn"] as? String == S.developer)
        #expect(object["cluster"] as? String == "prod-eu-1")
        #expect(object["environment"] as? String == "prod")
        #expect(object["commit"] as? String == commit.hex)
        #expect(object["username"] as? String == "arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/{{SessionName}}")
        #expect(object["groups"] as? [String] == ["payments:developers"])
        #expect(object["bypassesRBAC"] as? Bool == false)
        #expect(Self.location(object["mappedAt"]) == (try Self.at(S.team, "- \(S.developer)", S.developer)))

        let permissions = try #require(object["permissions"] as? [[String: Any]])
        #expect(permissions.map { $0["namespace"] as? String } == ["payments", "payments-batch"])
        let payments = permissions[0]
        #expect(payments["scope"] as? String == "namespace")
        #expect(payments["roleKind"] as? String == "ClusterRole")
        #expect(payments["role"] as? String == "view")
        #expect(payments["group"] as? String == "payments:developers")
        #expect(payments["builtin"] is String)
        #expect(Self.location(payments["grantedAt"]) == (try Self.at(S.team, #"{"*": view}   # mid overlay"#, "view")))
        #expect((payments["overrides"] as? [Any])?.map(Self.location) == [
            try Self.at(S.baseTeam, #"{"*": view}   # base: developers"#, "view"),
            try Self.at(S.serviceTeam, #"{"*": edit}   # service"#, "edit"),
            try Self.at(S.team, #"{"*": edit, payments-batch"#, "edit"),
        ])

        let batch = permissions[1]
        #expect(batch["roleKind"] as? String == "Role")
        #expect(batch["role"] as? String == "payments:pod-debugger")
        #expect(Self.location(batch["grantedAt"]) == (try Self.at(S.team, "payments-batch: pod-debugger", "pod-debugger")))
        #expect((batch["overrides"] as? [Any])?.isEmpty == true)
        let rules = try #require(batch["rules"] as? [[String: Any]])
        #expect(rules.map { $0["verbs"] as? [String] } == [["get", "list", "watch"]])
        #expect(rules.map { Self.location($0["definedAt"]) }.allSatisfy { $0?.hasPrefix(S.serviceTeam + ":") == true })
    }

    @Test func explainJSONInTheOverlaidClusterPointsAtTheClusterOverlayFile() throws {
        let source = try SourceRepository()
        try source.commit(S.files)
        let (result, json) = try Self.explain(S.developer, cluster: "prod-us-1", in: source)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let permissions = try #require(json?["permissions"] as? [[String: Any]], "\(result.stdout)")
        let payments = try #require(permissions.first { $0["namespace"] as? String == "payments" })
        #expect(payments["role"] as? String == "edit")
        #expect(Self.location(payments["grantedAt"]) == (try Self.at(S.clusterOverlay, #"{"*": edit}   # prod-us-1"#, "edit")))
        #expect((payments["overrides"] as? [Any])?.map(Self.location).last == (try Self.at(S.team, #"{"*": view}   # mid overlay"#, "view")))
    }

    @Test(arguments: [InheritanceSource.ssoDeveloperPath, InheritanceSource.ssoDeveloper, InheritanceSource.ssoDeveloper.lowercased()])
    func anSSORoleARNWithOrWithoutItsPathMatchesTheMapping(arn: String) throws {
        let source = try SourceRepository()
        try source.commit(S.files)
        let (result, json) = try Self.explain(arn, cluster: "prod-eu-1", in: source)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let object = try #require(json, "\(result.stdout)")
        #expect(object["arn"] as? String == S.ssoDeveloperPath, "the identity as written in the fragment")
        #expect(object["matchedArn"] as? String == S.ssoDeveloper, "the path-less ARN aws-auth maps")
        #expect(object["groups"] as? [String] == ["payments:developers"])
        #expect(object["username"] as? String == "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PaymentsDev_0a1b2c3d4e5f6a7b/{{SessionName}}")
        #expect(Self.location(object["mappedAt"]) == (try Self.at(S.team, "- \(S.ssoDeveloperPath)", S.ssoDeveloperPath)))
        #expect((object["permissions"] as? [Any])?.count == 2)
    }

    @Test func anUnmappedARNExitsTwoAndSaysItCannotAuthenticate() throws {
        let source = try SourceRepository()
        try source.commit(S.files)
        // On-call is deleted in prod-us-1 by the cluster overlay; an unknown role is mapped nowhere.
        for (arn, cluster) in [(S.oncall, "prod-us-1"), ("arn:aws:iam::111122223333:role/Nobody", "prod-eu-1")] {
            let (result, json) = try Self.explain(arn, cluster: cluster, in: source)
            #expect(result.status == 2, "\(arn): \(result.stdout)\(result.stderr)")
            #expect(json == nil)
            #expect(result.stderr.contains("rolecall: error: \(arn) is not mapped in cluster '\(cluster)'"), "\(result.stderr)")
        }
        let (known, _) = try Self.explain(S.oncall, cluster: "prod-eu-1", in: source)
        #expect(known.status == 0, "on-call is mapped in prod-eu-1: \(known.stderr)")
    }

    @Test func anUnknownClusterExitsTwo() throws {
        let source = try SourceRepository()
        try source.commit(S.files)
        let (result, _) = try Self.explain(S.developer, cluster: "prod-ap-1", in: source)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no cluster 'prod-ap-1'"), "\(result.stderr)")
        #expect(result.stderr.contains("prod-eu-1, prod-us-1"))
    }
}
