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
    /// `dev` compiled and published; beside it, a branch whose tip is a hand-made commit on a
    /// rendered one, and a branch whose tip holds no record.
    static func published() throws -> (source: SourceRepository, commit: ObjectID) {
        let source = try SourceRepository()
        let commit = try source.commit(RenderCacheTests.source())
        _ = try source.publish(commit)
        let repository = source.repository
        let rendered = try source.renderedTip("dev")
        let handMade = try repository.createCommit(tree: rendered.tree, parents: [rendered.id], message: "a hand-made edit\n")
        try repository.updateReference("refs/heads/hand-made", to: handMade, expecting: nil, message: "test")
        try repository.updateReference("refs/heads/no-record", to: commit, expecting: nil, message: "test")
        return (source, commit)
    }

    @Test func theTipsOfSeveralBranchesAreTheRenderedOnesWithTheirRecords() throws {
        let (source, _) = try Self.published()
        let repository = source.repository
        let reader = Replay.TipReader(repository: repository)
        let tips = reader.tips(of: ["rendered/dev", "hand-made", "no-record", "absent", "rendered/dev"])
        #expect(Set(tips.keys) == ["rendered/dev"], "only a rendered commit with a record is a tip")
        let rendered = try source.renderedTip("dev")
        let tip = try #require(tips["rendered/dev"])
        #expect(tip.commit.id == rendered.id)
        #expect(tip.record == RenderRecord.read(tree: rendered.tree, in: repository))
        #expect(tip.recordBlob == (try repository.entry(at: RenderRecord.path, in: rendered.tree))?.id)
        #expect(tip.environment == "dev")
        // Asked again, one at a time, the reader answers what it read.
        #expect(reader.tip(of: "rendered/dev")?.commit.id == rendered.id)
        #expect(reader.tip(of: "hand-made") == nil)
    }

    /// Publishing a replayed tip under its own source writes back the very tree it came from:
    /// the record is linked, not lost, nor another blob.
    @Test func aReplayedTipWritesTheTreeItWasReadFrom() throws {
        let (source, commit) = try Self.published()
        let repository = source.repository
        let tip = try #require(Replay.TipReader(repository: repository).tip(of: "rendered/dev"))
        let bundle = try Replay.bundle(environment: "dev", tip: tip, in: repository)
        #expect(bundle.recordBlob == tip.recordBlob)
        let info = SourceInfo(ref: "main", commit: commit.hex, tree: try repository.commit(commit).tree.hex)
        let tree = try BranchLayout.writeTree(for: bundle, source: info, compilerVersion: RolecallVersion.current, in: repository)
        #expect(tree == tip.commit.tree)
    }
}
