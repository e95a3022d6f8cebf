import Foundation

/// The dumps a cluster gives once a rendered cluster folder is applied and the old objects are
/// deleted: aws-auth as applied, the RBAC as kubectl lists it (plus what Kubernetes itself keeps),
/// and the access entries as the AWS CLI describes them (EKS fills in default usernames).
public enum CutoverDumps {
    public static func make(from files: [String: String], cluster: String) throws -> (awsAuth: String, rbac: String, accessEntries: String) {
        let awsAuth = files["aws-auth.yaml"] ?? ""
        var rbac = [files["namespaces.yaml"]].compactMap { $0 } + files.keys.sorted().filter { $0.hasPrefix("rbac/") }.compactMap { files[$0] }
        rbac.append("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: system:node-proxier
          labels: {kubernetes.io/bootstrapping: rbac-defaults}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:node-proxier}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:node-proxier}

        """)
        var entries = ""
        if let text = files["access-entries.json"],
           let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            for entry in root["accessEntries"] as? [[String: Any]] ?? [] {
                let arn = entry["principalArn"] as? String ?? ""
                let type = entry["type"] as? String ?? "STANDARD"
                let name = arn.split(separator: "/").last.map(String.init) ?? arn
                let account = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
                let username = entry["username"] as? String ?? (arn.contains(":user/") ? arn : "arn:aws:sts::\(account):assumed-role/\(name)/{{SessionName}}")
                var described: [String: Any] = ["clusterName": cluster, "principalArn": arn, "type": type,
                                                "kubernetesGroups": entry["kubernetesGroups"] as? [String] ?? [], "username": username]
                described["accessEntryArn"] = "arn:aws:eks:eu-west-1:\(account):access-entry/\(cluster)/x/\(name)"
                entries += String(decoding: try JSONSerialization.data(withJSONObject: ["accessEntry": described], options: [.sortedKeys]), as: UTF8.self) + "\n"
                let policies = (entry["accessPolicies"] as? [[String: Any]] ?? []).filter { !($0["policyArn"] as? String ?? "").hasSuffix("AmazonEKSAutoNodePolicy") }
                if !policies.isEmpty {
                    let listed: [String: Any] = ["clusterName": cluster, "principalArn": arn, "associatedAccessPolicies": policies]
                    entries += String(decoding: try JSONSerialization.data(withJSONObject: listed, options: [.sortedKeys]), as: UTF8.self) + "\n"
                }
            }
        }
        return (awsAuth, rbac.joined(separator: "\n---\n"), entries)
    }
}
