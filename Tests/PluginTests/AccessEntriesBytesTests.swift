import Model
import Serialization
import TestSupport
@testable import AccessEntries
import Testing

/// The emitter writes its two files straight into bytes; they must be the bytes of the
/// `Document`s it built before (kept below as the oracle) through the general `JSONWriter`, for
/// every cluster, hostile names included.
@Suite("access entries written as bytes")
struct AccessEntriesBytesTests {
    static let names = ["a", "Dev", "a\"b", "p\\q", "line\nbreak", "tab\t", "ctl\u{1}", "nul\u{0}", "é", "e\u{301}", "日本", "🚀",
                        "a_b.c", "a-0-b", "x/y", "aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_0a1b", "{{SessionName}}", "yes"]
    static let partitions = ["aws", "aws-cn", "aws-us-gov", "", "aws\"x"]

    static func arn(_ random: inout SeededGenerator) -> String {
        switch random.next() % 8 {
        case 0: return random.pick(["not-an-arn", "arn:aws:iam::1", "", "arn:aws:iam::1:role", "*"])
        case 1: return "arn:\(random.pick(partitions)):iam::\(random.pick(["111122223333", "1", "x\"y"])):user/\(random.pick(names))"
        default: return "arn:\(random.mostly("aws", else: partitions)):iam::111122223333:role/\(random.pick(names))"
        }
    }

    static func access(_ random: inout SeededGenerator) -> ClusterAccess {
        let here = Fixture.here
        var cluster = Fixture.cluster(random.mostly("dev-eu-1", else: ["c\"1", "c\\é", "1-prod", "c\n"]),
                                      nodeRoles: (0..<Int(random.next() % 3)).map { _ in arn(&random) },
                                      windowsNodeRoles: random.chance(30) ? [arn(&random)] : [],
                                      fargateRoles: random.chance(30) ? [arn(&random)] : [])
        cluster.hybridNodeRoles = random.chance(20) ? [Fixture.at(arn(&random))] : []
        cluster.autoModeNodeRoles = random.chance(20) ? [Fixture.at(arn(&random))] : []
        cluster.eksManagedNodeRoles = random.chance(50) ? (cluster.nodeRoles + cluster.fargateRoles).filter { _ in random.chance(60) } : []
        func grants() -> [AccessPolicyGrant] {
            (0..<Int(random.next() % 3)).map { _ in
                AccessPolicyGrant(policy: Fixture.at(random.pick(["AmazonEKSViewPolicy", "AmazonEKSEditPolicy", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy", "odd\"policy/x_y"])),
                                  namespaces: random.chance(40) ? nil : (0..<Int(random.next() % 3)).map { _ in Fixture.at(random.pick(["b", "a", "a", "ns\"q", "*"])) },
                                  location: here)
            }
        }
        var groups: [PlatformGroup] = []
        for index in 0..<Int(random.next() % 3) {
            var group = Fixture.group(random.pick(["admins", "ops", "g\"\(index)"]) + "\(index)", members: (0..<Int(1 + random.next() % 3)).map { _ in arn(&random) },
                                      clusterRoles: random.chance(50) ? ["cluster-admin"] : [], systemMasters: random.chance(30) ? true : nil)
            group.accessPolicies = grants()
            groups.append(group)
        }
        let environment = Fixture.environment(authMode: random.chance(50) ? .api : .both, clusters: [cluster], groups: groups)
        let teams = (0..<Int(random.next() % 3)).map { index in
            var team = Fixture.team("team\(index)", namespaces: ["ns\(index)", "a"],
                                    members: (0..<Int(1 + random.next() % 3)).map { _ in (arn(&random), random.chance(30) ? random.pick(names) : nil) },
                                    access: ["ns\(index)": "edit"])
            team.groups[0].accessPolicies = grants()
            return team
        }
        return Fixture.access(environment, teams: teams)
    }

    @Test func theBytesAreThoseOfTheDocumentsTheEmitterBuiltBefore() {
        var random = SeededGenerator(seed: 0xACCE55)
        let emitter = AccessEntriesEmitter()
        for round in 0..<400 {
            let access = Self.access(&random)
            let entries = AccessEntriesEmitter.entries(access)
            #expect(emitter.api(access, entries) == JSONWriter.write(Reference.api(access, entries)), "round \(round)")
            #expect(emitter.terraform(access, entries) == JSONWriter.write(Reference.terraform(access, entries)), "round \(round)")
        }
        let full = Fixture.fullAccess()
        let entries = AccessEntriesEmitter.entries(full)
        #expect(emitter.terraform(full, entries) == JSONWriter.write(Reference.terraform(full, entries)))
    }

    /// The encoder copies runs of letters, digits and `-` whole: every byte value, at every
    /// place in a run, encodes as the byte-by-byte reference encodes it (a byte that is no
    /// UTF-8 alone reaches both as the replacement character's three bytes).
    @Test func resourceNamePartsEncodeAsTheReferenceAtEveryByteAndOffset() {
        for length in 1...12 {
            for offset in 0..<length {
                for value in 0...255 {
                    var bytes = Array("aZ9-bY8-cX7-".utf8.prefix(length))
                    bytes[offset] = UInt8(value)
                    let text = String(decoding: bytes, as: UTF8.self)
                    if AccessEntriesEmitter.encode(text) != Reference.encode(text) { Issue.record("\(text.debugDescription)") }
                }
            }
        }
        for text in ["é", "a\u{0}", "__", "_a_", "日本", "x🚀y", ""] {
            #expect(AccessEntriesEmitter.encode(text) == Reference.encode(text), "\(text.debugDescription)")
        }
    }

    /// The emitter's Documents before it wrote bytes, verbatim (with `ARN(arn)` parsed again).
    enum Reference {
        typealias Entry = AccessEntriesEmitter.Entry

        static func api(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
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

        static func terraform(_ cluster: ClusterAccess, _ entries: [Entry]) -> Document {
            var accessEntries: [(String, Document)] = []
            var associations: [(String, Document)] = []
            var imports: [Document] = []
            for entry in entries {
                let key = Self.resourceName(cluster: cluster.cluster.name, arn: entry.principalArn)
                var body: [(String, Document)] = [
                    ("cluster_name", .string(cluster.cluster.name)),
                    ("principal_arn", .string(entry.principalArn)),
                    ("type", .string(entry.type)),
                ]
                if !entry.groups.isEmpty { body.append(("kubernetes_groups", .strings(entry.groups))) }
                if let username = entry.username { body.append(("user_name", .string(username))) }
                accessEntries.append((key, .map(body)))
                if entry.eksManaged {
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
                    associations.append((key + (policy == AccessEntriesEmitter.autoNodePolicy ? "_auto_node" : "_cluster_admin"), .map([
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

        static func scope(_ namespaces: [String]?) -> Document {
            guard let namespaces else { return .map([("type", .string("cluster"))]) }
            return .map([("namespaces", .strings(namespaces)), ("type", .string("namespace"))])
        }

        static func resourceName(cluster: String, arn: String) -> String {
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
                    let hex = String(byte, radix: 16)
                    out += "_" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                }
            }
            return out
        }
    }
}
