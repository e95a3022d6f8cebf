import Foundation
import Model
import PluginAPI

/// Everything `RBACEmitter` writes from: the cluster's namespaced and cluster-wide RBAC
/// objects and whether Namespaces carry prune protection. Two clusters with equal objects get
/// the same files, whatever else differs between them (their names, identities, node roles).
struct RBACObjects: Hashable {
    var namespaces: [NamespaceObject]
    var roles: [RoleObject]
    var roleBindings: [RoleBindingObject]
    var clusterRoles: [ClusterRoleObject]
    var clusterRoleBindings: [ClusterRoleBindingObject]
    var protectsFromPrune: Bool

    init(_ cluster: ClusterAccess) {
        namespaces = cluster.namespaces
        roles = cluster.roles
        roleBindings = cluster.roleBindings
        clusterRoles = cluster.clusterRoles
        clusterRoleBindings = cluster.clusterRoleBindings
        protectsFromPrune = cluster.environment.protectsFromPrune
    }
}

/// The files of the last few distinct `RBACObjects` rendered. The clusters of an environment
/// that place the same teams (regions, replicas, one shard) have the same RBAC: each such file
/// is rendered once, as the object database stores it once. A lookup hashes the objects (far
/// cheaper than rendering them) and compares them whole before anything is reused.
final class RecentRenders: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(objects: RBACObjects, hash: Int, files: [EmittedFile])] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func files(for objects: RBACObjects, render: (RBACObjects) -> [EmittedFile]) -> [EmittedFile] {
        let hash = objects.hashValue
        let found = lock.withLock { () -> [EmittedFile]? in
            guard let index = entries.firstIndex(where: { $0.hash == hash && $0.objects == objects }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.files
        }
        if let found { return found }
        let files = render(objects)
        lock.withLock {
            if !entries.contains(where: { $0.hash == hash && $0.objects == objects }) {
                entries.append((objects, hash, files))
                if entries.count > capacity { entries.removeFirst() }
            }
        }
        return files
    }
}
