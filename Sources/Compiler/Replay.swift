import Diagnostics
import Foundation
import Fragments
import GitStore
import Output
import PluginAPI

/// The compile that reads no fragment: an output branch whose tip was rendered from a source
/// with the same key (`RenderKeys.sourceKey`: the `teams/` and `environments/` trees, the
/// compiler and plugin versions) already holds exactly what a compile would write, and its
/// record holds the findings that compile would report. Everything here reads trees and
/// small blobs only.
public enum Replay {
    /// A rendered tip with a record.
    public struct Tip: Sendable {
        public var commit: CommitInfo
        public var record: RenderRecord
        /// The blob the record was read from.
        public var recordBlob: ObjectID
        /// The source commit it records.
        public var source: ObjectID
        /// The environment its metadata says it renders (nil: none recorded). One output branch
        /// may serve several environments (`--output-branch out --env E`): a tip of another
        /// environment holds that environment's bundle, whatever its source key.
        public var environment: String?
    }

    /// The rendered tips one run reads (a tip: a rendered commit, which records its source, with a
    /// record; a hand-made commit on top records no source, and nothing of it is reused), each read and decoded once however many steps ask for
    /// it (the overview, the replay, the render store ask for the same branches). Not for use
    /// from several threads: it reads through the repository.
    public final class TipReader {
        let repository: Repository
        private var read: [String: Tip?] = [:]

        public init(repository: Repository) { self.repository = repository }

        public func tip(of branch: String) -> Tip? { tips(of: [branch])[branch] }

        /// The tips of `branches` that are rendered commits with a record. Their records, the
        /// costly part at a few hundred clusters a branch, are decoded on every core.
        public func tips(of branches: [String]) -> [String: Tip] {
            var unread: [(branch: String, commit: CommitInfo, source: ObjectID, blob: ObjectID, bytes: Data, environment: String?)] = []
            for branch in Set(branches) where read[branch] == nil {
                guard let id = try? repository.referenceTarget(BranchName.reference(branch)), let commit = try? repository.commit(id),
                      let source = RenderedCommit.source(of: commit), let stored = RenderRecord.stored(in: commit.tree, repository: repository) else {
                    read[branch] = .some(nil)
                    continue
                }
                unread.append((branch, commit, source.commit, stored.blob, stored.bytes, environment(of: commit)))
            }
            let records = parallelMap(unread.map(\.bytes)) { RenderRecord.decoded($0) }
            for (item, record) in zip(unread, records) {
                read[item.branch] = record.map { Tip(commit: item.commit, record: $0, recordBlob: item.blob, source: item.source, environment: item.environment) }
            }
            var found: [String: Tip] = [:]
            for branch in branches { if let tip = read[branch] ?? nil { found[branch] = tip } }
            return found
        }

        private func environment(of commit: CommitInfo) -> String? {
            guard let entry = try? repository.entry(at: BranchLayout.metadataPath, in: commit.tree), let data = try? repository.blob(entry.id),
                  let metadata = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return metadata["environment"] as? String
        }
    }

    /// The environment names `commit`'s `environments/` files declare (abstract ones too): the
    /// only output branches a record of its source can be on.
    public static func declaredEnvironments(at commit: ObjectID, in repository: Repository) throws -> [String] {
        let tree = try repository.commit(commit).tree
        guard let folder = try repository.entry(at: "environments", in: tree), folder.kind == .tree else { return [] }
        return try repository.walk(tree: folder.id, prefix: "environments/").compactMap { entry in
            if case .environment(let name) = FragmentPath(entry.path) { name } else { nil }
        }.sorted()
    }

    /// The source facts recorded for `sourceKey` on any of `branches`, or nil.
    public static func facts(for sourceKey: String, branches: [String], in tips: TipReader) -> SourceFacts? {
        for branch in branches {
            if let tip = tips.tip(of: branch), tip.record.sourceKey == sourceKey { return tip.record.source }
        }
        return nil
    }

    /// `tip`'s bundle, to publish again under another source commit: its cluster folders linked
    /// by tree id and its other files read back, so only the metadata and README change.
    public static func bundle(environment: String, tip: Tip, in repository: Repository) throws -> RenderedBundle {
        // Cluster folders are linked by tree id: never listed (hundreds of folders at fleet scale).
        let root = try repository.walk(tree: tip.commit.tree) { !$0.hasPrefix("clusters/") }
        var clusters: [RenderedBundle.Cluster] = []
        var files: [EmittedFile] = []
        var plugins: [String] = []
        for entry in root {
            if entry.path.hasPrefix("clusters/"), entry.kind == .tree, !entry.path.dropFirst("clusters/".count).contains("/") {
                clusters.append(RenderedBundle.Cluster(name: String(entry.path.dropFirst("clusters/".count)), files: [], tree: entry.id))
            } else if entry.path == BranchLayout.metadataPath {
                let metadata = try JSONSerialization.jsonObject(with: try repository.blob(entry.id)) as? [String: Any]
                plugins = metadata?["plugins"] as? [String] ?? []
            } else if entry.kind != .tree, !BranchLayout.isReserved(entry.path) {
                files.append(EmittedFile(path: entry.path, contents: String(decoding: try repository.blob(entry.id), as: UTF8.self), isKubernetesResource: false))
            }
        }
        return RenderedBundle(environment: environment, clusters: clusters.sorted { $0.name < $1.name }, files: files, plugins: plugins,
                              storedRecord: tip.record, in: tip.recordBlob)
    }
}
