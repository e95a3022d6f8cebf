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
            EmittedFile(path: Self.apiFile, contents: api(cluster, entries), isKubernetesResource: false),
            EmittedFile(path: Self.terraformFile, contents: terraform(cluster, entries), isKubernetesResource: false),
        ]
    }

    /// A class: the two writers walk the entries, and a struct of this many strings and
    /// arrays cost its every reference count on each copy.
    final class Entry {
        var principalArn: String
        /// The principal's ARN taken apart (nil when it is no ARN), for readable Terraform resource names.
        var parsedARN: ARN?
        var type: String
        var username: String?
        var groups: [String]
        /// Policies associated at cluster scope: cluster-admin for system:masters, the Auto Mode node policy.
        var clusterPolicies: [String]
        /// Policies the fragments associate (`accessPolicies:`), sorted by ARN: nil namespaces is cluster scope.
        var associations: [(policyARN: String, namespaces: [String]?)] = []
        /// EKS creates this node entry itself (managed node group, Fargate profile): Terraform imports it.
        var eksManaged = false

        init(principalArn: String, parsedARN: ARN?, type: String, username: String?, groups: [String], clusterPolicies: [String]) {
            self.principalArn = principalArn
            self.parsedARN = parsedARN
            self.type = type
            self.username = username
            self.groups = groups
            self.clusterPolicies = clusterPolicies
        }
    }

    static func entries(_ cluster: ClusterAccess) -> [Entry] {
        // Sorted by the lowercased ARN, lowercased once per entry rather than once per comparison.
        let entries = cluster.identities.map { identity in
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
            let entry = Entry(principalArn: identity.arn, parsedARN: identity.parsedARN, type: type,
                              username: !isNode && identity.customUsername ? identity.username : nil,
                              groups: isNode ? [] : Self.sortedGroups(identity.groups),
                              clusterPolicies: identity.kind == .autoModeNode ? [autoNodePolicy]
                                  : identity.isSystemMaster ? [clusterAdminPolicy] : [])
            entry.associations = isNode ? [] : identity.accessPolicies
                .map { (policyARN: $0.policyARN, namespaces: $0.namespaces.map { Array(Set($0.map(\.value))).sorted() }) }
                .sorted { $0.policyARN < $1.policyARN }
            entry.eksManaged = isNode && identity.eksManaged
            return (key: ARN.caseFolded(identity.arn), entry: entry)
        }
        return entries.sorted { $0.key < $1.key }.map(\.entry)
    }

    /// An entry's groups, sorted, without system:masters (a policy association instead). One
    /// group, as most members have, is taken as it is: filtering and sorting built two arrays.
    static func sortedGroups(_ groups: [String]) -> [String] {
        if groups.count == 1 { return groups[0] == Identity.systemMasters ? [] : groups }
        return groups.filter { $0 != Identity.systemMasters }.sorted()
    }

    /// `access-entries.json`, written straight to bytes: it is the largest file of a bundle.
    func api(_ cluster: ClusterAccess, _ entries: [Entry]) -> String {
        var json = JSONByteWriter(reservingCapacity: 256 + entries.count * 192)
        json.object { json in
            json.member("clusterName", cluster.cluster.name)
            json.key("accessEntries")
            json.array { json in
                for entry in entries {
                    json.object { json in
                        json.member("principalArn", entry.principalArn)
                        json.member("type", entry.type)
                        if !entry.groups.isEmpty { json.member("kubernetesGroups", strings: entry.groups) }
                        if let username = entry.username { json.member("username", username) }
                        let associations = entry.clusterPolicies.map { (policyARN: $0, namespaces: [String]?.none) } + entry.associations
                        if !associations.isEmpty {
                            json.key("accessPolicies")
                            json.array { json in
                                for association in associations {
                                    json.object { json in
                                        json.member("policyArn", association.policyARN)
                                        json.key("accessScope")
                                        Self.scope(association.namespaces, into: &json)
                                    }
                                }
                            }
                        }
                        if entry.eksManaged { json.member("managedBy", "eks") }
                    }
                }
            }
        }
        return json.finish()
    }

    /// `access-entries.tf.json`: imports of the entries EKS made itself, then the resources.
    func terraform(_ cluster: ClusterAccess, _ entries: [Entry]) -> String {
        let clusterName = cluster.cluster.name
        let encodedCluster = Self.encoded(clusterName)
        let keys = entries.map { Self.resourceName(encodedCluster: encodedCluster, arn: $0.principalArn, parsed: $0.parsedARN) }
        var json = JSONByteWriter(reservingCapacity: 256 + entries.count * 320)
        json.object { json in
            if entries.contains(where: \.eksManaged) {
                json.key("import")
                json.array { json in
                    for (entry, key) in zip(entries, keys) where entry.eksManaged {
                        // EKS created this entry with the node group or Fargate profile: adopt it (the
                        // provider's import id is `<cluster>:<principal ARN>`), never create it again (409).
                        json.object { json in
                            json.member("id", clusterName + ":" + entry.principalArn)
                            json.member("to", "aws_eks_access_entry." + key)
                        }
                    }
                }
            }
            json.key("resource")
            json.object { json in
                json.key("aws_eks_access_entry")
                json.object { json in
                    for (entry, key) in zip(entries, keys) {
                        json.key(key)
                        json.object { json in
                            json.member("cluster_name", clusterName)
                            json.member("principal_arn", entry.principalArn)
                            json.member("type", entry.type)
                            if !entry.groups.isEmpty { json.member("kubernetes_groups", strings: entry.groups) }
                            if let username = entry.username { json.member("user_name", username) }
                        }
                    }
                }
                guard entries.contains(where: { !$0.associations.isEmpty || !$0.clusterPolicies.isEmpty }) else { return }
                json.key("aws_eks_access_policy_association")
                json.object { json in
                    for (entry, key) in zip(entries, keys) {
                        for association in entry.associations {
                            json.key(key + "_0_policy_0_" + Self.encode(AccessPolicyGrant.name(of: association.policyARN)))
                            Self.association(cluster: clusterName, entry: entry, key: key, policy: association.policyARN,
                                             namespaces: association.namespaces, into: &json)
                        }
                        for policy in entry.clusterPolicies {
                            json.key(key + (policy == Self.autoNodePolicy ? "_auto_node" : "_cluster_admin"))
                            Self.association(cluster: clusterName, entry: entry, key: key, policy: policy, namespaces: nil, into: &json)
                        }
                    }
                }
            }
        }
        return json.finish()
    }

    /// The body of an `aws_eks_access_policy_association`, keys sorted as Terraform prints them.
    static func association(cluster: String, entry: Entry, key: String, policy: String, namespaces: [String]?, into json: inout JSONByteWriter) {
        json.object { json in
            json.key("access_scope")
            scope(namespaces, into: &json)
            json.member("cluster_name", cluster)
            json.member("depends_on", strings: ["aws_eks_access_entry." + key])
            json.member("policy_arn", policy)
            json.member("principal_arn", entry.principalArn)
        }
    }

    /// An `accessScope` of the EKS API, and the `access_scope` block of
    /// `aws_eks_access_policy_association` (the same keys): cluster, or namespace with its names.
    static func scope(_ namespaces: [String]?, into json: inout JSONByteWriter) {
        json.object { json in
            if let namespaces {
                json.member("namespaces", strings: namespaces)
                json.member("type", "namespace")
            } else {
                json.member("type", "cluster")
            }
        }
    }

    /// A Terraform resource name (`[A-Za-z_][A-Za-z0-9_-]*`), readable and unique by
    /// construction: type, name and account of the principal, then the cluster, each encoded
    /// injectively (letters, digits and `-` stay, `_` becomes `__`, any other byte `_xx` in hex)
    /// and joined by `_0_`, which no encoding contains at a token start; then the path when there is
    /// one (it starts with `/`, a partition never does) and a partition other than `aws`. Two ARNs
    /// share a name only if they are the same text. Starts with `role` or `user`, as Terraform
    /// wants a letter.
    ///
    /// The cluster comes encoded (`encoded(_:)`, once per cluster, not once per entry); the name
    /// is written part by part into one buffer.
    static func resourceName(encodedCluster: [UInt8], arn: String, parsed: ARN?) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(arn.utf8.count + encodedCluster.count + 16)
        guard let parsed else {
            encode("principal", into: &out)
            appendSeparator(&out)
            encode(arn, into: &out)
            appendSeparator(&out)
            out.append(contentsOf: encodedCluster)
            return String(decoding: out, as: UTF8.self)
        }
        encode(parsed.resourceType, into: &out)
        appendSeparator(&out)
        encode(parsed.name, into: &out)
        appendSeparator(&out)
        encode(parsed.account, into: &out)
        appendSeparator(&out)
        out.append(contentsOf: encodedCluster)
        if parsed.path != "/" {
            appendSeparator(&out)
            encode(parsed.path, into: &out)
        }
        if parsed.partition != "aws" {
            appendSeparator(&out)
            encode(parsed.partition, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `_0_`, which no encoded part holds at a token start.
    private static func appendSeparator(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "_"))
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "_"))
    }

    static func encoded(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        encode(text, into: &out)
        return out
    }

    static func encode(_ text: String) -> String {
        String(decoding: encoded(text), as: UTF8.self)
    }

    static func encode(_ text: String, into out: inout [UInt8]) {
        // Over the bytes themselves: a String's UTF-8 view is slow to walk byte by byte.
        var text = text
        text.withUTF8 { encode($0, into: &out) }
    }

    private static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        // Names are mostly letters, digits and `-`: each run of them is copied whole.
        var run = 0
        for index in bytes.indices {
            let byte = bytes[index]
            guard !keptAsIs[Int(byte)] else { continue }
            if run < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
            run = index + 1
            if byte == UInt8(ascii: "_") {
                out.append(contentsOf: "__".utf8)
            } else {
                out.append(UInt8(ascii: "_"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
        }
        if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
    }

    /// The bytes a name keeps as they are: letters, digits and `-`.
    private static let keptAsIs: [Bool] = (0...255).map { byte in
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
