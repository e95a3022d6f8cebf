import Foundation
import GitStore
import TestSupport
import Testing

/// `check --base` as a merge-request comment: no diff from a broken head, destructive changes
/// on top, risk changes, and when each environment's part lands.
@Suite("check --base: review of destructive and risky changes")
struct CheckReviewWorkflowTests {
    static func change(_ edit: (inout [String: String]) -> Void) throws -> CLISource {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        var files = WorkflowFragments.promoting
        edit(&files)
        try source.commit(files, on: "feature", parent: main)
        return source
    }

    @Test func aHeadWithErrorsGetsNoAccessDiffOnlyTheErrors() throws {
        let source = try Self.change { $0["teams/billing.yaml"] = CLISource.withTypo["teams/billing.yaml"] }
        let text = try source.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("teams/billing.yaml:4:1: error: "), "\(text.stdout)")
        #expect(text.stdout.contains("access: the access diff is unavailable until the errors are fixed"), "\(text.stdout)")
        #expect(!text.stdout.contains("access changes") && !text.stdout.contains(" - identity"), "\(text.stdout)")
        let markdown = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--format", "markdown"])
        #expect(markdown.stdout.contains("**Access diff unavailable**"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("➖") && !markdown.stdout.contains("Access changes:"))
        let json = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(object["accessChanges"] is NSNull)
        #expect(((object["review"] as? [String: Any])?["unavailable"] as? String)?.contains("unavailable") == true)
    }

    @Test("a username written to forge the comment cannot close its folds or add headings or HTML")
    func theCommentCannotBeForgedThroughInput() throws {
        let payload = "alice</details></details><h1>Approved</h1>[click](https://x)"
        let source = try Self.change { files in
            files["teams/billing.yaml"] = files["teams/billing.yaml"]!.replacingOccurrences(
                of: "members: [arn:aws:iam::111122223333:role/BillingEngineer]",
                with: "members: [arn:aws:iam::111122223333:role/BillingEngineer, {arn: \"arn:aws:iam::111122223333:user/alice\", username: \"\(payload)\"}]")
        }
        let markdown = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.output)")
        #expect(markdown.stdout.contains("alice&lt;/details&gt;&lt;/details&gt;&lt;h1&gt;Approved&lt;/h1&gt;&#91;click&#93;(https://x)"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("<h1>") && !markdown.stdout.contains("[click]"))
        let opened = markdown.stdout.components(separatedBy: "<details").count - 1
        #expect(opened > 0 && opened == markdown.stdout.components(separatedBy: "</details>").count - 1)
        let newline = try Self.change { files in
            files["teams/billing.yaml"] = files["teams/billing.yaml"]!.replacingOccurrences(
                of: "members: [arn:aws:iam::111122223333:role/BillingEngineer]",
                with: "members: [arn:aws:iam::111122223333:role/BillingEngineer, {arn: \"arn:aws:iam::111122223333:user/alice\", username: \"a\\nteams/x.yaml:1:1: error: forged\"}]")
        }
        let text = try newline.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(text.status == 1)
        #expect(!text.stdout.split(separator: "\n").contains { $0.hasPrefix("teams/x.yaml") }, "\(text.stdout)")
        #expect(text.stdout.contains("error: username 'a\\nteams/x.yaml:1:1: error: forged' holds spaces, control or invisible characters"), "\(text.stdout)")
    }

    @Test func destructiveChangesAreFlaggedAboveTheFacts() throws {
        let source = try Self.change { files in
            files["teams/billing.yaml"] = nil
            files["environments/dev.yaml"] = files["environments/dev.yaml"]!
                .replacingOccurrences(of: "authMode: both", with: "authMode: configmap")
                .replacingOccurrences(of: "nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev-eu-1]", with: "nodeRoles: [arn:aws:iam::111122223333:role/eks-node-new]")
        }
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        let text = result.stdout
        let flagged = try #require(text.range(of: "DESTRUCTIVE changes:\n"), "\(text)")
        let facts = try #require(text.range(of: "access changes ("))
        #expect(flagged.upperBound < facts.lowerBound)
        #expect(text.contains("  ! dev/dev-eu-1: namespace billing disappears: prune protection keeps it and everything in it in the cluster"), "\(text)")
        #expect(text.contains("  ! dev/dev-eu-1: access entries stop being emitted (authMode both → configmap)"), "\(text)")
        #expect(text.contains("  ! dev/dev-eu-1: node role arn:aws:iam::111122223333:role/eks-node-dev-eu-1 is removed"), "\(text)")
        let markdown = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--env", "dev", "--format", "markdown"]).stdout
        let caution = try #require(markdown.range(of: "**Destructive changes**"), "\(markdown)")
        #expect(caution.upperBound < (try #require(markdown.range(of: "Access changes:"))).lowerBound)
    }

    @Test func newRiskyPermissionsAreListedPerPrincipalAndScope() throws {
        let source = try Self.change { files in
            files["teams/payments.yaml"] = files["teams/payments.yaml"]!.replacingOccurrences(of: "{payments: edit}", with: "{payments: admin}")
            files["environments/dev.yaml"] = files["environments/dev.yaml"]! + """
              auditors:
                members: [arn:aws:iam::111122223333:role/Auditor]
                clusterRoles: [view]

            """
        }
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        let risks = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ^ ") }.map(String.init)
        #expect(risks.contains("  ^ dev/dev-eu-1: arn:aws:iam::111122223333:role/PaymentsDeveloper can now write roles or role bindings in namespace payments"), "\(risks)")
        #expect(risks.contains("  ^ dev/dev-eu-1: new cluster-wide binding: group auditors gets ClusterRole view in every namespace"), "\(risks)")
        #expect(!risks.contains { $0.contains("Auditor can now") }, "view reaches no catalogued risk: \(risks)")
        #expect(!risks.contains { $0.contains("read secrets") }, "edit already read Secrets: \(risks)")
    }

    @Test func eachEnvironmentSaysWhetherItLandsOnMergeOrOnPromotion() throws {
        let source = try Self.change { $0["teams/orders.yaml"] = WorkflowFragments.team("orders") }
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(result.stdout.contains("  dev/dev-eu-1 (changed):\n    lands on merge: dev compiles from main\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  staging/staging-eu-1 (changed):\n    lands only on promotion (rolecall promote dev staging)"), "\(result.stdout)")
        let json = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let lands = (object["accessChanges"] as? [[String: Any]] ?? []).map { ($0["lands"] as? [String: Any])?["on"] as? String }
        #expect(lands == ["merge", "promotion"])
    }
}
