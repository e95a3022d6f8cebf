import Compiler
import TestSupport
import Foundation
import GitStore
import Output
import Testing

@Suite("compile and publish to rendered branches")
struct CompilePublishTests {
    @Test func outputBranchHoldsClusterFilesReadmeMetadataAndGitattributes() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        _ = try source.publish(commit)
        let files = try source.renderedFiles("dev")

        let expected = Set(SmallSource.clusterFiles.map { "clusters/dev-eu-1/" + $0 } + ["README.md", ".rolecall/metadata.json", ".rolecall/cache.json", ".gitattributes"])
        #expect(Set(files.keys) == expected)
        #expect(files[".gitattributes"] == "clusters/** linguist-generated=true\n.rolecall/** linguist-generated=true\n")
        #expect(files["README.md"]?.contains("Compiled from `main` at commit `\(commit.hex)`") == true)
        #expect(files["README.md"]?.contains("- `clusters/dev-eu-1/`") == true)

        let metadataText = try #require(files[".rolecall/metadata.json"])
        let metadata = try #require(try JSONSerialization.jsonObject(with: Data(metadataText.utf8)) as? [String: Any])
        let sourceInfo = try #require(metadata["source"] as? [String: String])
        #expect(sourceInfo["commit"] == commit.hex)
        #expect(sourceInfo["ref"] == "main")
        #expect(sourceInfo["tree"] == (try source.repository.commit(commit)).tree.hex)
        #expect(metadata["environment"] as? String == "dev")
        #expect(metadata["clusters"] as? [String] == ["dev-eu-1"])
        #expect(metadata["plugins"] as? [String] == ["aws-auth", "access-entries", "rbac", "kustomize"])
    }

    @Test func commitMessageNamesEnvironmentAndShortSourceWithTrailers() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        let outcome = try #require(try source.publish(commit)["dev"])
        let tip = try source.renderedTip("dev")
        #expect(outcome == .committed(commit: tip.id.hex, previous: nil))
        #expect(tip.parents.isEmpty)
        #expect(tip.message.hasPrefix("compile dev from \(commit.hex.prefix(12))\n"))
        #expect(tip.trailer("Source-Commit") == commit.hex)
        #expect(tip.trailer("Source-Ref") == "main")
        // The source branch itself is never touched.
        #expect(try source.repository.resolveCommit("main") == commit)
    }

    @Test func sameSourceTwiceIsUnchangedWithTheIdenticalTree() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        _ = try source.publish(commit)
        let first = try source.renderedTip("dev")

        let second = try source.publish(commit)
        #expect(second["dev"] == .unchanged(tip: first.id.hex))
        #expect(try source.renderedTip("dev").id == first.id)

        // A fresh compiler (no parse cache) renders the same tree.
        let again = try source.compile(commit)
        let files = BranchLayout.files(for: try #require(again.environments.first).bundle,
                                       source: SourceInfo(ref: "main", commit: again.commit, tree: again.tree), compilerVersion: RolecallVersion.current)
        #expect(try source.repository.writeTree(files: files) == first.tree)
    }

    @Test func aNewerSourceCommitsOnTopOfThePreviousRenderedCommit() throws {
        let source = try SourceRepository()
        let first = try source.commit(SmallSource.files)
        _ = try source.publish(first)
        let before = try source.renderedTip("dev")
        var changed = SmallSource.files
        changed["teams/billing.yaml"] = changed["teams/billing.yaml"]!.replacingOccurrences(of: "[billing]", with: "[billing, billing-jobs]")
        let second = try source.commit(changed)
        let outcome = try source.publish(second)["dev"]
        let after = try source.renderedTip("dev")
        #expect(outcome == .committed(commit: after.id.hex, previous: before.id.hex))
        #expect(after.parents == [before.id])
        #expect(try source.renderedFiles("dev")["clusters/dev-eu-1/namespaces.yaml"]?.contains("billing-jobs") == true)
    }

    @Test func anOlderSourceThanTheRenderedOneIsSkipped() throws {
        let source = try SourceRepository()
        let older = try source.commit(SmallSource.files)
        var changed = SmallSource.files
        changed["README.md"] = "fragments, edited\n"
        let newer = try source.commit(changed)
        _ = try source.publish(newer)
        let rendered = try source.renderedTip("dev")

        let outcome = try source.publish(older)
        #expect(outcome["dev"] == .skippedOlderSource(rendered: newer.hex))
        #expect(try source.renderedTip("dev").id == rendered.id)
    }

    @Test func withoutTheRenderedSourcesHistoryPublishingRefusesRatherThanRisksGoingBack() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        // A rendered tip recording a source this clone does not have (as in a shallow clone).
        let missing = "0123456789abcdef0123456789abcdef01234567"
        let tree = try source.repository.writeTree(files: ["README.md": Data("rendered\n".utf8)])
        let tip = try source.repository.createCommit(tree: tree, parents: [], message: "compile dev from 0123456789ab\n\nSource-Commit: \(missing)\nSource-Ref: main\n")
        try source.repository.updateReference("refs/heads/rendered/dev", to: tip, expecting: nil, message: "fixture")

        #expect(throws: GitError.self) { try source.publish(commit) }
        #expect(try source.renderedTip("dev").id == tip)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func aBareCloneCompilesToTheIdenticalTree() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        _ = try source.publish(commit)
        let clonePath = source.temp.sub("clone.git")
        try Tool.git(["clone", "-q", "--bare", source.path, clonePath], in: source.temp.path)
        let clone = try Repository(discovering: clonePath)
        #expect(clone.isBare)

        let compilation = try source.compile(try clone.resolveCommit("main"), in: clone)
        #expect(compilation.commit == commit.hex)
        let outcome = try source.publish(try clone.resolveCommit("main"), in: clone)
        // The clone copied rendered/dev too, so the same tree is recognised as unchanged.
        #expect(outcome["dev"] == .unchanged(tip: try source.renderedTip("dev").id.hex))
        #expect(try source.renderedTip("dev", in: clone).tree == (try source.renderedTip("dev")).tree)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func aBareCloneWithoutRenderedBranchesRendersTheSameTree() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        _ = try source.publish(commit)
        let clonePath = source.temp.sub("fresh.git")
        try Tool.git(["clone", "-q", "--bare", "--single-branch", "--branch", "main", source.path, clonePath], in: source.temp.path)
        let clone = try Repository(discovering: clonePath)
        #expect(try clone.referenceTarget("refs/heads/rendered/dev") == nil)
        let outcome = try source.publish(commit, in: clone)
        guard case .committed? = outcome["dev"] else { Issue.record("expected a new commit, got \(String(describing: outcome["dev"]))"); return }
        #expect(try source.renderedTip("dev", in: clone).tree == (try source.renderedTip("dev")).tree)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func uncommittedWorkingTreeAndIndexEditsAreIgnored() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        try Tool.git(["reset", "-q", "--hard", "main"], in: source.path)
        _ = try source.publish(commit)
        let rendered = try source.renderedTip("dev")

        // Edit a tracked file, stage another edit, and add an untracked team.
        try SmallSource.typo.write(toFile: source.path + "/teams/billing.yaml", atomically: true, encoding: .utf8)
        try "kind: Team\nname: payments\nnamespaces: [payments, staged]\n".write(toFile: source.path + "/teams/payments.yaml", atomically: true, encoding: .utf8)
        try Tool.git(["add", "teams/payments.yaml"], in: source.path)
        try "kind: Team\nname: ghost\nnamespaces: [ghost]\n".write(toFile: source.path + "/teams/ghost.yaml", atomically: true, encoding: .utf8)
        #expect(try Tool.git(["status", "--porcelain"], in: source.path).isEmpty == false)

        let head = try source.repository.resolveCommit("HEAD")
        #expect(head == commit)
        let compilation = try source.compile(head)
        #expect(!compilation.hasErrors)
        #expect(try source.publish(head)["dev"] == .unchanged(tip: rendered.id.hex))
        #expect(try !source.renderedFiles("dev").values.contains { $0.contains("ghost") || $0.contains("staged") })
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func repositoryPassesGitFsckStrictAfterCompiling() throws {
        let source = try SourceRepository()
        let first = try source.commit(SmallSource.files)
        _ = try source.publish(first)
        var changed = SmallSource.files
        changed["README.md"] = "second\n"
        _ = try source.publish(try source.commit(changed))
        let result = try Tool.run(try #require(Tool.git), ["fsck", "--strict", "--no-dangling"], in: source.path)
        #expect(result.status == 0, "git fsck --strict failed: \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("error"), "\(result.stderr)")
        #expect(!result.stderr.lowercased().contains("warning"), "\(result.stderr)")
    }

    @Test(.enabled(if: Kubectl.available, "kubectl or git not on PATH: skipping `kubectl kustomize`"))
    func kubectlKustomizeBuildsTheEmittedClusterFolder() throws {
        let source = try SourceRepository()
        _ = try source.publish(try source.commit(SmallSource.files))
        let folder = source.temp.sub("extracted")
        try source.extract("dev", into: folder)
        let result = try Tool.run(try #require(Kubectl.path), ["kustomize", folder + "/clusters/dev-eu-1"])
        #expect(result.status == 0, "kubectl kustomize failed: \(result.stderr)")
        for kind in ["ConfigMap", "Namespace", "RoleBinding", "ClusterRoleBinding"] {
            #expect(result.stdout.contains("kind: \(kind)\n"), "kustomize output lacks \(kind)")
        }
        #expect(!result.stdout.contains("accessEntries"))
    }
}
