import Foundation
import PluginAPI
import Yams

/// What a cluster holds once its emitted files are deployed, read back from the bytes
/// themselves, with an independent parser (Yams, Foundation's JSON), the way the consumers read
/// them: kustomize applies what `kustomization.yaml` lists (Argo CD without one applies every
/// YAML file), aws-iam-authenticator reads `mapRoles`/`mapUsers` as YAML strings with entry keys
/// case-insensitive, EKS holds the access entries.
struct DeployedCluster {
    struct MappedIdentity {
        var arn: String
        var username: String?
        var groups: [String]
    }

    struct AccessEntry {
        var principalArn: String
        var type: String
        var username: String?
        var groups: [String]
        /// Policy ARNs associated at cluster scope.
        var clusterPolicies: [String]
    }

    struct ClusterRoleBinding {
        var clusterRole: String
        var groups: [String]
        var users: [String]
    }

    /// Whether kustomize (or Argo CD) would apply the aws-auth ConfigMap.
    var appliesAwsAuth = false
    var mapRoles: [MappedIdentity] = []
    var mapUsers: [MappedIdentity] = []
    /// Why aws-auth cannot be read, if it cannot: the authenticator then maps nobody.
    var awsAuthProblem: String?
    var hasAccessEntries = false
    var accessEntries: [AccessEntry] = []
    var accessEntryProblems: [String] = []
    var clusterRoleBindings: [ClusterRoleBinding] = []

    init(files: [EmittedFile]) {
        let byPath = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { $1 })
        for (path, text) in byPath where Self.applied(path, byPath) {
            guard let documents = try? Yams.load_all(yaml: text) else { continue }
            for case let object as [String: Any] in documents { read(object) }
        }
        if let api = byPath["access-entries.json"] {
            hasAccessEntries = true
            readAccessEntries(api, terraform: byPath["access-entries.tf.json"])
        }
    }

    /// The files a GitOps tool applies: what kustomization.yaml lists, or every YAML file.
    private static func applied(_ path: String, _ files: [String: String]) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), path != "kustomization.yaml" else { return false }
        guard let kustomization = files["kustomization.yaml"] else { return true }
        let parsed = (try? Yams.load(yaml: kustomization)) as? [String: Any]
        return (parsed?["resources"] as? [String] ?? []).contains(path)
    }

    private mutating func read(_ object: [String: Any]) {
        let kind = object["kind"] as? String
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        if kind == "ConfigMap", metadata["name"] as? String == "aws-auth", metadata["namespace"] as? String == "kube-system" {
            appliesAwsAuth = true
            let data = object["data"] as? [String: Any] ?? [:]
            mapRoles = readMappings(data["mapRoles"], arnKey: "rolearn")
            mapUsers = readMappings(data["mapUsers"], arnKey: "userarn")
        } else if kind == "ClusterRoleBinding", object["apiVersion"] as? String == "rbac.authorization.k8s.io/v1" {
            let roleRef = object["roleRef"] as? [String: Any] ?? [:]
            guard roleRef["kind"] as? String == "ClusterRole", roleRef["apiGroup"] as? String == "rbac.authorization.k8s.io",
                  let role = roleRef["name"] as? String else { return }
            var binding = ClusterRoleBinding(clusterRole: role, groups: [], users: [])
            for case let subject as [String: Any] in object["subjects"] as? [Any] ?? [] {
                guard subject["apiGroup"] as? String == "rbac.authorization.k8s.io", let name = subject["name"] as? String else { continue }
                switch subject["kind"] as? String {
                case "Group": binding.groups.append(name)
                case "User": binding.users.append(name)
                default: break
                }
            }
            clusterRoleBindings.append(binding)
        }
    }

    /// One YAML error in a `data` value drops every mapping in it (FACTS: nodes go NotReady).
    private mutating func readMappings(_ value: Any?, arnKey: String) -> [MappedIdentity] {
        guard let value else { return [] }
        guard let text = value as? String else {
            awsAuthProblem = "a `data` value of aws-auth is not a string"
            return []
        }
        guard let list = (try? Yams.load(yaml: text)) as? [Any] else {
            awsAuthProblem = "a `data` value of aws-auth is not a YAML list"
            return []
        }
        return list.compactMap { item in
            guard let entry = item as? [String: Any] else { return nil }
            let folded = Dictionary(entry.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
            guard let arn = folded[arnKey] as? String else { return nil }
            return MappedIdentity(arn: arn, username: folded["username"] as? String, groups: folded["groups"] as? [String] ?? [])
        }
    }

    private mutating func readAccessEntries(_ api: String, terraform: String?) {
        let object = (try? JSONSerialization.jsonObject(with: Data(api.utf8))) as? [String: Any]
        for case let entry as [String: Any] in object?["accessEntries"] as? [Any] ?? [] {
            guard let arn = entry["principalArn"] as? String, let type = entry["type"] as? String else { continue }
            let policies = (entry["accessPolicies"] as? [Any] ?? []).compactMap { item -> String? in
                guard let policy = item as? [String: Any], (policy["accessScope"] as? [String: Any])?["type"] as? String == "cluster" else { return nil }
                return policy["policyArn"] as? String
            }
            accessEntries.append(AccessEntry(principalArn: arn, type: type, username: entry["username"] as? String,
                                             groups: entry["kubernetesGroups"] as? [String] ?? [], clusterPolicies: policies))
        }
        guard let terraform else { return }
        // A JSON reader keeps the last of duplicate keys: every entry must survive as its own resource.
        let resources = ((try? JSONSerialization.jsonObject(with: Data(terraform.utf8))) as? [String: Any])?["resource"] as? [String: Any]
        let declared = (resources?["aws_eks_access_entry"] as? [String: Any] ?? [:]).values.compactMap { ($0 as? [String: Any])?["principal_arn"] as? String }
        let missing = accessEntries.map(\.principalArn).filter { arn in !declared.contains(arn) }
        for arn in missing {
            accessEntryProblems.append("the Terraform file declares no aws_eks_access_entry for \(arn) (a resource name collided)")
        }
    }
}
