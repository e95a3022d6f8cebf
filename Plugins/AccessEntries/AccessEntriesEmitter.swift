import Model
import PluginAPI
import Serialization

/// Renders EKS access entries for `authMode: api | both`, once as the EKS API shapes
/// (`access-entries.json`) and once as Terraform JSON (`access-entries.tf.json`).
public struct AccessEntriesEmitter: Emitter {
    public let name = "access-entries"
    public static let apiFile = "access-entries.json"
    public static let terraformFile = "access-entries.tf.json"
    public static let clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

    public init() {}

    public func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] {
        guard cluster.authMode.usesAccessEntries else { return [] }
        let entries = Self.entries(cluster)
        return [
            EmittedFile(path: Self.apiFile, contents: JSONWriter.write(api(cluster, entries)), isKubernetesResource: false),
            EmittedFile(path: Self.terraformFile, contents: JSONWriter.write(terraform(cluster, entries)), isKubernetesResource: false),
        ]
    }

    struct Entry {
        var principalArn: String
        /// The role or user name, for readable Terraform resource names.
        var principalName: String
        var type: String
        var username: String?
        var groups: [String]
        var clusterAdmin: Bool
    }

    static func entries(_ cluster: ClusterAccess) -> [Entry] {
        cluster.identities.map { identity in
            let type: String = switch identity.kind {
            case .linuxNode: "EC2_LINUX"
            case .windowsNode: "EC2_WINDOWS"
            case .fargate: "FARGATE_LINUX"
            case .role, .user: "STANDARD"
            }
            // Node entries take no groups or username; EKS supplies them. Default usernames are
            // left to EKS too (they are what aws-auth uses), only custom ones are sent.
            let isNode = identity.kind.isNode
            return Entry(principalArn: identity.arn, principalName: identity.parsedARN?.name ?? identity.arn, type: type,
                         username: !isNode && identity.customUsername ? identity.username : nil,
                         groups: isNode ? [] : identity.groups.filter { $0 != Identity.systemMasters }.sorted(),
                         clusterAdmin: identity.isSystemMaster)
        }.sorted { $0.principalArn.lowercased() < $1.principalArn.lowercased() }
    }

    func api(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
        .map([
            ("clusterName", .string(cluster.cluster.name)),
            ("accessEntries", .list(entries.map { entry in
                var pairs: [(String, Document)] = [("principalArn", .string(entry.principalArn)), ("type", .string(entry.type))]
                if !entry.groups.isEmpty { pairs.append(("kubernetesGroups", .strings(entry.groups))) }
                if let username = entry.username { pairs.append(("username", .string(username))) }
                if entry.clusterAdmin {
                    pairs.append(("accessPolicies", .list([.map([
                        ("policyArn", .string(Self.clusterAdminPolicy)),
                        ("accessScope", .map([("type", .string("cluster"))])),
                    ])])))
                }
                return .map(pairs)
            })),
        ])
    }

    func terraform(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
        var accessEntries: [(String, Document)] = []
        var associations: [(String, Document)] = []
        for entry in entries {
            let key = Self.resourceName(cluster: cluster.cluster.name, arn: entry.principalArn, name: entry.principalName)
            var body: [(String, Document)] = [
                ("cluster_name", .string(cluster.cluster.name)),
                ("principal_arn", .string(entry.principalArn)),
                ("type", .string(entry.type)),
            ]
            if !entry.groups.isEmpty { body.append(("kubernetes_groups", .strings(entry.groups))) }
            if let username = entry.username { body.append(("user_name", .string(username))) }
            accessEntries.append((key, .map(body)))
            if entry.clusterAdmin {
                associations.append((key + "_cluster_admin", .map([
                    ("access_scope", .map([("type", .string("cluster"))])),
                    ("cluster_name", .string(cluster.cluster.name)),
                    ("depends_on", .strings(["aws_eks_access_entry.\(key)"])),
                    ("policy_arn", .string(Self.clusterAdminPolicy)),
                    ("principal_arn", .string(entry.principalArn)),
                ])))
            }
        }
        var resources: [(String, Document)] = [("aws_eks_access_entry", .map(accessEntries))]
        if !associations.isEmpty { resources.append(("aws_eks_access_policy_association", .map(associations))) }
        return .map([("resource", .map(resources))])
    }

    /// A Terraform resource name: readable, valid (`[A-Za-z_][A-Za-z0-9_-]*`) and unique per ARN.
    static func resourceName(cluster: String, arn: String, name: String) -> String {
        let readable = name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" }
        var hash: UInt32 = 0x811c_9dc5
        for byte in arn.lowercased().utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        let clusterPart = String(cluster.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        // Terraform names start with a letter or underscore; EKS cluster names may start with a digit.
        let prefix = clusterPart.first?.isLetter == true ? "" : "_"
        return "\(prefix)\(clusterPart)_\(String(readable))_\(String(hash, radix: 16))"
    }
}
