import Model
import PluginAPI
import Serialization

/// Renders EKS access entries for `authMode: api | both`, once as the EKS API shapes
/// (`access-entries.json`) and once as Terraform JSON (`access-entries.tf.json`).
public struct AccessEntriesEmitter: ClusterEmitter {
    public let name = "access-entries"
    public static let apiFile = "access-entries.json"
    public static let terraformFile = "access-entries.tf.json"
    public static let clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    /// What an `EC2` entry (EKS Auto Mode custom node class) needs for its nodes to join (EKS User Guide, create-node-class).
    public static let autoNodePolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"

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
        /// Policies associated at cluster scope: cluster-admin for system:masters, the Auto Mode node policy.
        var clusterPolicies: [String]
        /// Policies the fragments associate (`accessPolicies:`), sorted by ARN: nil namespaces is cluster scope.
        var associations: [(policyARN: String, namespaces: [String]?)] = []
        /// EKS creates this node entry itself (managed node group, Fargate profile): Terraform imports it.
        var eksManaged = false
    }

    static func entries(_ cluster: ClusterAccess) -> [Entry] {
        cluster.identities.map { identity in
            let type: String = switch identity.kind {
            case .linuxNode: "EC2_LINUX"
            case .windowsNode: "EC2_WINDOWS"
            case .fargate: "FARGATE_LINUX"
            case .hybridNode: "HYBRID_LINUX"
            case .autoModeNode: "EC2"
            case .role, .user: "STANDARD"
            }
            // Node entries take no groups or username; EKS supplies them. Default usernames are
            // left to EKS too (they are what aws-auth uses), only custom ones are sent.
            let isNode = identity.kind.isNode
            var entry = Entry(principalArn: identity.arn, principalName: identity.parsedARN?.name ?? identity.arn, type: type,
                              username: !isNode && identity.customUsername ? identity.username : nil,
                              groups: isNode ? [] : identity.groups.filter { $0 != Identity.systemMasters }.sorted(),
                              clusterPolicies: identity.kind == .autoModeNode ? [autoNodePolicy]
                                  : identity.isSystemMaster ? [clusterAdminPolicy] : [])
            entry.associations = isNode ? [] : identity.accessPolicies
                .map { (policyARN: $0.policyARN, namespaces: $0.namespaces.map { Array(Set($0.map(\.value))).sorted() }) }
                .sorted { $0.policyARN < $1.policyARN }
            entry.eksManaged = isNode && identity.eksManaged
            return entry
        }.sorted { $0.principalArn.lowercased() < $1.principalArn.lowercased() }
    }

    func api(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
        .map([
            ("clusterName", .string(cluster.cluster.name)),
            ("accessEntries", .list(entries.map { entry in
                var pairs: [(String, Document)] = [("principalArn", .string(entry.principalArn)), ("type", .string(entry.type))]
                if !entry.groups.isEmpty { pairs.append(("kubernetesGroups", .strings(entry.groups))) }
                if let username = entry.username { pairs.append(("username", .string(username))) }
                let associations = entry.clusterPolicies.map { (policyARN: $0, namespaces: [String]?.none) } + entry.associations
                if !associations.isEmpty {
                    pairs.append(("accessPolicies", .list(associations.map { association in .map([
                        ("policyArn", .string(association.policyARN)),
                        ("accessScope", Self.scope(association.namespaces)),
                    ]) })))
                }
                if entry.eksManaged { pairs.append(("managedBy", .string("eks"))) }
                return .map(pairs)
            })),
        ])
    }

    func terraform(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
        var accessEntries: [(String, Document)] = []
        var associations: [(String, Document)] = []
        var imports: [Document] = []
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
            if entry.eksManaged {
                // EKS created this entry with the node group or Fargate profile: adopt it (the
                // provider's import id is `<cluster>:<principal ARN>`), never create it again (409).
                imports.append(.map([("id", .string("\(cluster.cluster.name):\(entry.principalArn)")),
                                     ("to", .string("aws_eks_access_entry.\(key)"))]))
            }
            for association in entry.associations {
                associations.append((key + "_0_policy_0_" + Self.encode(AccessPolicyGrant.name(of: association.policyARN)), .map([
                    ("access_scope", Self.scope(association.namespaces)),
                    ("cluster_name", .string(cluster.cluster.name)),
                    ("depends_on", .strings(["aws_eks_access_entry.\(key)"])),
                    ("policy_arn", .string(association.policyARN)),
                    ("principal_arn", .string(entry.principalArn)),
                ])))
            }
            for policy in entry.clusterPolicies {
                associations.append((key + (policy == Self.autoNodePolicy ? "_auto_node" : "_cluster_admin"), .map([
                    ("access_scope", .map([("type", .string("cluster"))])),
                    ("cluster_name", .string(cluster.cluster.name)),
                    ("depends_on", .strings(["aws_eks_access_entry.\(key)"])),
                    ("policy_arn", .string(policy)),
                    ("principal_arn", .string(entry.principalArn)),
                ])))
            }
        }
        var resources: [(String, Document)] = [("aws_eks_access_entry", .map(accessEntries))]
        if !associations.isEmpty { resources.append(("aws_eks_access_policy_association", .map(associations))) }
        var root: [(String, Document)] = []
        if !imports.isEmpty { root.append(("import", .list(imports))) }
        root.append(("resource", .map(resources)))
        return .map(root)
    }

    /// An `accessScope` of the EKS API, and the `access_scope` block of
    /// `aws_eks_access_policy_association` (the same keys): cluster, or namespace with its names.
    static func scope(_ namespaces: [String]?) -> Document {
        guard let namespaces else { return .map([("type", .string("cluster"))]) }
        return .map([("namespaces", .strings(namespaces)), ("type", .string("namespace"))])
    }

    /// A Terraform resource name (`[A-Za-z_][A-Za-z0-9_-]*`), readable and unique by
    /// construction: type, name and account of the principal, then the cluster, each encoded
    /// injectively (letters, digits and `-` stay, `_` becomes `__`, any other byte `_xx` in hex)
    /// and joined by `_0_`, which no encoding contains at a token start; then the path when there is
    /// one (it starts with `/`, a partition never does) and a partition other than `aws`. Two ARNs
    /// share a name only if they are the same text. Starts with `role` or `user`, as Terraform
    /// wants a letter.
    static func resourceName(cluster: String, arn: String, name: String) -> String {
        guard let parsed = ARN(arn) else { return "principal_0_" + encode(arn) + "_0_" + encode(cluster) }
        let parts = [parsed.resourceType, parsed.name, parsed.account, cluster] + (parsed.path == "/" ? [] : [parsed.path])
            + (parsed.partition == "aws" ? [] : [parsed.partition])
        return parts.map(encode).joined(separator: "_0_")
    }

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "_"):
                out += "__"
            default:
                out += "_" + String(byte, radix: 16).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
