import Foundation
import TestSupport
import GitStore
import Testing

/// `check --base` and `diff` on a feature branch that adds one team, as a merge request runs them.
@Suite("check --base and diff on a feature branch")
struct CheckDiffWorkflowTests {
    /// `main` with `CLISource.clean`; `feature` on top of it adding team `orders`.
    static func featureRepository(feature extra: [String: String] = ["teams/orders.yaml": WorkflowFragments.team("orders")]) throws
        -> (source: CLISource, main: ObjectID, feature: ObjectID) {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        let feature = try source.commit(CLISource.clean.merging(extra) { $1 }, on: "feature", parent: main)
        return (source, main, feature)
    }

    static func lines(_ text: String, prefix: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    @Test func checkTextListsExactlyTheNewTeamsAccessAsAddedAndNothingRemoved() throws {
        let (source, _, feature) = try Self.featureRepository()
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("access changes (+3 -0):\n  dev/dev-eu-1 (changed):\n"), "\(result.stdout)")
        #expect(Self.lines(result.stdout, prefix: "    + ") == WorkflowFragments.addedFacts(ofTeam: "orders"))
        #expect(Self.lines(result.stdout, prefix: "    - ").isEmpty, "\(result.stdout)")
        #expect(result.stdout.contains("check ok: feature@\(feature.short)"))
    }

