import Foundation
import Fragments
import GitStore
import Model
import ModelBuilding
import Output
import PluginAPI

/// The keys of the render cache: git ids (SHA-1, as git hashes a blob) of everything a rendered
/// cluster, or a whole output branch, follows from. The compiler and plugin versions are in
/// every key, so an upgrade renders everything again.
public struct RenderKeys: Sendable {
    let versions: [UInt8]
    /// The encoding of what keys are hashed from (`Node.fingerprint`), in every key: when it
    /// changes, a key of one encoding never meets the same bytes in the other.
    static let encoding = 3

    public init(registry: PluginRegistry, compilerVersion: String = RolecallVersion.current) {
        var text = "rolecall-render-cache \(RenderRecord.currentFormat)\nkeys \(Self.encoding)\ncompiler \(compilerVersion)\n"
        for plugin in registry.plugins {
            text += "plugin \(plugin.kind.rawValue) \(plugin.name) \(plugin.version) \(plugin.scope.rawValue)\n"
        }
        versions = Array(text.utf8)
    }

    /// The key of a whole source: its `teams/` and `environments/` trees (nil: absent) are all
    /// `SourceLoader` reads, so an equal key means an equal compile.
    public func sourceKey(teams: ObjectID?, environments: ObjectID?) -> String {
        Self.id(versions + Array("teams \(teams?.hex ?? "-")\nenvironments \(environments?.hex ?? "-")\n".utf8))
    }

    /// The part of every cluster key an environment contributes: its resolved tree and the
    /// emitters it runs, in order.
    func environmentMaterial(_ node: Node, emitters: [any Emitter]) -> [UInt8] {
        var bytes = versions + Array("emitters \(emitters.map(\.name).joined(separator: ","))\nenvironment\n".utf8)
        node.fingerprint(into: &bytes)
        return bytes
    }

    /// One cluster's key: the environment's material, the cluster's name, and the digest of
    /// each placed team's resolved tree, in placement order.
    func clusterKey(environment: [UInt8], cluster: String, teams: [(name: String, digest: String)]) -> String {
        var bytes = environment
        bytes += Array("\ncluster \(cluster)\n".utf8)
        for team in teams { bytes += Array("team \(team.name) \(team.digest)\n".utf8) }
        return Self.id(bytes)
    }

    static func digest(_ node: Node) -> String {
        var bytes: [UInt8] = []
        node.fingerprint(into: &bytes)
        return id(bytes)
    }

    static func id(_ bytes: [UInt8]) -> String { Repository.blobID(of: Data(bytes)).hex }
}

/// The keys of one environment's clusters: the environment's part and the shared teams'
/// digests are computed once, each cluster adds its placed teams.
struct EnvironmentKeys: Sendable {
    let keys: RenderKeys
    let teams: EnvironmentTeams
    let material: [UInt8]
    let sharedDigests: [String: String]

    init(_ teams: EnvironmentTeams, emitters: [any Emitter], keys: RenderKeys) {
        self.keys = keys
        self.teams = teams
        material = keys.environmentMaterial(teams.environmentNode, emitters: emitters)
        let shared = Array(teams.sharedNodes)
        sharedDigests = Dictionary(uniqueKeysWithValues: zip(shared.map(\.key), parallelMap(shared) { team, node in
            teams.sharedDigest(of: team) { RenderKeys.digest(node) }
        }))
    }

    /// The key of `cluster`, given the teams placed in it (`EnvironmentTeams.placed(in:)`).
    func key(of cluster: ClusterSpec, placed: [TeamSpec]) -> String {
        let digests = teams.clusterNodes(of: placed, in: cluster).map { team, node in (team, node.map(RenderKeys.digest) ?? sharedDigests[team]!) }
        return keys.clusterKey(environment: material, cluster: cluster.name, teams: digests)
    }
}

