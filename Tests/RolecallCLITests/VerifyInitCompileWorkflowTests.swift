import Foundation
import TestSupport
import GitStore
import Testing

/// `verify` catching hand edits, `init` scaffolding a repository, and `compile` choosing its
/// sources from branches.
@Suite("verify, init and compile from branches")
struct VerifyInitCompileWorkflowTests {
    static let awsAuth = "clusters/dev-eu-1/aws-auth.yaml"

    @Test func verifyPassesAfterCompileFailsOnAHandEditAndPassesAgainAfterRecompiling() throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        #expect(try source.rolecall(["compile", "--ref", "main"]).status == 0)

        let clean = try source.rolecall(["verify"])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.stdout.contains("rendered/dev: ok, matches a compile of \(main.short)\n"), "\(clean.stdout)")
        #expect(clean.stdout.contains("rendered/staging: ok, matches a compile of \(main.short)\n"), "\(clean.stdout)")

        let renderedTip = try #require(try source.tip("rendered/dev"))
        let original = try #require(try source.file(Self.awsAuth, at: renderedTip))
        let edited = try source.handEdit("rendered/dev", path: Self.awsAuth) {
            $0.replacingOccurrences(of: "role/PaymentsDeveloper", with: "role/Intruder")
        }
        #expect(try source.file(Self.awsAuth, at: edited)?.contains("role/Intruder") == true)

        let tampered = try source.rolecall(["verify", "--env", "dev"])
        #expect(tampered.status == 1, "\(tampered.output)")
        #expect(tampered.stdout.contains("rendered/dev: FAILED: differs from a compile of \(main.short)"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("  changed:    \(Self.awsAuth)\n"), "\(tampered.stdout)")
        let named = tampered.stdout.split(separator: "\n").filter { $0.hasPrefix("  changed:") || $0.hasPrefix("  missing:") || $0.hasPrefix("  unexpected:") }
        #expect(named == ["  changed:    \(Self.awsAuth)"], "only the edited file is named")

        // Every branch by default: staging still passes, the run fails because of dev.
        let all = try source.rolecall(["verify"])
        #expect(all.status == 1, "\(all.output)")
        #expect(all.stdout.contains("rendered/staging: ok"))
        #expect(try source.rolecall(["verify", "--env", "staging"]).status == 0)

        let recompile = try source.rolecall(["compile", "--ref", "main", "--env", "dev"])
        #expect(recompile.status == 0, "\(recompile.output)")
        #expect(recompile.stdout.contains("rendered/dev: committed "), "\(recompile.stdout)")
        let restored = try #require(try source.rendered("dev"))
        #expect(restored.parents == [edited], "the fix is a new commit on top of the hand edit, never a rewrite")
        #expect(restored.trailer("Source-Commit") == main.hex)
        #expect(try source.file(Self.awsAuth, at: restored.id) == original)

        let again = try source.rolecall(["verify", "--env", "dev"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("rendered/dev: ok"))
    }

    @Test func verifyReportsADeletedClusterFileAsMissing() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        #expect(try source.rolecall(["compile", "--ref", "main", "--env", "dev"]).status == 0)
        let tip = try #require(try source.tip("rendered/dev"))
        var files = try source.repository.files(in: try source.repository.commit(tip).tree)
        #expect(files.removeValue(forKey: "clusters/dev-eu-1/rbac/rolebindings.yaml") != nil)
        let commit = try source.repository.createCommit(tree: try source.repository.writeTree(files: files), parents: [tip], message: "drop\n")
        try source.repository.updateReference("refs/heads/rendered/dev", to: commit, expecting: tip, message: "drop")

        let result = try source.rolecall(["verify", "--env", "dev"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("  missing:    clusters/dev-eu-1/rbac/rolebindings.yaml\n"), "\(result.stdout)")
    }

    @Test func verifyWithoutAnyOutputBranchExitsTwo() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let result = try source.rolecall(["verify"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("no output branches match 'rendered/{env}'"), "\(result.stderr)")
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func initScaffoldsAnEmptyRepositoryThatChecksCleanOnceCommitted() throws {
        let temp = try TemporaryDirectory("init")
        let path = temp.sub("repo")
        _ = try Repository(creatingAt: path)

        let result = try RolecallBinary.run(["init", "--repo", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("wrote environments/dev.yaml\n"))
        #expect(result.stdout.contains("wrote teams/example.yaml\n"))
        for file in ["environments/dev.yaml", "teams/example.yaml"] {
            #expect(FileManager.default.fileExists(atPath: path + "/" + file), "\(file) not written")
        }
        let environment = try String(contentsOfFile: path + "/environments/dev.yaml", encoding: .utf8)
        #expect(environment.contains("kind: Environment\nname: dev\n"))

        // Uncommitted, the scaffold is invisible: there is nothing to check yet.
        try Tool.git(["add", "environments", "teams", "rolecall.schema.json"], in: path)
        try Tool.git(["commit", "-q", "-m", "scaffold"], in: path)
        let check = try RolecallBinary.run(["check", "--repo", path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.stdout.contains("check ok: HEAD@"), "\(check.stdout)")
        #expect(check.stdout.contains("1 environments, 1 clusters"), "\(check.stdout)")
        #expect(!check.output.contains("warning:"), "the scaffold compiles cleanly: \(check.output)")

        let second = try RolecallBinary.run(["init", "--repo", path])
        #expect(second.status == 2, "\(second.output)")
        #expect(second.stderr.contains("already exists"), "\(second.stderr)")
        #expect(try Tool.git(["status", "--porcelain"], in: path).isEmpty, "a refused init writes nothing")
    }

    @Test func initRefusesWhenOnlyOneOfTheFoldersExists() throws {
        let temp = try TemporaryDirectory("init")
        let path = temp.sub("repo")
        _ = try Repository(creatingAt: path)
        try FileManager.default.createDirectory(atPath: path + "/teams", withIntermediateDirectories: true)
        let result = try RolecallBinary.run(["init", "--repo", path])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("teams/ already exists"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path + "/environments"))
    }

    @Test func initRefusesInABareRepository() throws {
        let temp = try TemporaryDirectory("init")
        let path = temp.sub("repo.git")
        _ = try Repository(creatingAt: path, bare: true)
        let result = try RolecallBinary.run(["init", "--repo", path])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("bare"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path + "/environments"))
        #expect(!FileManager.default.fileExists(atPath: path + "/teams"))
    }

    @Test func compileWithoutRefRendersDevFromMainAndSkipsStagingWithAHint() throws {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        let result = try source.rolecall(["compile"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("dev from main@\(main.short): rendered/dev: created "), "\(result.stdout)")
        #expect(result.stdout.contains("staging: skipped, branch env/staging does not exist yet; run `rolecall promote dev staging` or compile it with --ref\n"),
                "\(result.stdout)")
        let dev = try #require(try source.rendered("dev"))
        #expect(dev.trailer("Source-Commit") == main.hex)
        #expect(dev.trailer("Source-Ref") == "main")
        #expect(try source.rendered("staging") == nil)
        #expect(try source.tip("env/staging") == nil, "compile never creates source branches")
    }

    @Test func compileWithoutRefRendersStagingFromEnvStagingOnceItExists() throws {
        let source = try CLISource()
        let first = try source.commit(WorkflowFragments.promoting)
        try source.point("env/staging", at: first)
        let second = try source.commit(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        let result = try source.rolecall(["compile"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try source.rendered("dev")?.trailer("Source-Commit") == second.hex)
        let staging = try #require(try source.rendered("staging"))
        #expect(staging.trailer("Source-Commit") == first.hex)
        #expect(staging.trailer("Source-Ref") == "env/staging")
    }

    @Test func compileOfAnAncestorOfTheRenderedSourceLeavesTheBranchTipUnchanged() throws {
        let source = try CLISource()
        let older = try source.commit(CLISource.clean)
        let newer = try source.commit(CLISource.clean.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.rolecall(["compile", "--env", "dev"]).status == 0)
        let tip = try #require(try source.rendered("dev"))
        #expect(tip.trailer("Source-Commit") == newer.hex)

        let result = try source.rolecall(["compile", "--ref", older.hex, "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("rendered/dev: skipped, it already renders \(newer.short), which is newer than \(older.short)"), "\(result.stdout)")
        #expect(try source.tip("rendered/dev") == tip.id)
    }
}

private extension CLISource {
    /// Points `branch` at an existing commit.
    func point(_ branch: String, at existing: ObjectID) throws {
        try repository.updateReference("refs/heads/" + branch, to: existing, expecting: try tip(branch), message: "fixture")
    }
}
