import BuiltinPlugins
import Compiler
import Foundation
import GitStore
import Output
import Testing

/// The compile that reads no fragment reads each rendered tip once, and publishes a replayed
/// tip's record by linking the blob it was read from.
@Suite("replay")
struct ReplayTests {
    /// `dev` compiled and published; beside it, branches whose tips are not rendered commits
    /// with a record of this format: a hand-made commit on a rendered one, the source commit,
    /// the rendered commit's message over a tree without its record, and over a record of
    /// another format.
    static func published() throws -> (source: SourceRepository, commit: ObjectID) {
        let source = try SourceRepository()
        let commit = try source.commit(RenderCacheTests.source())
        _ = try source.publish(commit)
        let repository = source.repository
        let rendered = try source.renderedTip("dev")
        let handMade = try repository.createCommit(tree: rendered.tree, parents: [rendered.id], message: "a hand-made edit\n")
        try repository.updateReference("refs/heads/hand-made", to: handMade, expecting: nil, message: "test")
        try repository.updateReference("refs/heads/no-record", to: commit, expecting: nil, message: "test")
        for (branch, record) in [("record-removed", nil), ("record-of-another-format", Data(#"{"format": 999}"#.utf8))] as [(String, Data?)] {
            let tree = try retree(repository, rendered.tree, record: try record.map { try repository.writeBlob($0) })
            let tip = try repository.createCommit(tree: tree, parents: [rendered.id], message: rendered.message)
            try repository.updateReference("refs/heads/\(branch)", to: tip, expecting: nil, message: "test")
        }
        return (source, commit)
    }

    /// `tree` with its record replaced by `record` (nil: removed).
    static func retree(_ repository: Repository, _ tree: ObjectID, record: ObjectID?) throws -> ObjectID {
        var blobs: [String: ObjectID] = [:], trees: [String: ObjectID] = [:]
        for entry in try repository.walk(tree: tree, descending: { !$0.hasPrefix("clusters/") }) {
            if entry.kind == .tree {
                if entry.path.hasPrefix("clusters/") { trees[entry.path] = entry.id }
            } else if entry.path != RenderRecord.path {
                blobs[entry.path] = entry.id
            }
        }
        if let record { blobs[RenderRecord.path] = record }
        return try repository.writeTree(blobs: blobs, trees: trees)
    }

    @Test func theTipsOfSeveralBranchesAreTheRenderedOnesWithTheirRecords() throws {
        let (source, _) = try Self.published()
        let repository = source.repository
        let reader = Replay.TipReader(repository: repository)
        let tips = reader.tips(of: ["rendered/dev", "hand-made", "no-record", "record-removed", "record-of-another-format", "absent", "rendered/dev"])
        #expect(Set(tips.keys) == ["rendered/dev"], "only a rendered commit with a record is a tip")
        let rendered = try source.renderedTip("dev")
        let tip = try #require(tips["rendered/dev"])
        #expect(tip.commit.id == rendered.id)
        #expect(tip.record == RenderRecord.stored(in: rendered.tree, repository: repository).flatMap { RenderRecord.decoded($0.bytes) })
        #expect(tip.recordBlob == (try repository.entry(at: RenderRecord.path, in: rendered.tree))?.id)
        #expect(tip.environment == "dev")
        // Asked again, the reader answers what it read, even after the branch moved: one run
        // sees one tip of each branch (a run publishes only once it has read everything).
        try repository.updateReference("refs/heads/rendered/dev", to: try repository.resolveCommit("hand-made"), expecting: rendered.id, message: "test")
        #expect(reader.tip(of: "rendered/dev")?.commit.id == rendered.id)
        #expect(reader.tip(of: "hand-made") == nil)
        #expect(Replay.TipReader(repository: repository).tip(of: "rendered/dev") == nil, "a new reader reads the branch again")
    }

    /// Publishing a replayed tip under its own source writes back the very tree it came from:
    /// the record is linked, not lost, nor another blob, nor encoded again. The tip's record
    /// here is written with other whitespace (its bytes differ from an encoding of what it holds).
    @Test func aReplayedTipWritesTheTreeItWasReadFrom() throws {
        let (source, commit) = try Self.published()
        let repository = source.repository
        let rendered = try source.renderedTip("dev")
        let stored = try #require(RenderRecord.stored(in: rendered.tree, repository: repository))
        let spaced = try repository.writeBlob(Data(String(decoding: stored.bytes, as: UTF8.self).replacingOccurrences(of: ",", with: ", ").utf8))
        #expect(RenderRecord.decoded(try repository.blob(spaced)) == RenderRecord.decoded(stored.bytes))
        let respaced = try repository.createCommit(tree: try Self.retree(repository, rendered.tree, record: spaced), parents: [rendered.id], message: rendered.message)
        try repository.updateReference("refs/heads/rendered/dev", to: respaced, expecting: rendered.id, message: "test")
        let tip = try #require(Replay.TipReader(repository: repository).tip(of: "rendered/dev"))
        #expect(tip.recordBlob == spaced)
        let bundle = try Replay.bundle(environment: "dev", tip: tip, in: repository)
        #expect(bundle.recordBlob == tip.recordBlob)
        let info = SourceInfo(ref: "main", commit: commit.hex, tree: try repository.commit(commit).tree.hex)
        let tree = try BranchLayout.writeTree(for: bundle, source: info, compilerVersion: RolecallVersion.current, in: repository)
        #expect(tree == tip.commit.tree)
    }
}
