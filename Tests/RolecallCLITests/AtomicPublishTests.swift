import Foundation
import GitStore
import Testing
import TestSupport

/// A compile moves every output branch it means to move, or none; so does a promotion with
/// env/<TO> and rendered/<TO>. The second environment failing to publish must leave the first
/// environment's branch where it was.
@Suite("publishing is all or nothing")
struct AtomicPublishTests {
    /// dev and staging rendered from a first commit, then a second commit that changes both.
    static func renderedThenChanged() throws -> CLISource {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let first = try source.rolecall(["compile", "--ref", "main"])
        guard first.status == 0 else { throw FixtureError("compile failed: \(first.output)") }
        try source.commit(CLISource.clean.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        return source
    }

    @Test(arguments: RefStorage.allCases)
    func aBranchWhereTheSecondEnvironmentsFolderWouldBeMovesNoBranch(storage: RefStorage) throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        #expect(try source.rolecall(["compile", "--ref", "main", "--env", "dev"]).status == 0)
        // git keeps `rendered/staging/old` as a file in folder `rendered/staging`: that branch cannot be created.
        try source.commit(CLISource.clean, on: "rendered/staging/old", parent: main)
        try source.commit(CLISource.clean.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        try storage.apply(to: source)
        let dev = try source.tip("rendered/dev")

        let result = try source.failing(["compile", "--ref", "main"], status: 1)
        #expect(result.stderr.contains("rolecall: error: cannot write 'refs/heads/rendered/staging': 'refs/heads/rendered/staging/old' exists inside it"), "\(result.stderr)")
        #expect(result.stderr.contains("rolecall: nothing written: no branch moved\n"), "\(result.stderr)")
        #expect(try source.tip("rendered/dev") == dev, "the first environment's branch must not move")
        #expect(!result.stdout.contains("rendered/dev: committed"), "\(result.stdout)")
    }

    @Test func aCorruptExistingBranchOfTheSecondEnvironmentMovesNoBranch() throws {
        let source = try Self.renderedThenChanged()
        try Data("not a commit id\n".utf8).write(to: URL(fileURLWithPath: source.gitFile("refs/heads/rendered/staging")))
        let dev = try source.tip("rendered/dev")

        let result = try source.failing(["compile", "--ref", "main"], status: 1)
        #expect(result.stderr.contains("refs/heads/rendered/staging"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing written"), "\(result.stderr)")
        #expect(try source.tip("rendered/dev") == dev)
    }

    @Test(arguments: RefStorage.allCases)
    func withoutRefTheBranchesOfEverySourceMoveTogether(storage: RefStorage) throws {
        // dev from main and staging from env/staging are two compilations, one transaction.
        let source = try CLISource()
        let first = try source.commit(WorkflowFragments.promoting)
        try source.commit(WorkflowFragments.promoting, on: "env/staging", parent: first)
        #expect(try source.rolecall(["compile", "--env", "dev"]).status == 0)
        try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        try source.commit(WorkflowFragments.promoting, on: "rendered/staging/old", parent: first)
        try storage.apply(to: source)

        try source.failing(["compile"], status: 1)
        try Tool.git(["update-ref", "-d", "refs/heads/rendered/staging/old"], in: source.path)
        let result = try source.rolecall(["compile"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("rendered/dev: committed "), "\(result.stdout)")
        #expect(result.stdout.contains("rendered/staging: created "), "\(result.stdout)")
    }

    @Test(arguments: RefStorage.allCases)
    func promoteMovesEnvStagingOnlyTogetherWithRenderedStaging(storage: RefStorage) throws {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        #expect(try source.rolecall(["compile"]).status == 0)
        try source.commit(WorkflowFragments.promoting, on: "rendered/staging/old", parent: main)
        try storage.apply(to: source)

        let result = try source.failing(["promote", "dev", "staging"], status: 1)
        #expect(result.stderr.contains("'refs/heads/rendered/staging/old' exists inside it"), "\(result.stderr)")
        #expect(!result.stdout.contains("env/staging: created"), "\(result.stdout)")
        #expect(try source.tip("env/staging") == nil, "env/staging must not move without rendered/staging")
    }

    @Test(.timeLimit(.minutes(1)))
    func aGitLockHeldOnTheSecondEnvironmentsBranchMovesNoBranch() throws {
        let source = try Self.renderedThenChanged()
        // Another git process is writing rendered/staging (its lock file stays for this run).
        try Data().write(to: URL(fileURLWithPath: source.gitFile("refs/heads/rendered/staging.lock")))
        let dev = try source.tip("rendered/dev")

        let result = try source.failing(["compile", "--ref", "main"], status: 1)
        #expect(result.stderr.contains("rolecall: error: cannot lock 'refs/heads/rendered/staging' (another git process may be writing it)"), "\(result.stderr)")
        #expect(try source.tip("rendered/dev") == dev)
    }
}
