import Foundation
import GitStore
import Testing
import TestSupport

/// An output branch is checked, for every environment, before anything is compiled: a name git
/// refuses or any source branch is a usage error (exit 2), and no ref moves.
@Suite("output branches are never a source branch")
struct OutputBranchGuardTests {
    /// `--output-branch` values that would overwrite a source branch (with `--env dev`).
    static let sourceSpellings = ["main", "Main", "env/{env}", "env/staging", "refs/heads/main", "refs/heads/{env}", "HEAD", "@", "{env}/../main", "heads/main", "heads/{env}"]

    /// A source whose team has an error too: exit 2 (not 1) shows the check came before compiling.
    static func source(_ storage: RefStorage) throws -> CLISource {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        #expect(try source.rolecall(["compile"]).status == 0)
        try source.commit(WorkflowFragments.promoting, on: "env/staging", parent: main)
        try source.commit(CLISource.withTypo.merging(["environments/staging.yaml": WorkflowFragments.environment("staging", cluster: "staging-eu-1", promotesFrom: "dev")]) { $1 })
        try storage.apply(to: source)
        return source
    }

    @Test(arguments: RefStorage.allCases, sourceSpellings)
    func anOutputBranchThatIsOrSpellsASourceBranchIsAUsageError(storage: RefStorage, template: String) throws {
        let source = try Self.source(storage)
        for arguments in [["compile", "--env", "dev"], ["compile", "--ref", "main", "--env", "dev"]] {
            let result = try source.failing(arguments + ["--output-branch", template], status: 2)
            #expect(result.stderr.hasPrefix("rolecall: error: output branch '"), "\(result.stderr)")
            #expect(!result.stdout.contains(": error: "), "nothing was compiled: \(result.stdout)")
        }
    }

    @Test(arguments: RefStorage.allCases)
    func everyEnvironmentsExpansionIsChecked(storage: RefStorage) throws {
        // `{env}` is a fine branch for dev, but environment `main` would overwrite the source.
        let source = try CLISource()
        try source.commit(CLISource.clean.merging(["environments/main.yaml": CLISource.environment("main", cluster: "main-eu-1")]) { $1 })
        try storage.apply(to: source)
        let result = try source.failing(["compile", "--ref", "main", "--output-branch", "{env}"], status: 2)
        #expect(result.stderr.contains("output branch 'main' (--output-branch '{env}' for environment 'main') is a source branch"), "\(result.stderr)")
        #expect(try source.tip("dev") == nil)
    }

    @Test(arguments: RefStorage.allCases)
    func anEnvironmentNameThatIsNoValidBranchAfterExpansionIsAUsageErrorBeforeCompiling(storage: RefStorage) throws {
        let source = try CLISource()
        var files = CLISource.clean
        files["environments/qa.lock.yaml"] = CLISource.environment("qa.lock", cluster: "qa-eu-1")
        try source.commit(files)
        // A template without {env} names one branch only: dev can still be written that way.
        #expect(try source.rolecall(["compile", "--ref", "main", "--env", "dev", "--output-branch", "rendered/dev"]).status == 0)
        try storage.apply(to: source)
        let result = try source.failing(["compile", "--ref", "main"], status: 2)
        #expect(result.stderr.contains("output branch 'rendered/qa.lock' (--output-branch 'rendered/{env}' for environment 'qa.lock') is not a valid branch name"), "\(result.stderr)")
        #expect(!result.stdout.contains("rendered/dev"), "dev must not be written either: \(result.stdout)")
        // With {env}, every environment's expansion counts, even when only dev is selected.
        try source.failing(["compile", "--ref", "main", "--env", "dev"], status: 2)
    }

    @Test func theBranchHeadNamesIsASourceWhenThereIsNoMain() throws {
        let source = try CLISource()
        try source.repository.commitFiles(CLISource.clean, branch: "master")
        try Tool.git(["symbolic-ref", "HEAD", "refs/heads/master"], in: source.path)
        let result = try source.failing(["compile", "--env", "dev", "--output-branch", "master"], status: 2)
        #expect(result.stderr.contains("output branch 'master' (--output-branch 'master' for environment 'dev') is a source branch (main, master and every env/<env>)"), "\(result.stderr)")
    }

    @Test func aSymbolicBranchPointingAtMainIsMain() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        try Tool.git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"], in: source.path)
        let result = try source.failing(["compile", "--env", "dev", "--output-branch", "alias"], status: 2)
        #expect(result.stderr.contains("output branch 'alias' (--output-branch 'alias' for environment 'dev') is a source branch"), "\(result.stderr)")
    }

    @Test func theRefBeingCompiledIsASourceToo() throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        try source.commit(CLISource.clean, on: "feature", parent: main)
        let result = try source.failing(["compile", "--ref", "feature", "--env", "dev", "--output-branch", "feature"], status: 2)
        #expect(result.stderr.contains("is a source branch (feature, main and every env/<env>)"), "\(result.stderr)")
    }

    @Test func promoteChecksItsOutputBranchesToo() throws {
        let source = try Self.source(.loose)
        let result = try source.failing(["promote", "dev", "staging", "--output-branch", "env/{env}"], status: 2)
        #expect(result.stderr.contains("output branch 'env/dev' (--output-branch 'env/{env}' for environment 'dev') is a source branch"), "\(result.stderr)")
    }

    @Test("main stays protected when another branch is the source, and so does any branch holding fragments")
    func branchesHoldingSourceAreNeverWritten() throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        try source.commit(CLISource.clean, on: "trunk", parent: main)
        try source.commit(CLISource.clean, on: "feature", parent: main)
        try source.commit(CLISource.clean, on: "notes", parent: main)
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory))
        let main1 = try source.failing(["compile", "--source-branch", "trunk", "--env", "dev", "--output-branch", "main"], status: 2)
        #expect(main1.stderr.contains("output branch 'main' (--output-branch 'main' for environment 'dev') is a source branch"), "\(main1.stderr)")
        let spelled = try source.failing(["compile", "--ref", "refs/heads/feature", "--env", "dev", "--output-branch", "feature"], status: 2)
        #expect(spelled.stderr.contains("output branch 'feature'"), "\(spelled.stderr)")
        let holding = try source.failing(["compile", "--env", "dev", "--output-branch", "notes"], status: 2)
        #expect(holding.stderr.contains("output branch 'notes' (--output-branch 'notes' for environment 'dev') holds teams/ at"), "\(holding.stderr)")
        #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory)) == before)
    }
}
