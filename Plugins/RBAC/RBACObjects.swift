import Foundation
import Model
import PluginAPI
import Serialization

/// Everything `RBACEmitter` writes from: the cluster's namespaced and cluster-wide RBAC
/// objects and whether Namespaces carry prune protection. Two clusters whose objects write the
/// same bytes get the same files, whatever else differs between them (their names,
/// identities, node roles, where the objects were defined).
struct RBACObjects {
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

    /// Whether every field the emitter writes holds the same bytes in both, in the same order
    /// (so the sorted output is the same too). Bytes, not `==`: Swift strings compare by
    /// canonical equivalence, and Kubernetes tells "é" from "e" and a combining accent.
    func writesLike(_ other: RBACObjects) -> Bool {
        let same = { (a: String, b: String) in a.hasSameBytes(as: b) }
        func sameLists(_ a: [String], _ b: [String]) -> Bool { a.count == b.count && zip(a, b).allSatisfy(same) }
        func sameRules(_ a: [Rule], _ b: [Rule]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { x, y in
                sameLists(x.apiGroups, y.apiGroups) && sameLists(x.resources, y.resources) && sameLists(x.verbs, y.verbs)
                    && sameLists(x.resourceNames, y.resourceNames) && sameLists(x.nonResourceURLs, y.nonResourceURLs)
            }
        }
        func sameArrays<T>(_ a: [T], _ b: [T], _ equal: (T, T) -> Bool) -> Bool { a.count == b.count && zip(a, b).allSatisfy(equal) }
        return protectsFromPrune == other.protectsFromPrune
            && sameArrays(namespaces, other.namespaces) { same($0.name, $1.name) && same($0.team, $1.team) }
            && sameArrays(roles, other.roles) { same($0.namespace, $1.namespace) && same($0.name, $1.name) && same($0.team, $1.team) && sameRules($0.rules, $1.rules) }
            && sameArrays(roleBindings, other.roleBindings) {
                same($0.namespace, $1.namespace) && same($0.name, $1.name) && same($0.team, $1.team) && $0.roleRef.kind == $1.roleRef.kind
                    && same($0.roleRef.name, $1.roleRef.name) && sameLists($0.groups, $1.groups)
            }
            && sameArrays(clusterRoles, other.clusterRoles) { same($0.name, $1.name) && sameRules($0.rules, $1.rules) }
            && sameArrays(clusterRoleBindings, other.clusterRoleBindings) {
                same($0.name, $1.name) && same($0.clusterRole, $1.clusterRole) && sameLists($0.groups, $1.groups)
            }
    }

    /// A cheap summary that objects writing alike share: the counts and the lengths of the
    /// first and last names. It only narrows the candidates; `writesLike` decides.
    var summary: Int {
        var hasher = Hasher()
        hasher.combine(protectsFromPrune)
        for count in [namespaces.count, roles.count, roleBindings.count, clusterRoles.count, clusterRoleBindings.count] { hasher.combine(count) }
        for name in [namespaces.first?.name, namespaces.last?.name, roleBindings.first?.name, roleBindings.last?.name] {
            hasher.combine(name?.utf8.count ?? -1)
        }
        return hasher.finalize()
    }
}

/// The files of the last distinct `RBACObjects` rendered, as many as fit in a budget of file
/// bytes (the objects kept alongside share their strings with the source model). The clusters
/// of an environment that place the same teams (regions, replicas, one shard) have the same
/// RBAC: each such file is rendered once, as the object database stores it once. A candidate is
/// compared whole, by bytes, before anything is reused.
final class RecentRenders: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(objects: RBACObjects, summary: Int, files: [EmittedFile], size: Int)] = []
    private var kept = 0
    let budget: Int

    init(budget: Int) {
        self.budget = budget
    }

    func files(for objects: RBACObjects, render: (RBACObjects) -> [EmittedFile]) -> [EmittedFile] {
        let summary = objects.summary
        let found = lock.withLock { () -> [EmittedFile]? in
            guard let index = entries.firstIndex(where: { $0.summary == summary && $0.objects.writesLike(objects) }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.files
        }
        if let found { return found }
        let files = render(objects)
        let size = files.reduce(0) { $0 + $1.contents.utf8.count }
        lock.withLock {
            guard !entries.contains(where: { $0.summary == summary && $0.objects.writesLike(objects) }) else { return }
            entries.append((objects, summary, files, size))
            kept += size
            // The least recently used go first; the newest stays even alone over the budget.
            while kept > budget, entries.count > 1 { kept -= entries.removeFirst().size }
        }
        return files
    }
}