    @Test func checkTextReportsTheAddedAccessOncePerClusterOfEveryEnvironment() throws {
        let (source, _, _) = try Self.featureRepository()
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("access changes (+6 -0):"), "\(result.stdout)")
        #expect(result.stdout.contains("  dev/dev-eu-1 (changed):\n"))
        #expect(result.stdout.contains("  staging/staging-eu-1 (changed):\n"))
        let expected = WorkflowFragments.addedFacts(ofTeam: "orders")
        #expect(Self.lines(result.stdout, prefix: "    + ").sorted() == (expected + expected).sorted())
        #expect(Self.lines(result.stdout, prefix: "    - ").isEmpty)
    }

    @Test func checkWithoutAnyAccessChangeSaysSo() throws {
        // A comment-only edit changes no access fact.
        let edited = ["teams/billing.yaml": "# owned by the billing team\n" + CLISource.clean["teams/billing.yaml"]!]
        let (source, _, _) = try Self.featureRepository(feature: edited)
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("access: no change\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("access changes"))
    }

    @Test func checkMarkdownStartsWithTheSummaryAndFoldsTheDetails() throws {
        let (source, _, feature) = try Self.featureRepository()
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--env", "dev", "--format", "markdown"])
        #expect(result.status == 0, "\(result.output)")
        let text = result.stdout
        #expect(text.hasPrefix("### rolecall check"), "\(text)")
        #expect(text.split(separator: "\n").first == "### rolecall check: ✅ no errors")
        #expect(text.contains("Checked <code>feature</code> at `\(feature.short)`."), "\(text)")
        #expect(text.contains("Access changes: **+3 −0** in <code>dev/dev-eu-1</code>."), "\(text)")
        let details = try #require(text.range(of: "<details><summary>dev / dev-eu-1: +3 −0 (changed)</summary>"), "\(text)")
        let summary = try #require(text.range(of: "Access changes:"))
        #expect(summary.lowerBound < details.lowerBound, "the summary must come before the folded details")
        let folded = String(text[details.upperBound...])
        let closing = try #require(folded.range(of: "</details>"))
        let inside = String(folded[..<closing.lowerBound])
        #expect(inside.contains("- ➕ namespace orders owned by team orders"))
        #expect(inside.contains("- ➕ group orders:developers gets ClusterRole edit in namespace orders"))
        #expect(inside.contains(WorkflowFragments.developerARN("orders")))
        #expect(!inside.contains("➖"))
        // The facts appear only inside the folded section.
        #expect(!text[..<details.lowerBound].contains("namespace orders owned by team orders"))
    }

    @Test func checkJSONIsValidAndListsTheAddedFacts() throws {
        let (source, _, _) = try Self.featureRepository()
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature", "--format", "json"])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let check = try #require(object["check"] as? [String: Any])
        #expect(check["errors"] as? Int == 0)
        #expect((check["diagnostics"] as? [Any])?.isEmpty == true)
        let changes = try #require(object["accessChanges"] as? [[String: Any]])
        #expect(changes.map { "\($0["environment"] ?? "")/\($0["cluster"] ?? "")" } == ["dev/dev-eu-1", "staging/staging-eu-1"])
        for change in changes {
            #expect(change["status"] as? String == "changed")
            #expect(change["added"] as? [String] == WorkflowFragments.addedFacts(ofTeam: "orders"))
            #expect((change["removed"] as? [String])?.isEmpty == true)
        }
    }

    @Test func checkJSONWithoutBaseHasNullAccessChanges() throws {
        let (source, _, _) = try Self.featureRepository()
        let result = try source.rolecall(["check", "--ref", "feature", "--format", "json"])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["accessChanges"] is NSNull)
    }

    @Test func checkExitsOneWithAPathLineColumnErrorWhenTheHeadHasAnError() throws {
        let (source, _, feature) = try Self.featureRepository(feature: CLISource.withTypo)
        let result = try source.rolecall(["check", "--base", "main", "--ref", "feature"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("teams/billing.yaml:4:1: error: "), "\(result.stdout)")
        #expect(result.stdout.contains("[commit \(feature.short)]"))
        #expect(result.stdout.contains("check failed: feature@\(feature.short)"))
        let errorLines = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(!errorLines.isEmpty)
        for line in errorLines {
            #expect(line.range(of: #"^[^:\s]+\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test func checkIgnoresErrorsAtTheBase() throws {
        let source = try CLISource()
        let broken = try source.commit(CLISource.withTypo)
        try source.commit(CLISource.clean, on: "fixed", parent: broken)
        let result = try source.rolecall(["check", "--base", "main", "--ref", "fixed"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.stdout.contains("error:"))
    }

    @Test func diffPrintsAUnifiedDiffOfTheRenderedAwsAuthWithTheNewRole() throws {
        let (source, _, _) = try Self.featureRepository()
        let result = try source.rolecall(["diff", "main", "feature", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        let text = result.stdout
        #expect(text.contains("--- a/dev/clusters/dev-eu-1/aws-auth.yaml\n+++ b/dev/clusters/dev-eu-1/aws-auth.yaml\n@@ "), "\(text)")
        let added = Self.lines(text, prefix: "+").filter { !$0.hasPrefix("++") }
        #expect(added.contains { $0.contains("rolearn: \(WorkflowFragments.developerARN("orders"))") }, "\(added)")
        #expect(Self.lines(text, prefix: "-").filter { !$0.hasPrefix("--") }.allSatisfy { !$0.contains("rolearn:") },
                "adding a team removes no aws-auth entry")
        #expect(text.contains("+++ b/dev/clusters/dev-eu-1/namespaces.yaml"))
        #expect(!text.contains("staging/"), "--env dev limits the diff to dev")
        #expect(!text.contains("no difference"))
    }

    @Test func diffOfEqualRefsPrintsNoDifference() throws {
        let (source, _, _) = try Self.featureRepository()
        let same = try source.rolecall(["diff", "main", "main", "--env", "dev"])
        #expect(same.status == 0, "\(same.output)")
        #expect(same.stdout == "no difference in rendered output\n")

        // A comment-only edit renders the same files.
        let edited = ["teams/billing.yaml": "# comment\n" + CLISource.clean["teams/billing.yaml"]!]
        try source.commit(CLISource.clean.merging(edited) { $1 }, on: "comment", parent: try source.tip("main"))
        let comment = try source.rolecall(["diff", "main", "comment"])
        #expect(comment.status == 0, "\(comment.output)")
        #expect(comment.stdout == "no difference in rendered output\n")
    }

    @Test func diffExitsOneWhenTheHeadHasErrors() throws {
        let (source, _, _) = try Self.featureRepository(feature: CLISource.withTypo)
        let result = try source.rolecall(["diff", "main", "feature"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("teams/billing.yaml:4:1: error: "))
        #expect(!result.stdout.contains("--- a/"))
    }
}
