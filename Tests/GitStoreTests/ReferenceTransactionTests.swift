import Foundation
import GitStore
import Testing
import TestSupport

/// `updateReferences` moves every ref or none; `BranchName` applies git's branch-name rules.
@Suite("Repository: reference transactions and branch names")
struct ReferenceTransactionTests {
    /// A repository with commits `a` (on main) and `b`; holds its folder alive.
    final class Fixture {
        let temp: TemporaryDirectory
        let repo: Repository
        let a: ObjectID, b: ObjectID

        init() throws {
            temp = try TemporaryDirectory()
            repo = try Repository(creatingAt: temp.sub("repo"))
            a = try repo.commitFiles(["a": "1\n"], branch: "main")
            b = try repo.commitFiles(["b": "2\n"], parents: [a], branch: nil)
        }
    }

    static func snapshot(_ repo: Repository) throws -> RefSnapshot {
        try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repo.gitDirectory))
    }

    @Test func allRefsMoveWhenEveryTipIsAsExpected() throws {
        let fixture = try Fixture()
        let (repo, a, b) = (fixture.repo, fixture.a, fixture.b)
        try repo.updateReference("refs/heads/rendered/dev", to: a, expecting: nil, message: "create")
        try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                   ReferenceUpdate("refs/heads/rendered/prod", to: b, expecting: nil)], message: "both")
        #expect(try repo.referenceTarget("refs/heads/rendered/dev") == b)
        #expect(try repo.referenceTarget("refs/heads/rendered/prod") == b)
        withExtendedLifetime(fixture) {}
    }

    @Test func oneStaleExpectationMovesNothing() throws {
        let fixture = try Fixture()
        let (repo, a, b) = (fixture.repo, fixture.a, fixture.b)
        try repo.updateReference("refs/heads/rendered/dev", to: a, expecting: nil, message: "create")
        try repo.updateReference("refs/heads/rendered/prod", to: b, expecting: nil, message: "create")
        let before = try Self.snapshot(repo)
        #expect(throws: GitError.self) {
            try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                       ReferenceUpdate("refs/heads/rendered/prod", to: a, expecting: a)], message: "stale")
        }
        #expect(try Self.snapshot(repo) == before, "no ref moved and no lock file is left")
        #expect(throws: GitError.self) {
            try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                       ReferenceUpdate("refs/heads/rendered/prod", to: a, expecting: nil)], message: "exists")
        }
        #expect(try Self.snapshot(repo) == before)
        withExtendedLifetime(fixture) {}
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"), arguments: [false, true])
    func aRefWhereAFolderOfRefsIsMovesNothingLooseOrPacked(packed: Bool) throws {
        let fixture = try Fixture()
        let (repo, a, b) = (fixture.repo, fixture.a, fixture.b)
        try repo.updateReference("refs/heads/rendered/dev", to: a, expecting: nil, message: "create")
        try repo.updateReference("refs/heads/rendered/prod/old", to: a, expecting: nil, message: "create")
        if packed { try Tool.git(["pack-refs", "--all"], in: repo.workingDirectory!) }
        let before = try Self.snapshot(repo)
        #expect(throws: GitError.invalid("cannot write 'refs/heads/rendered/prod': 'refs/heads/rendered/prod/old' exists inside it, and git cannot hold a reference and a folder of that name; rename or delete one")) {
            try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                       ReferenceUpdate("refs/heads/rendered/prod", to: b, expecting: nil)], message: "conflict")
        }
        #expect(throws: GitError.self) {
            try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                       ReferenceUpdate("refs/heads/rendered/dev/x", to: b, expecting: nil)], message: "conflict")
        }
        #expect(try Self.snapshot(repo) == before)
        withExtendedLifetime(fixture) {}
    }

    @Test func anInvalidNameMovesNothing() throws {
        let fixture = try Fixture()
        let (repo, a, b) = (fixture.repo, fixture.a, fixture.b)
        try repo.updateReference("refs/heads/rendered/dev", to: a, expecting: nil, message: "create")
        let before = try Self.snapshot(repo)
        #expect(throws: GitError.self) {
            try repo.updateReferences([ReferenceUpdate("refs/heads/rendered/dev", to: b, expecting: a),
                                       ReferenceUpdate("refs/heads/rendered/qa.lock", to: b, expecting: nil)], message: "invalid")
        }
        #expect(try Self.snapshot(repo) == before)
        withExtendedLifetime(fixture) {}
    }

    @Test(arguments: ["", "HEAD", "@", "-x", "refs/heads/main", "heads/main", "tags/v1", "remotes/origin/main", "a..b", "a b", "x.lock", "a//b", "a/", ".hidden", "x@{1}", "a~1", "a:b"])
    func gitRefusesTheseBranchNames(name: String) {
        #expect(BranchName.problem(name) != nil, "'\(name)' must be refused")
    }

    @Test(arguments: ["main", "rendered/dev", "rendered/prod-eu-1", "heads", "rendered/heads/x", "team_a/x.y", "é"])
    func gitAcceptsTheseBranchNames(name: String) {
        #expect(BranchName.problem(name) == nil)
    }
}
