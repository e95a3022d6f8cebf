import Foundation
import GitStore
import Yams

/// One cluster's emitted files read back from the output branch, as the consumers read them,
/// with the test's own parsing (Yams, Foundation JSON): nothing of rolecall's writers or guards.
struct EmittedBundle {
    struct Mapping {
        var arn: String
        var username: String
        var groups: [String]
    }

    struct Entry {
        var principalArn: String
        var type: String
        var username: String?
        var groups: [String]
        var clusterPolicies: [String]
    }

    var files: [String: String]
    var mapRoles: [Mapping] = []
    var mapUsers: [Mapping] = []
    var entries: [Entry] = []
    var terraformEntryKeys: [String] = []
    /// Every object kustomize would apply, as parsed YAML.
    var objects: [[String: Any]] = []

    init(repository: Repository, branch: String, cluster: String) throws {
        let tip = try repository.resolveCommit(branch)
        let all = try repository.files(in: try repository.commit(tip).tree)
        let prefix = "clusters/\(cluster)/"
        files = Dictionary(uniqueKeysWithValues: all.compactMap { path, data in
            path.hasPrefix(prefix) ? (String(path.dropFirst(prefix.count)), String(decoding: data, as: UTF8.self)) : nil
        })
        let kustomization = try files["kustomization.yaml"].flatMap { try Yams.load(yaml: $0) as? [String: Any] }
        let applied = (kustomization?["resources"] as? [String]) ?? files.keys.filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }
        for path in applied {
            for case let object as [String: Any] in try Yams.load_all(yaml: files[path] ?? "") { objects.append(object) }
        }
        for object in objects where object["kind"] as? String == "ConfigMap" {
            let data = object["data"] as? [String: String] ?? [:]
            mapRoles = try Self.mappings(data["mapRoles"], key: "rolearn")
            mapUsers = try Self.mappings(data["mapUsers"], key: "userarn")
        }
        if let api = files["access-entries.json"] {
            let root = try JSONSerialization.jsonObject(with: Data(api.utf8)) as? [String: Any]
            for case let entry as [String: Any] in root?["accessEntries"] as? [Any] ?? [] {
                let policies = (entry["accessPolicies"] as? [[String: Any]] ?? []).filter { ($0["accessScope"] as? [String: Any])?["type"] as? String == "cluster" }
                entries.append(Entry(principalArn: entry["principalArn"] as! String, type: entry["type"] as! String, username: entry["username"] as? String,
                                     groups: entry["kubernetesGroups"] as? [String] ?? [], clusterPolicies: policies.compactMap { $0["policyArn"] as? String }))
            }
        }
        if let terraform = files["access-entries.tf.json"] {
            // Count keys in the text: a JSON reader would silently keep one of two equal keys.
            let text = terraform
            let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let declared = ((root?["resource"] as? [String: Any])?["aws_eks_access_entry"] as? [String: Any]) ?? [:]
            terraformEntryKeys = Array(declared.keys)
            let occurrences = text.components(separatedBy: "\"principal_arn\"").count - 1
            let associations = ((root?["resource"] as? [String: Any])?["aws_eks_access_policy_association"] as? [String: Any])?.count ?? 0
            precondition(occurrences == declared.count + associations, "a Terraform resource name was declared twice")
        }
    }

    static func mappings(_ text: String?, key: String) throws -> [Mapping] {
        guard let text else { return [] }
        let list = try Yams.load(yaml: text) as? [[String: Any]] ?? []
        return list.map { entry in
            let folded = Dictionary(entry.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
            return Mapping(arn: folded[key] as? String ?? "", username: folded["username"] as? String ?? "", groups: folded["groups"] as? [String] ?? [])
        }
    }

    func objects(kind: String) -> [[String: Any]] { objects.filter { $0["kind"] as? String == kind } }

    static func metadata(_ object: [String: Any]) -> (name: String, namespace: String?, team: String?) {
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let labels = metadata["labels"] as? [String: String] ?? [:]
        return (metadata["name"] as? String ?? "", metadata["namespace"] as? String, labels["rolecall.dev/team"])
    }

    /// Groups bound to cluster-admin by an applied ClusterRoleBinding.
    var clusterAdminGroups: Set<String> {
        Set(objects(kind: "ClusterRoleBinding").filter { (($0["roleRef"] as? [String: Any])?["name"] as? String) == "cluster-admin" }
            .flatMap { ($0["subjects"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "Group" }.compactMap { $0["name"] as? String } })
    }
}
