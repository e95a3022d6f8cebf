import Foundation
import GitStore
import Testing
import TestSupport

/// The workflow's smaller promises: usage errors exit 2, a stale empty lock does not block,
/// a full disk is called that, and a newer compiler's output of the same source is published.
@Suite("workflow weak spots", .serialized)
struct WorkflowWeakSpotTests {
    @Test func verifyOfAnEnvironmentThatDoesNotExistIsAUsageError() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        #expect(try source.rolecall(["compile", "--ref", "main"]).status == 0)
        let result = try source.failing(["verify", "--env", "prdo"], status: 2)
        #expect(result.stderr.contains("no concrete environment 'prdo'"), "\(result.stderr)")
    }

    @Test(.timeLimit(.minutes(1)))
    func anEmptyStaleLockFileIsTakenOver() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let lock = source.gitFile("rolecall.lock")
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        let result = try source.rolecall(["compile", "--ref", "main"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try source.rendered("dev") != nil)
        #expect(!FileManager.default.fileExists(atPath: lock), "the lock is released after the run")
    }

    @Test func theSameSourceRenderedByAnotherCompilerVersionIsRepublished() throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        #expect(try source.rolecall(["compile", "--ref", "main", "--env", "dev"]).status == 0)
        // What an older rolecall would have written for the same source commit.
        let current = try #require(try source.tip("rendered/dev"))
        var files = try source.repository.files(in: try source.repository.commit(current).tree)
        files[".rolecall/metadata.json"] = Data(String(decoding: files[".rolecall/metadata.json"]!, as: UTF8.self)
            .replacingOccurrences(of: "\"version\": \"0.1.0\"", with: "\"version\": \"0.0.9\"").utf8)
        let old = try source.repository.createCommit(tree: try source.repository.writeTree(files: files), parents: [current],
                                                     message: "compile dev from \(main.short)\n\nSource-Commit: \(main.hex)\nSource-Ref: main\n")
        try source.repository.updateReference("refs/heads/rendered/dev", to: old, expecting: current, message: "older compiler")

        let result = try source.rolecall(["compile", "--ref", "main", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("rendered/dev: committed "), "\(result.stdout)")
        let tip = try #require(try source.rendered("dev"))
        #expect(tip.parents == [old])
        #expect(try source.file(".rolecall/metadata.json", at: tip.id)?.contains("\"version\": \"0.1.0\"") == true)
    }

    /// A small tmpfs (root only, where mounting is allowed) filled to the last byte.
    static let canMount: Bool = {
        guard getuid() == 0, let temp = try? TemporaryDirectory("mount") else { return false }
        let ok = (try? Tool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", temp.path]))?.status == 0
        if ok { _ = try? Tool.run("/bin/umount", [temp.path]) }
        return ok
    }()

    @Test(.enabled(if: canMount, "needs root and tmpfs to fill a disk"))
    func aFullDiskIsReportedAsAFullDiskAndMovesNoRef() throws {
        let mount = try TemporaryDirectory("full")
        guard try Tool.run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.path]).status == 0 else { throw FixtureError("mount failed") }
        defer { _ = try? Tool.run("/bin/umount", [mount.path]) }
        let path = mount.sub("source")
        let repository = try Repository(creatingAt: path)
        try repository.commitFiles(CLISource.clean)
        _ = try Tool.run("/bin/sh", ["-c", "cat /dev/zero > \"$1\"/filler 2>/dev/null; true", "sh", mount.path])
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))

        let result = try RolecallBinary.run(["compile", "--ref", "main", "--repo", path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("the disk is full: "), "\(result.stderr)")
        #expect(!result.stderr.contains("while compiling"), "\(result.stderr)")
        #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory)) == before)
    }
}
