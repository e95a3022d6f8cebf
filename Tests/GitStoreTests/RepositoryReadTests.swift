import Foundation
import TestSupport
import GitStore
import Testing

@Suite("Repository: opening and reading")
struct RepositoryReadTests {
    @Test func discoveringFromANestedFolderOpensTheEnclosingRepository() throws {
        let temp = try TemporaryDirectory()
        let created = try Repository(creatingAt: temp.sub("work"))
        let nested = temp.sub("work/teams/payments")
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)

        let opened = try Repository(discovering: nested)
        #expect(opened.gitDirectory == created.gitDirectory)
        #expect(opened.gitDirectory.hasSuffix("/work/.git/"))
        #expect(!opened.isBare)
    }

    @Test func aBareRepositoryOpensAsBare() throws {
        let temp = try TemporaryDirectory()
        _ = try Repository(creatingAt: temp.sub("source.git"), bare: true)
        let opened = try Repository(discovering: temp.sub("source.git"))
        #expect(opened.isBare)
        #expect(opened.gitDirectory.hasSuffix("/source.git/"))
    }

    @Test func discoveringOutsideAnyRepositoryThrowsNotFound() throws {
        let temp = try TemporaryDirectory()
        let error = #expect(throws: GitError.self) { try Repository(discovering: temp.path) }
        guard case .notFound? = error else { Issue.record("expected .notFound, got \(String(describing: error))"); return }
    }

    @Test func resolveCommitAcceptsBranchesIdsShortIdsAncestryAndTags() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let first = try repo.commitFiles(["a.txt": "1\n"])
        let second = try repo.commitFiles(["a.txt": "2\n"], parents: [first])
        try repo.updateReference("refs/tags/v1", to: first, expecting: nil, message: "tag")

        #expect(try repo.resolveCommit("main") == second)
        #expect(try repo.resolveCommit("refs/heads/main") == second)
        #expect(try repo.resolveCommit("HEAD") == second)
        #expect(try repo.resolveCommit(second.hex) == second)
        #expect(try repo.resolveCommit(String(second.hex.prefix(10))) == second)
        #expect(try repo.resolveCommit("main~1") == first)
        #expect(try repo.resolveCommit("v1") == first)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func resolveCommitPeelsAnAnnotatedTagToItsCommit() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let commit = try repo.commitFiles(["a.txt": "1\n"])
        try Tool.git(["tag", "-a", "release", "-m", "annotated", commit.hex], in: temp.path)
        let tagObject = try Tool.git(["rev-parse", "release"], in: temp.path)
        #expect(tagObject != commit.hex)
        #expect(try repo.resolveCommit("release") == commit)
    }

    @Test func resolvingAMissingBranchThrowsNotFoundAndATreeIsNotACommit() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let commit = try repo.commitFiles(["a.txt": "1\n"])
        let missing = #expect(throws: GitError.self) { try repo.resolveCommit("no-such-branch") }
        guard case .notFound? = missing else { Issue.record("expected .notFound, got \(String(describing: missing))"); return }
        let tree = try repo.commit(commit).tree
        #expect(throws: GitError.self) { try repo.resolveCommit(tree.hex) }
    }

    @Test func walkListsSubtreesThenDescendsWithFullPaths() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let tree = try repo.writeTree(files: [
            "teams/payments/team.yaml": Data("kind: Team\n".utf8),
            "teams/billing.yaml": Data("kind: Team\n".utf8),
            "README.md": Data("hi\n".utf8),
        ])
        let entries = try repo.walk(tree: tree)
        #expect(entries.map(\.path) == ["README.md", "teams", "teams/billing.yaml", "teams/payments", "teams/payments/team.yaml"])
        #expect(entries.map(\.kind) == [.blob, .tree, .blob, .tree, .blob])

        let prefixed = try repo.walk(tree: try #require(try repo.entry(at: "teams", in: tree)).id, prefix: "teams/")
        #expect(prefixed.map(\.path) == ["teams/billing.yaml", "teams/payments", "teams/payments/team.yaml"])
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func walkReportsExecutableSymlinkAndSubmoduleKinds() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let commit = try repo.commitFiles(["x": "x\n"])
        let blob = try repo.writeBlob(Data("target.yaml".utf8))
        let listing = """
        100644 blob \(blob.hex)\tplain.yaml
        100755 blob \(blob.hex)\trun.sh
        120000 blob \(blob.hex)\tlink.yaml
        160000 commit \(commit.hex)\tvendor

        """
        let treeHex = try Tool.git(["mktree"], in: temp.path, input: Data(listing.utf8))
        let tree = try #require(ObjectID(hex: treeHex))
        let kinds = Dictionary(uniqueKeysWithValues: try repo.walk(tree: tree).map { ($0.path, $0.kind) })
        #expect(kinds == ["plain.yaml": .blob, "run.sh": .executable, "link.yaml": .symlink, "vendor": .submodule])
        #expect(try repo.entry(at: "vendor", in: tree)?.id == commit)
    }

    @Test func entryFindsNestedPathsAndIsNilForMissingOnes() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let blob = try repo.writeBlob(Data("kind: Team\n".utf8))
        let tree = try repo.writeTree(files: ["teams/payments/team.yaml": Data("kind: Team\n".utf8)])
        let entry = try #require(try repo.entry(at: "teams/payments/team.yaml", in: tree))
        #expect(entry.id == blob)
        #expect(entry.kind == .blob)
        #expect(try repo.entry(at: "teams/payments", in: tree)?.kind == .tree)
        #expect(try repo.entry(at: "teams/missing.yaml", in: tree) == nil)
        #expect(try repo.entry(at: "environments", in: tree) == nil)
    }

    @Test func blobReturnsTheExactBytesWrittenIncludingEmptyAndBinary() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let binary = Data([0, 1, 2, 0xFF, 0x0A, 0])
        #expect(try repo.blob(try repo.writeBlob(binary)) == binary)
        #expect(try repo.blob(try repo.writeBlob(Data())) == Data())
        let text = Data("name: payments\n".utf8)
        #expect(try repo.blob(try repo.writeBlob(text)) == text)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func blobIdsMatchGitHashObject() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let content = "kind: Team\nname: billing\n"
        let expected = try Tool.git(["hash-object", "--stdin"], in: temp.path, input: Data(content.utf8))
        #expect(try repo.writeBlob(Data(content.utf8)).hex == expected)
    }

    @Test func headBranchNamesTheInitialBranchEvenBeforeTheFirstCommit() throws {
        let temp = try TemporaryDirectory()
        #expect(try Repository(creatingAt: temp.sub("a")).headBranch() == "main")
        #expect(try Repository(creatingAt: temp.sub("b"), initialBranch: "trunk").headBranch() == "trunk")
        #expect(try Repository(creatingAt: temp.sub("c.git"), bare: true, initialBranch: "release").headBranch() == "release")
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func headBranchIsNilWhenHeadIsDetached() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let commit = try repo.commitFiles(["a.txt": "1\n"])
        try Tool.git(["update-ref", "--no-deref", "HEAD", commit.hex], in: temp.path)
        let reopened = try Repository(discovering: temp.path)
        #expect(try reopened.headBranch() == nil)
        #expect(try reopened.resolveCommit("HEAD") == commit)
    }

    @Test func commitInfoRecordsTreeParentsAndMessage() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let tree = try repo.writeTree(files: ["a": Data("a".utf8)])
        let root = try repo.createCommit(tree: tree, parents: [], message: "root\n")
        let child = try repo.createCommit(tree: tree, parents: [root], message: "child\n")
        let info = try repo.commit(child)
        #expect(info.id == child)
        #expect(info.tree == tree)
        #expect(info.parents == [root])
        #expect(info.message == "child\n")
        #expect(try repo.commit(root).parents.isEmpty)
    }

    @Test func trailerReadsTheLastMatchingKeyAndIgnoresLongerKeys() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let tree = try repo.writeTree(files: [:])
        let message = """
        compile dev from 0123456789ab

        Source-Commit-Extra: decoy
        Source-Commit: aaaa
        Source-Commit:   bbbb\t
        Source-Ref: main

        """
        let info = try repo.commit(try repo.createCommit(tree: tree, parents: [], message: message))
        #expect(info.trailer("Source-Commit") == "bbbb")
        #expect(info.trailer("Source-Ref") == "main")
        #expect(info.trailer("Source") == nil)
        #expect(info.trailer("Missing") == nil)
    }
}
