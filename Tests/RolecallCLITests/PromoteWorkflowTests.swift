import Foundation
import TestSupport
import GitStore
import Testing

/// `promote FROM TO`: env/<TO> moves (fast-forward only) to the source rendered/<FROM> runs,
/// then TO is compiled into rendered/<TO>.
@Suite("promote dev staging")
struct PromoteWorkflowTests {
    /// dev and staging (promotesFrom dev) on main, dev compiled from main by `compile` without --ref.
    static func compiledDev(_ files: [String: String] = WorkflowFragments.promoting) throws -> (CLISource, ObjectID) {
        let source = try CLISource()
        let main = try source.commit(files)
        let compile = try source.rolecall(["compile"])
        guard compile.status == 0 else { throw FixtureError("compile failed: \(compile.output)") }
        guard try source.rendered("dev")?.trailer("Source-Commit") == main.hex else { throw FixtureError("dev not rendered from main") }
        return (source, main)
    }

    @Test func promoteCreatesEnvStagingAtTheSourceOfRenderedDevAndRendersStaging() throws {
        let (source, main) = try Self.compiledDev()
        // main moves on after dev was rendered: promotion takes what dev runs, not main's tip.
        let later = try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.tip("env/staging") == nil)

        let result = try source.rolecall(["promote", "dev", "staging"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("env/staging: created -> \(main.short)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("staging from env/staging@\(main.short): rendered/staging: created "), "\(result.stdout)")
        #expect(try source.tip("env/staging") == main)
        let staging = try #require(try source.rendered("staging"))
        #expect(staging.trailer("Source-Commit") == main.hex)
        #expect(staging.trailer("Source-Ref") == "env/staging")
        #expect(try source.repository.entry(at: "clusters/staging-eu-1/aws-auth.yaml", in: staging.tree) != nil)
        let awsAuth = try #require(try source.file("clusters/staging-eu-1/aws-auth.yaml", at: staging.id))
        #expect(awsAuth.contains("PaymentsDeveloper"))
        #expect(!awsAuth.contains(WorkflowFragments.developerARN("orders")), "staging must not get what main added after dev was rendered")
        #expect(try source.tip("main") == later)
    }

    @Test func promotingTwiceIsANoOp() throws {
        let (source, main) = try Self.compiledDev()
        let first = try source.rolecall(["promote", "dev", "staging"])
        #expect(first.status == 0, "\(first.output)")
        let before = try source.branches()

        let again = try source.rolecall(["promote", "dev", "staging"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("env/staging already at \(main.short)\n"), "\(again.stdout)")
        #expect(again.stdout.contains("rendered/staging: unchanged at "), "\(again.stdout)")
        #expect(try source.branches() == before)
    }

    @Test func promoteFastForwardsEnvStagingToANewerDevSource() throws {
        let (source, first) = try Self.compiledDev()
        #expect(try source.rolecall(["promote", "dev", "staging"]).status == 0)
        let second = try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.rolecall(["compile"]).status == 0)
        let stagingBefore = try #require(try source.rendered("staging"))

        let result = try source.rolecall(["promote", "dev", "staging"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("env/staging: \(first.short) -> \(second.short)\n"), "\(result.stdout)")
        #expect(try source.tip("env/staging") == second)
        let staging = try #require(try source.rendered("staging"))
        #expect(staging.trailer("Source-Commit") == second.hex)
        #expect(staging.parents == [stagingBefore.id])
    }

    @Test func promoteRefusesWhenEnvStagingHasACommitOfItsOwn() throws {
        let (source, main) = try Self.compiledDev()
        #expect(try source.rolecall(["promote", "dev", "staging"]).status == 0)
        // A hotfix straight on env/staging, then main moves on and dev is rendered again.
        let hotfix = try source.commit(WorkflowFragments.promoting.merging(["teams/hotfix.yaml": WorkflowFragments.team("hotfix")]) { $1 },
                                       on: "env/staging", parent: main)
        try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.rolecall(["compile", "--env", "dev"]).status == 0)
        let before = try source.branches()

        let result = try source.rolecall(["promote", "dev", "staging"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("promotion refused"), "\(result.stderr)")
        #expect(result.stderr.contains("not an ancestor"), "\(result.stderr)")
        #expect(result.stderr.contains(hotfix.short))
        #expect(try source.branches() == before)
        #expect(try source.tip("env/staging") == hotfix)
    }

    @Test func promoteRefusesWhenTheSourceHasErrorsForTheTarget() throws {
        // Payments grants in billing's namespace, but only through its staging overlay: dev is clean.
        var files = WorkflowFragments.promoting
        files["teams/payments.yaml"] = CLISource.clean["teams/payments.yaml"]! + """
        environments:
          staging:
            groups:
              developers:
                access: {billing: edit}

        """
        let (source, _) = try Self.compiledDev(files)
        let before = try source.branches()

        let result = try source.rolecall(["promote", "dev", "staging"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("teams/payments.yaml:"), "\(result.stdout)")
        #expect(result.stdout.contains(": error: "), "\(result.stdout)")
        #expect(result.stderr.contains("promotion refused"), "\(result.stderr)")
        #expect(result.stderr.contains("does not compile cleanly for staging"), "\(result.stderr)")
        #expect(try source.branches() == before)
        #expect(try source.tip("env/staging") == nil)
        #expect(try source.rendered("staging") == nil)
    }

    @Test func promoteRefusesWhenTheTargetDoesNotPromoteFromTheSource() throws {
        var files = WorkflowFragments.promoting
        files["environments/prod.yaml"] = WorkflowFragments.environment("prod", cluster: "prod-eu-1", promotesFrom: "staging")
        let (source, _) = try Self.compiledDev(files)
        let before = try source.branches()

        let result = try source.rolecall(["promote", "dev", "prod"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("promotion refused: prod promotes from staging, not from dev"), "\(result.stderr)")
        #expect(try source.branches() == before)
        #expect(try source.tip("env/prod") == nil)
    }

    @Test func promoteRefusesWhenTheSourceEnvironmentWasNeverRendered() throws {
        let source = try CLISource()
        try source.commit(WorkflowFragments.promoting)
        let result = try source.rolecall(["promote", "dev", "staging"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("rendered/dev does not exist"), "\(result.stderr)")
        #expect(try source.tip("env/staging") == nil)
    }

    @Test func promoteDryRunShowsTheMoveAndTheAccessChangeButChangesNoRef() throws {
        let (source, main) = try Self.compiledDev()
        let before = try source.branches()

        let result = try source.rolecall(["promote", "dev", "staging", "--dry-run"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("would move env/staging from (new) to \(main.short)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  staging/staging-eu-1 (added):\n"), "\(result.stdout)")
        #expect(result.stdout.contains("    + namespace payments owned by team payments\n"))
        #expect(try source.branches() == before)

        // Once promoted, a dry run of a newer dev source shows only the difference.
        #expect(try source.rolecall(["promote", "dev", "staging"]).status == 0)
        let newer = try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.rolecall(["compile", "--env", "dev"]).status == 0)
        let promoted = try source.branches()
        let second = try source.rolecall(["promote", "dev", "staging", "--dry-run"])
        #expect(second.status == 0, "\(second.output)")
        #expect(second.stdout.contains("would move env/staging from \(main.short) to \(newer.short)\n"), "\(second.stdout)")
        #expect(second.stdout.contains("access changes (+3 -0):\n  staging/staging-eu-1 (changed):\n"), "\(second.stdout)")
        #expect(try source.branches() == promoted)
    }
}
