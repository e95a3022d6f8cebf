import Foundation
import GitStore
import PluginAPI
import Testing
import TestSupport
@testable import Compiler

/// The render store writes each cluster's blobs from the rendering threads, outside its lock,
/// and its tree under the lock: clusters written at once, sharing files, must give the trees one
/// thread writing them alone gives, with every blob readable.
@Suite("render store: clusters written from many threads at once")
struct RenderStoreWriteTests {
    static func cluster(_ index: Int) -> [EmittedFile] {
        // Files shared by every cluster, by every other one, and its own: the same blob raced for.
        [
            EmittedFile(path: "kustomization.yaml", contents: "resources: [namespaces.yaml]\n", isKubernetesResource: false),
            EmittedFile(path: "namespaces.yaml", contents: "kind: Namespace # \(index % 2)\n" + String(repeating: "x", count: index * 37 % 3_000), isKubernetesResource: true),
            EmittedFile(path: "access-entries.json", contents: "{\"clusterName\": \"c-\(index)\"}\n", isKubernetesResource: false),
            EmittedFile(path: "rbac/roles.yaml", contents: String(repeating: "kind: Role # \(index / 3)\n", count: 200), isKubernetesResource: true),
        ]
    }

    @Test func treesWrittenAtOnceAreTheTreesWrittenAlone() throws {
        let temp = try TemporaryDirectory()
        let repository = try Repository(creatingAt: temp.sub("parallel.git"), bare: true)
        let store = RenderStore(repository: repository, previous: [:])
        let clusters = 64
        let lock = NSLock()
        nonisolated(unsafe) var trees: [Int: ObjectID] = [:]
        DispatchQueue.concurrentPerform(iterations: clusters) { index in
            let tree = store.write(Self.cluster(index))
            lock.withLock { trees[index] = tree }
        }
        #expect(store.failure == nil)
        #expect(store.rendered == clusters)
        let alone = try Repository(creatingAt: temp.sub("alone.git"), bare: true)
        for index in 0..<clusters {
            let files = Dictionary(uniqueKeysWithValues: Self.cluster(index).map { ($0.path, Data($0.contents.utf8)) })
            #expect(trees[index] == (try alone.writeTree(files: files)), "cluster \(index)")
            guard let tree = trees[index] else { continue }
            for (path, data) in files {
                let entry = try #require(try repository.entry(at: path, in: tree), "cluster \(index): \(path)")
                #expect(try repository.blob(entry.id) == data, "cluster \(index): \(path)")
            }
        }
    }
}
