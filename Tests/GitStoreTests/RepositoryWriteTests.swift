import Foundation
import TestSupport
@testable import GitStore
import Testing

@Suite("Repository: writing trees, commits and references")
struct RepositoryWriteTests {
    static let files: [String: Data] = [
        "clusters/dev-eu-1/aws-auth.yaml": Data("kind: ConfigMap\n".utf8),
        "clusters/dev-eu-1/rbac/roles.yaml": Data("kind: Role\n".utf8),
        "README.md": Data("# hi\n".utf8),
        ".rolecall/metadata.json": Data("{}\n".utf8),
    ]

    /// A blob the object database holds keeps its object file, and is freshened as git freshens
    /// it (`git_odb_write` looks before it deflates, and touches what it finds), so a `git gc`
    /// running meanwhile does not prune an object a new tree is about to name.
    @Test func writingABlobTheDatabaseHoldsKeepsItsObjectAndFreshensIt() throws {
        let temp = try TemporaryDirectory()
        let repository = try Repository(creatingAt: temp.sub("repo"))
        let data = Data("kind: ConfigMap\n".utf8)
        let id = try repository.writeBlob(data)
        #expect(id == Repository.blobID(of: data))
        #expect(repository.contains(id))
        let object = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))").path
        let written = try Data(contentsOf: URL(fileURLWithPath: object))
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: object)
        #expect(try repository.writeBlob(data) == id)
        #expect(try Data(contentsOf: URL(fileURLWithPath: object)) == written)
        #expect(try FileManager.default.attributesOfItem(atPath: object)[.modificationDate] as? Date != old)
        #expect(try repository.blob(id) == data)
    }

    /// The rendering threads write blobs at once through one object database: every blob comes
    /// out whole, under git's own id for its bytes, whichever thread wrote it first.
    @Test func blobsWrittenFromManyThreadsAtOnceAreAllWhole() throws {
        let temp = try TemporaryDirectory()
        let repository = try Repository(creatingAt: temp.sub("repo"), bare: true)
        let database = try repository.objectDatabase()
        // Every blob is written twice (blobs 2n and 2n+1 hold the same bytes), so the same object
        // races with itself.
        let blobs = (0..<400).map { index in
            let seed = index / 2
            return Data((0..<(seed * 97 % 5_000 + 1)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) })
        }
        let lock = NSLock()
        nonisolated(unsafe) var ids: [Int: ObjectID] = [:]
        nonisolated(unsafe) var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: blobs.count) { index in
            do {
                let id = try database.writeBlob(blobs[index])
                lock.withLock { ids[index] = id }
            } catch {
                lock.withLock { failures.append("\(error)") }
            }
        }
        #expect(failures.isEmpty)
        for (index, data) in blobs.enumerated() {
            #expect(ids[index] == Repository.blobID(of: data))
            if let id = ids[index] { #expect(try repository.blob(id) == data) }
        }
    }

    /// New blobs are deflated through a loose backend called directly, on the writing threads;
    /// one the repository holds in a pack is freshened there, never deflated again as a loose
    /// object, and nothing the writes leave behind is half-written.
    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func aBlobInAPackIsNotWrittenAgainAndNoTemporaryFileIsLeft() throws {
        let temp = try TemporaryDirectory()
        let path = temp.sub("repo")
        let repository = try Repository(creatingAt: path)
        let packed = Data("kind: Role\n".utf8)
        let id = try repository.writeBlob(packed)
        try Tool.git(["update-ref", "refs/keep", try Tool.git(["commit-tree", try repository.writeTree(files: ["roles.yaml": packed]).hex, "-m", "keep"], in: path)], in: path)
        try Tool.git(["repack", "-a", "-d", "-q"], in: path)
        try Tool.git(["prune-packed"], in: path)
        let objects = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("objects")
        let loose = objects.appendingPathComponent("\(id.hex.prefix(2))/\(id.hex.dropFirst(2))").path
        #expect(!FileManager.default.fileExists(atPath: loose), "the blob lives in the pack only")

        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: objects.appendingPathComponent("pack").path).first { $0.hasSuffix(".pack") })
        let packPath = objects.appendingPathComponent("pack/\(pack)").path
        let old = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: packPath)
        let reopened = try Repository(discovering: path)
        #expect(try reopened.writeBlob(packed) == id)
        #expect(!FileManager.default.fileExists(atPath: loose), "found in the pack: not deflated again")
        #expect(try FileManager.default.attributesOfItem(atPath: packPath)[.modificationDate] as? Date != old, "the pack is freshened")
        let fresh = Data("kind: RoleBinding\n".utf8)
        let freshID = try reopened.writeBlob(fresh)
        #expect(FileManager.default.fileExists(atPath: objects.appendingPathComponent("\(freshID.hex.prefix(2))/\(freshID.hex.dropFirst(2))").path))
        #expect(try Tool.git(["cat-file", "blob", freshID.hex], in: path) == "kind: RoleBinding")
        try Tool.git(["fsck", "--no-dangling", "--strict"], in: path)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: objects.path).filter { $0.contains("tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// The loose backend syncs object files when the repository asks for it, as libgit2 opens
    /// its own: the setting is read from the repository's configuration.
    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func objectFilesAreSyncedWhenTheRepositoryAsks() throws {
        let temp = try TemporaryDirectory()
        let path = temp.sub("repo")
        _ = try Repository(creatingAt: path)
        #expect(!(try Repository(discovering: path)).fsyncsObjectFiles)
        try Tool.git(["config", "core.fsyncObjectFiles", "true"], in: path)
        let syncing = try Repository(discovering: path)
        #expect(syncing.fsyncsObjectFiles)
        let data = Data("synced\n".utf8)
        #expect(try syncing.writeBlob(data) == Repository.blobID(of: data))
        #expect(try Tool.git(["cat-file", "blob", Repository.blobID(of: data).hex], in: path) == "synced")
        try Tool.git(["config", "core.fsyncObjectFiles", "false"], in: path)
        #expect(!(try Repository(discovering: path)).fsyncsObjectFiles)
    }

    /// A linked worktree keeps its objects in the main repository's folder: blobs written from
    /// the worktree land there, where git reads them.
    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func blobsWrittenFromALinkedWorktreeLandInTheSharedObjectsFolder() throws {
        let temp = try TemporaryDirectory()
        let path = temp.sub("repo")
        let repository = try Repository(creatingAt: path)
        try Tool.git(["update-ref", "refs/heads/main", try Tool.git(["commit-tree", try repository.writeTree(files: Self.files).hex, "-m", "first"], in: path)], in: path)
        try Tool.git(["worktree", "add", "-q", "-b", "linked", temp.sub("linked"), "main"], in: path)
        let linked = try Repository(discovering: temp.sub("linked"))
        let data = Data("written from the worktree\n".utf8)
        let id = try linked.writeBlob(data)
        #expect(FileManager.default.fileExists(atPath: temp.sub("repo/.git/objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))")))
        #expect(try Tool.git(["cat-file", "blob", id.hex], in: path) == "written from the worktree")
    }

    @Test func sameFilesGiveTheSameTreeIdInAnyOrderAndAnyRepository() throws {
        let temp = try TemporaryDirectory()
        let one = try Repository(creatingAt: temp.sub("one"))
        let two = try Repository(creatingAt: temp.sub("two.git"), bare: true)
        let first = try one.writeTree(files: Self.files)
        var reordered: [String: Data] = [:]
        for key in Self.files.keys.sorted().reversed() { reordered[key] = Self.files[key] }
        #expect(try one.writeTree(files: reordered) == first)
        #expect(try two.writeTree(files: Self.files) == first)
    }

    @Test func differentContentOrPathsGiveDifferentTreeIds() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let base = try repo.writeTree(files: Self.files)
        var changed = Self.files
        changed["README.md"] = Data("# changed\n".utf8)
        var moved = Self.files
        moved["docs/README.md"] = moved.removeValue(forKey: "README.md")
        #expect(try repo.writeTree(files: changed) != base)
        #expect(try repo.writeTree(files: moved) != base)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func writtenTreesHoldExactlyTheFilesAndMatchGitsOwnTreeId() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let tree = try repo.writeTree(files: Self.files)
        let listing = try Tool.git(["ls-tree", "-r", "--name-only", tree.hex], in: temp.path)
        #expect(listing.split(separator: "\n").map(String.init) == Self.files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        // git computes the same id from the same files staged through its own index.
        let work = temp.sub("checkout")
        try Tool.git(["init", "-q", work], in: temp.path)
        for (path, data) in Self.files {
            let full = work + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: full))
        }
        try Tool.git(["add", "-A"], in: work)
        #expect(try Tool.git(["write-tree"], in: work) == tree.hex)
    }

    @Test func creatingAReferenceThatExistsWithExpectingNilThrowsExists() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let first = try repo.commitFiles(["a": "1"], branch: nil)
        let second = try repo.commitFiles(["a": "2"], parents: [first], branch: nil)
        try repo.updateReference("refs/heads/rendered/dev", to: first, expecting: nil, message: "create")
        #expect(try repo.referenceTarget("refs/heads/rendered/dev") == first)

        let error = #expect(throws: GitError.self) {
            try repo.updateReference("refs/heads/rendered/dev", to: second, expecting: nil, message: "create again")
        }
        guard case .exists? = error else { Issue.record("expected .exists, got \(String(describing: error))"); return }
        #expect(try repo.referenceTarget("refs/heads/rendered/dev") == first)
    }

    @Test func movingAReferenceFromTheWrongTipThrowsModifiedAndLeavesItInPlace() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let a = try repo.commitFiles(["a": "1"], branch: nil)
        let b = try repo.commitFiles(["a": "2"], parents: [a], branch: nil)
        let c = try repo.commitFiles(["a": "3"], parents: [b], branch: nil)
        try repo.updateReference("refs/heads/rendered/dev", to: b, expecting: nil, message: "create")

        let error = #expect(throws: GitError.self) {
            try repo.updateReference("refs/heads/rendered/dev", to: c, expecting: a, message: "stale")
        }
        guard case .modified? = error else { Issue.record("expected .modified, got \(String(describing: error))"); return }
        #expect(try repo.referenceTarget("refs/heads/rendered/dev") == b)

        try repo.updateReference("refs/heads/rendered/dev", to: c, expecting: b, message: "fresh")
        #expect(try repo.referenceTarget("refs/heads/rendered/dev") == c)
    }

    @Test func expectingATipOnAMissingReferenceThrowsAndCreatesNothing() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let a = try repo.commitFiles(["a": "1"], branch: nil)
        #expect(throws: GitError.self) {
            try repo.updateReference("refs/heads/rendered/prod", to: a, expecting: a, message: "update")
        }
        #expect(try repo.referenceTarget("refs/heads/rendered/prod") == nil)
    }

    @Test func referenceNamesListsOnlyThePrefixSorted() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let a = try repo.commitFiles(["a": "1"])
        for name in ["rendered/prod", "rendered/dev", "env/staging"] {
            try repo.updateReference("refs/heads/" + name, to: a, expecting: nil, message: "create")
        }
        #expect(try repo.referenceNames(under: "refs/heads/rendered/") == ["refs/heads/rendered/dev", "refs/heads/rendered/prod"])
        #expect(try repo.referenceTarget("refs/heads/missing") == nil)
    }

    @Test func isAncestorFollowsHistoryOnlyBackwards() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let a = try repo.commitFiles(["a": "1"])
        let b = try repo.commitFiles(["a": "2"], parents: [a])
        let c = try repo.commitFiles(["a": "3"], parents: [b])
        let unrelated = try repo.commitFiles(["z": "1"], branch: "other")

        #expect(try repo.isAncestor(a, of: c))
        #expect(try repo.isAncestor(b, of: c))
        #expect(try repo.isAncestor(c, of: c))
        #expect(try !repo.isAncestor(c, of: a))
        #expect(try !repo.isAncestor(unrelated, of: c))
        #expect(try !repo.isAncestor(a, of: unrelated))
    }

    @Test func isAncestorSeesBothParentsOfAMerge() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let base = try repo.commitFiles(["a": "1"])
        let left = try repo.commitFiles(["a": "2"], parents: [base], branch: nil)
        let right = try repo.commitFiles(["a": "3"], parents: [base], branch: nil)
        let merge = try repo.commitFiles(["a": "4"], parents: [left, right], branch: nil)
        #expect(try repo.commit(merge).parents == [left, right])
        #expect(try repo.isAncestor(right, of: merge))
        #expect(try repo.isAncestor(left, of: merge))
        #expect(try !repo.isAncestor(left, of: right))
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func objectsWrittenPassGitFsckStrict() throws {
        let temp = try TemporaryDirectory()
        let repo = try Repository(creatingAt: temp.path)
        let a = try repo.commitFiles(Self.files.mapValues { String(decoding: $0, as: UTF8.self) })
        _ = try repo.commitFiles(["x/y/z.yaml": "z: 1\n"], parents: [a])
        guard let git = Tool.git else { return }
        let result = try Tool.run(git, ["fsck", "--strict", "--no-dangling"], in: temp.path)
        #expect(result.status == 0, "git fsck failed: \(result.stderr)")
        #expect(!result.stderr.contains("error"), "\(result.stderr)")
    }
}
