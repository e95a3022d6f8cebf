import Diagnostics
import Foundation
import Model
import Yams

/// The authorization a cluster gets from one rendered cluster folder, read back from the files
/// themselves (aws-auth.yaml, access-entries.json, rbac/*.yaml) the way EKS and the API server read
/// them: an independent check that the emitted bundle grants what `who-can` and `explain` say.
public enum BundleReader {
    public static let nodeEntryTypes: Set<String> = ["EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "EC2"]

    /// `files`: paths relative to the cluster folder, and their text.
    public static func read(_ files: [String: String], release: KubernetesRelease) throws -> ClusterAuthorization {
        var policy = RBACPolicy()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("rbac/") && path.hasSuffix(".yaml") {
            let read = try RBACManifests.read(text, path: path)
            policy.roles += read.roles
            policy.clusterRoles += read.clusterRoles
            policy.bindings += read.bindings
        }
        var principals: [String: Principal] = [:]
        if let awsAuth = files["aws-auth.yaml"] {
            for principal in try mappings(awsAuth) { principals[principal.matchedARN.lowercased()] = principal }
        }
        if let entries = files["access-entries.json"] {
            for var principal in try accessEntries(entries) {
                // EKS uses the entry and ignores an aws-auth mapping of the same principal.
                principal.shadowedAwsAuth = principals[principal.matchedARN.lowercased()] != nil
                principals[principal.matchedARN.lowercased()] = principal
            }
        }
        return ClusterAuthorization(release: release, principals: principals.values.sorted { $0.matchedARN.lowercased() < $1.matchedARN.lowercased() },
                                    policy: policy)
    }

    static func mappings(_ text: String) throws -> [Principal] {
        guard let data = try Yams.compose(yaml: text)?["data"] else { return [] }
        var principals: [Principal] = []
        for (key, arnKey) in [("mapRoles", "rolearn"), ("mapUsers", "userarn")] {
            guard let list = data[key]?.string, let entries = try Yams.compose(yaml: list)?.sequence else { continue }
            for entry in entries {
                // The authenticator reads entry keys case-insensitively.
                var fields: [String: Yams.Node] = [:]
                for (k, v) in entry.mapping ?? [:] { if let k = k.string { fields[k.lowercased()] = v } }
                guard let arn = fields[arnKey]?.string else { continue }
                let groups = (fields["groups"]?.sequence ?? []).compactMap(\.string)
                principals.append(Principal(arn: arn, username: fields["username"]?.string ?? "", groups: groups, path: .awsAuth,
                                            isNode: groups.contains(Principal.nodes)))
            }
        }
        return principals
    }

    static func accessEntries(_ text: String) throws -> [Principal] {
        guard let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let entries = root["accessEntries"] as? [[String: Any]] else { return [] }
        return entries.compactMap { entry in
            guard let arn = entry["principalArn"] as? String, let type = entry["type"] as? String else { return nil }
            let parsed = ARN(arn)
            let isNode = nodeEntryTypes.contains(type)
            // What EKS gives an entry that names no username and groups (FACTS.md, access entries).
            let username: String
            var groups = entry["kubernetesGroups"] as? [String] ?? []
            if isNode {
                username = type == "FARGATE_LINUX" || type == "HYBRID_LINUX" ? "system:node:{{SessionName}}" : "system:node:{{EC2PrivateDNSName}}"
                groups = [Principal.nodes]
            } else {
                username = entry["username"] as? String ?? parsed?.defaultUsername ?? arn
            }
            let policies = (entry["accessPolicies"] as? [[String: Any]] ?? []).compactMap { association -> AccessPolicyAssociation? in
                guard let policy = association["policyArn"] as? String, let scope = association["accessScope"] as? [String: Any] else { return nil }
                let namespaces = scope["namespaces"] as? [String] ?? []
                return AccessPolicyAssociation(policyARN: policy, scope: scope["type"] as? String == "namespace" ? .namespaces(namespaces) : .cluster)
            }
            return Principal(arn: arn, username: username, groups: groups, path: .accessEntry, policies: policies, isNode: isNode)
        }
    }
}
