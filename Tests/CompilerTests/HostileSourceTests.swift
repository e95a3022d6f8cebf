import Diagnostics
import Foundation
import GitStore
import TestSupport
import Testing

/// What a source tree can hold besides well-formed fragments: every case is an error naming
/// the path, and a compile of such a tree has errors (so nothing would be written).
@Suite("hostile and broken source trees")
struct HostileSourceTests {
    /// Commits the small clean source plus raw `extra` blobs (bytes, not text).
    static func commit(extra: [String: Data]) throws -> (SourceRepository, ObjectID) {
        let source = try SourceRepository()
        var files = SmallSource.files.mapValues { Data($0.utf8) }
        files.merge(extra) { $1 }
        let tree = try source.repository.writeTree(files: files)
        let commit = try source.repository.createCommit(tree: tree, parents: [], message: "hostile")
        return (source, commit)
    }

    static func codes(_ source: SourceRepository, _ commit: ObjectID) throws -> [String: String] {
        let compilation = try source.compile(commit)
        #expect(compilation.hasErrors)
        return Dictionary(compilation.diagnostics.filter { $0.severity == .error }.map { ($0.location.path, $0.code) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func binaryNonUTF8AndOversizedFragmentsAreRefusedByPath() throws {
        let (source, commit) = try Self.commit(extra: [
            "teams/binary.yaml": Data([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01]),
            // "café" saved as Latin-1: 0xE9 alone is not UTF-8.
            "teams/latin1.yaml": Data("kind: Team\nname: latin1\nnamespaces: [caf".utf8) + Data([0xE9]) + Data("]\n".utf8),
            "teams/huge.yaml": Data(("kind: Team\nname: huge\n# " + String(repeating: "x", count: 300_000) + "\n").utf8),
        ])
        let codes = try Self.codes(source, commit)
        #expect(codes["teams/binary.yaml"] == "binary-file")
        #expect(codes["teams/latin1.yaml"] == "not-utf8")
        #expect(codes["teams/huge.yaml"] == "fragment-too-large")
    }

    @Test func aFileWhoseNameDoesNotMatchItsNameIsAnError() throws {
        let (source, commit) = try Self.commit(extra: [
            "teams/search.yaml": Data("kind: Team\nname: serch\nnamespaces: [search]\n".utf8),
        ])
        let compilation = try source.compile(commit)
        let finding = try #require(compilation.diagnostics.first { $0.code == "name-mismatch" })
        #expect(finding.location.path == "teams/search.yaml" && finding.location.line == 2 && finding.location.column == 7)
        #expect(finding.location.commit == commit.hex)
    }

    @Test(.enabled(if: Tool.hasGit, "git CLI not on PATH"))
    func symlinksAndSubmodulesUnderTeamsAreRefused() throws {
        let source = try SourceRepository()
        let base = try source.commit(SmallSource.files)
        // Build the tree with git itself: a symlink (120000) and a submodule (160000) entry.
        let blob = try Tool.git(["hash-object", "-w", "--stdin"], in: source.path, input: Data("../environments/dev.yaml".utf8))
        try Tool.git(["read-tree", base.hex], in: source.path)
        try Tool.git(["update-index", "--add", "--cacheinfo", "120000,\(blob),teams/link.yaml"], in: source.path)
        try Tool.git(["update-index", "--add", "--cacheinfo", "160000,\(base.hex),teams/vendored"], in: source.path)
        let tree = try Tool.git(["write-tree"], in: source.path)
        let commit = try ObjectID(hex: Tool.git(["commit-tree", tree, "-p", base.hex, "-m", "links"], in: source.path))!
        let codes = try Self.codes(source, commit)
        #expect(codes["teams/link.yaml"] == "unsupported-entry")
        #expect(codes["teams/vendored"] == "unsupported-entry")
    }

    @Test func aCleanSourceHasNoErrors() throws {
        let (source, commit) = try Self.commit(extra: [:])
        #expect(try !source.compile(commit).hasErrors)
    }
}
