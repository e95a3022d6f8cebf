import Model
import PluginAPI
import Serialization

/// Renders Namespaces, Roles, RoleBindings, ClusterRoles and ClusterRoleBindings, one file per
/// kind, objects sorted by namespace and name. Written straight into bytes (`YAMLBlockWriter`):
/// a cluster holds thousands of these objects and the emitter runs for every cluster. Clusters
/// with the same objects share one rendering (`RecentRenders`).
public struct RBACEmitter: ClusterEmitter {
    public let name = "rbac"
    static let rbacVersion = "rbac.authorization.k8s.io/v1"
    /// Clusters of one environment's placements come by in turn: 32 MiB keeps a few dozen
    /// distinct sets of 2,000 teams' objects, and five of 10,000 teams' (about 6 MB each).
    private let recent = RecentRenders(budget: 32 << 20)

    public init() {}

    public func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] {
        recent.files(for: RBACObjects(cluster), render: render)
    }

    /// The files, from the objects alone.
    func render(_ cluster: RBACObjects) -> [EmittedFile] {
        let outputs: [(path: String, contents: String?)] = [
            ("namespaces.yaml", namespaces(cluster)),
            ("rbac/roles.yaml", roles(cluster)),
            ("rbac/rolebindings.yaml", roleBindings(cluster)),
            ("rbac/clusterroles.yaml", clusterRoles(cluster)),
            ("rbac/clusterrolebindings.yaml", clusterRoleBindings(cluster)),
        ]
        return outputs.compactMap { output in
            output.contents.map { EmittedFile(path: output.path, contents: $0, isKubernetesResource: true) }
        }
    }

    /// One file of `objects`, each written by `write`; nil when there are none (no file).
    private func stream<T>(_ objects: [T], bytesEach: Int, _ write: (inout YAMLBlockWriter, T) -> Void) -> String? {
        guard !objects.isEmpty else { return nil }
        var yaml = YAMLBlockWriter(reservingCapacity: objects.count * bytesEach)
        for object in objects { write(&yaml, object) }
        return yaml.finish()
    }

    func namespaces(_ cluster: RBACObjects) -> String? {
        let annotations = PruneProtection.annotations(protectingFromPrune: cluster.protectsFromPrune).sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        return stream(cluster.namespaces.sorted { $0.name < $1.name }, bytesEach: 300) { yaml, namespace in
            Manifests.writeHeader(&yaml, apiVersion: "v1", kind: "Namespace", name: namespace.name, team: namespace.team, annotations: annotations)
        }
    }

    func roles(_ cluster: RBACObjects) -> String? {
        stream(cluster.roles.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }, bytesEach: 400) { yaml, role in
            Manifests.writeHeader(&yaml, apiVersion: Self.rbacVersion, kind: "Role", name: role.name, namespace: role.namespace, team: role.team)
            Manifests.writeRules(&yaml, role.rules)
        }
    }

    func roleBindings(_ cluster: RBACObjects) -> String? {
        stream(cluster.roleBindings.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }, bytesEach: 400) { yaml, binding in
            Manifests.writeHeader(&yaml, apiVersion: Self.rbacVersion, kind: "RoleBinding", name: binding.name, namespace: binding.namespace, team: binding.team)
            Manifests.writeRoleRef(&yaml, kind: binding.roleRef.kind.rawValue, name: binding.roleRef.name)
            Manifests.writeGroupSubjects(&yaml, binding.groups)
        }
    }

    func clusterRoles(_ cluster: RBACObjects) -> String? {
        stream(cluster.clusterRoles.sorted { $0.name < $1.name }, bytesEach: 400) { yaml, role in
            Manifests.writeHeader(&yaml, apiVersion: Self.rbacVersion, kind: "ClusterRole", name: role.name)
            Manifests.writeRules(&yaml, role.rules)
        }
    }

    func clusterRoleBindings(_ cluster: RBACObjects) -> String? {
        stream(cluster.clusterRoleBindings.sorted { $0.name < $1.name }, bytesEach: 400) { yaml, binding in
            Manifests.writeHeader(&yaml, apiVersion: Self.rbacVersion, kind: "ClusterRoleBinding", name: binding.name)
            Manifests.writeRoleRef(&yaml, kind: "ClusterRole", name: binding.clusterRole)
            Manifests.writeGroupSubjects(&yaml, binding.groups)
        }
    }
}
