import Model
import PluginAPI
import Serialization

// `RBACEmitter` as it was before it wrote into bytes, through `Document` trees and `YAMLWriter`,
// kept as the oracle: the emitter must write exactly these bytes for every cluster.
struct ReferenceRBACEmitter {
    static let rbacVersion = "rbac.authorization.k8s.io/v1"

    func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] {
        let outputs: [(String, [Document])] = [
            ("namespaces.yaml", namespaces(cluster)),
            ("rbac/roles.yaml", roles(cluster)),
            ("rbac/rolebindings.yaml", roleBindings(cluster)),
            ("rbac/clusterroles.yaml", clusterRoles(cluster)),
            ("rbac/clusterrolebindings.yaml", clusterRoleBindings(cluster)),
        ]
        return outputs.filter { !$0.1.isEmpty }.map {
            EmittedFile(path: $0.0, contents: YAMLWriter.writeStream($0.1), isKubernetesResource: true)
        }
    }

    func namespaces(_ cluster: ClusterAccess) -> [Document] {
        let annotations = PruneProtection.annotations(for: cluster)
        return cluster.namespaces.sorted { $0.name < $1.name }.map {
            Manifests.object(apiVersion: "v1", kind: "Namespace", name: $0.name, labels: [Manifests.teamLabel: $0.team],
                             annotations: annotations)
        }
    }

    func roles(_ cluster: ClusterAccess) -> [Document] {
        cluster.roles.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }.map {
            Manifests.object(apiVersion: Self.rbacVersion, kind: "Role", name: $0.name, namespace: $0.namespace,
                             labels: [Manifests.teamLabel: $0.team], body: [("rules", rules($0.rules))])
        }
    }

    func roleBindings(_ cluster: ClusterAccess) -> [Document] {
        cluster.roleBindings.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }.map {
            Manifests.object(apiVersion: Self.rbacVersion, kind: "RoleBinding", name: $0.name, namespace: $0.namespace,
                             labels: [Manifests.teamLabel: $0.team], body: [
                                 ("roleRef", roleRef($0.roleRef.kind.rawValue, $0.roleRef.name)),
                                 ("subjects", groupSubjects($0.groups)),
                             ])
        }
    }

    func clusterRoles(_ cluster: ClusterAccess) -> [Document] {
        cluster.clusterRoles.sorted { $0.name < $1.name }.map {
            Manifests.object(apiVersion: Self.rbacVersion, kind: "ClusterRole", name: $0.name, body: [("rules", rules($0.rules))])
        }
    }

    func clusterRoleBindings(_ cluster: ClusterAccess) -> [Document] {
        cluster.clusterRoleBindings.sorted { $0.name < $1.name }.map {
            Manifests.object(apiVersion: Self.rbacVersion, kind: "ClusterRoleBinding", name: $0.name, body: [
                ("roleRef", roleRef("ClusterRole", $0.clusterRole)),
                ("subjects", groupSubjects($0.groups)),
            ])
        }
    }

    private func roleRef(_ kind: String, _ name: String) -> Document {
        .map([("apiGroup", .string("rbac.authorization.k8s.io")), ("kind", .string(kind)), ("name", .string(name))])
    }

    func rules(_ rules: [Rule]) -> Document {
        .list(rules.map { rule in
            var pairs: [(String, Document)] = []
            if !rule.nonResourceURLs.isEmpty {
                pairs.append(("nonResourceURLs", .strings(rule.nonResourceURLs)))
            } else {
                pairs.append(("apiGroups", .strings(rule.apiGroups)))
            }
            if !rule.resourceNames.isEmpty { pairs.append(("resourceNames", .strings(rule.resourceNames))) }
            if rule.nonResourceURLs.isEmpty { pairs.append(("resources", .strings(rule.resources))) }
            pairs.append(("verbs", .strings(rule.verbs)))
            return .map(pairs)
        })
    }

    func groupSubjects(_ groups: [String]) -> Document {
        .list(groups.sorted().map { group in
            .map([("apiGroup", .string("rbac.authorization.k8s.io")), ("kind", .string("Group")), ("name", .string(group))])
        })
    }
}