/// Where a compile finds the clusters the output branches' tips already hold, and where it
/// puts each rendered cluster as soon as it is rendered, so no cluster's bytes outlive its turn
/// (a dry run and a check write nothing). Blobs are written from the rendering threads through
/// the object database, which is safe from many threads; one lock serializes the rest of libgit2.
public final class RenderStore: @unchecked Sendable {
    let repository: Repository
    let lock = NSLock()
    /// By environment: the tip's record and its cluster folders' tree ids.
    let previous: [String: (record: RenderRecord, trees: [String: ObjectID])]
    /// Clusters reused and rendered, for the progress line and the bench.
    public private(set) var reused = 0
    public private(set) var rendered = 0

    /// False for a dry run and a check: rendered clusters are checked and dropped, nothing is written.
    let writes: Bool
    /// Where blobs are written from the rendering threads (opened here, on the calling thread).
    let database: Result<ObjectDatabase, Error>?

    /// `previous`: for each environment, its output branch's rendered tip (absent: none, or
    /// the cache is off).
    public init(repository: Repository, previous: [String: Replay.Tip], writes: Bool = true) {
        self.repository = repository
        self.writes = writes
        database = writes ? Result { try repository.objectDatabase() } : nil
        var found: [String: (RenderRecord, [String: ObjectID])] = [:]
        for (environment, tip) in previous {
            var trees: [String: ObjectID] = [:]
            for name in tip.record.clusters.keys {
                if let entry = try? repository.entry(at: "clusters/\(name)", in: tip.commit.tree), entry.kind == .tree { trees[name] = entry.id }
            }
            found[environment] = (tip.record, trees)
        }
        self.previous = found
    }

    /// The cluster folder and record the tip holds under `key`, if any.
    func reuse(environment: String, cluster: String, key: String) -> (tree: ObjectID, record: ClusterRecord)? {
        guard let tip = previous[environment], let record = tip.record.clusters[cluster], record.key == key,
              let tree = tip.trees[cluster] else { return nil }
        lock.withLock { reused += 1 }
        return (tree, record)
    }

    /// The record the tip holds for `cluster` under `key`, if any (a base's file paths in a check).
    func record(environment: String, cluster: String, key: String) -> ClusterRecord? {
        guard let record = previous[environment]?.record.clusters[cluster], record.key == key else { return nil }
        return record
    }

    /// Each named environment's rendered output branch tip under `template`, for `previous`.
    public static func tips(of environments: [String], template: OutputTemplate, in tips: Replay.TipReader) -> [String: Replay.Tip] {
        let found = tips.tips(of: environments.map(template.branch(for:)))
        var byEnvironment: [String: Replay.Tip] = [:]
        for name in environments { byEnvironment[name] = found[template.branch(for: name)] }
        return byEnvironment
    }

    /// The first write that failed; the compile throws it once every cluster is done.
    public private(set) var failure: Error?

    /// Writes one cluster's folder; nil (and `failure` set) when the object database refuses.
    func write(_ files: [EmittedFile]) -> ObjectID? {
        guard writes else {
            lock.withLock { rendered += 1 }
            return nil
        }
        // Blobs go straight to the object database, which is safe from many threads: each is
        // hashed, and deflated when new, on this thread (`ObjectDatabase.writeBlob`). Only the
        // tree takes rolecall's lock.
        // After a failure (a full disk) the compile is lost: write nothing more.
        guard lock.withLock({ failure == nil }) else { return nil }
        var ids: [String: ObjectID] = [:]
        do {
            let database = try database!.get()
            for file in files { ids[file.path] = try database.writeBlob(file.contents) }
        } catch {
            lock.withLock { if failure == nil { failure = error } }
            return nil
        }
        return lock.withLock {
            guard failure == nil else { return nil }
            do {
                let tree = try repository.writeTree(blobs: ids, trees: [:])
                rendered += 1
                return tree
            } catch {
                failure = error
                return nil
            }
        }
    }
}
