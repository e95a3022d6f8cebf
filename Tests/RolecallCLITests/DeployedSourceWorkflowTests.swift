import Foundation
import GitStore
import TestSupport
import Testing

/// `who-can` and `explain` without `--ref` answer for what the cluster runs, not for HEAD.
@Suite("who-can and explain read the deployed source by default")
struct DeployedSourceWorkflowTests {
    static func json(_ result: ToolResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.output)")
    }

    @Test func afterAnUncompiledMergeTheAnswerIsWhatRenderedRuns() throws {
        let source = try CLISource()
        let deployed = try source.commit(WorkflowFragments.promoting)
        #expect(try source.rolecall(["compile"]).status == 0)
        let merged = try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        let orders = WorkflowFragments.developerARN("orders")

        let now = try Self.json(try source.rolecall(["who-can", "get", "pods", "-n", "orders", "--cluster", "dev-eu-1", "--format", "json"]))
        let nowSource = try #require(now["source"] as? [String: Any])
        #expect(nowSource["commit"] as? String == deployed.hex)
        #expect(nowSource["reason"] as? String == "deployed: Source-Commit of rendered/dev at \(try #require(try source.tip("rendered/dev")).short)")
        #expect(!((now["principals"] as? [[String: Any]]) ?? []).contains { $0["arn"] as? String == orders })

        let head = try Self.json(try source.rolecall(["who-can", "get", "pods", "-n", "orders", "--cluster", "dev-eu-1", "--ref", "main", "--format", "json"]))
        #expect((head["source"] as? [String: Any])?["commit"] as? String == merged.hex)
        #expect(((head["principals"] as? [[String: Any]]) ?? []).contains { $0["arn"] as? String == orders })

        let text = try source.rolecall(["explain", orders, "--cluster", "dev-eu-1"])
        #expect(text.status == 2, "orders is not deployed yet: \(text.output)")
    }

    @Test func withoutARenderedBranchTheEnvironmentsSourceBranchIsRead() throws {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        let dev = try source.rolecall(["who-can", "get", "pods", "-n", "payments", "--cluster", "dev-eu-1"])
        #expect(dev.stdout.hasPrefix("cluster dev-eu-1 at \(main.short) (rendered/dev does not exist yet; the source branch of dev, main)\n"), "\(dev.output)")
        try source.commit(WorkflowFragments.promoting, on: "env/staging", parent: main)
        let staging = try source.rolecall(["explain", WorkflowFragments.developerARN("payments"), "--cluster", "staging-eu-1"])
        #expect(staging.stdout.hasPrefix("cluster staging-eu-1 at "), "\(staging.output)")
        #expect(staging.stdout.split(separator: "\n").first?.hasSuffix("(rendered/staging does not exist yet; the source branch of staging, env/staging)") == true, "\(staging.output)")
    }
}
