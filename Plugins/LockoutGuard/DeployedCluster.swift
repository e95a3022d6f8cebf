import Model
import PluginAPI
import Yams

/// What a cluster holds once its emitted files are deployed, read back from the bytes
/// themselves, with parsers independent of the writers (Yams, its own `JSONReader`), the way the
/// consumers read them: kustomize applies what `kustomization.yaml` lists (Argo CD without one
/// applies every YAML file), aws-iam-authenticator reads `mapRoles`/`mapUsers` as YAML strings
/// with entry keys case-insensitive, EKS holds the access entries.
struct DeployedCluster {
    struct MappedIdentity {
        var arn: String
        var username: String?
        var groups: [String]
    }

    struct AccessEntry: Equatable {
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
    var accessEntries: [AccessEntry] = [] {
        didSet { principals = PrincipalLookup(accessEntries) }
    }
    private var principals = PrincipalLookup([])

    /// The access entry that authenticates `identity`, if any.
    func accessEntry(for identity: Identity) -> AccessEntry? {
        principals.position(of: identity.authenticatorKey).map { accessEntries[$0] }
    }

    /// Where the entry EKS uses for a principal (in its authenticator form, lowercased) is: the
    /// last one written, as a JSON reader keeps the last of duplicates. The proof asks for a few
    /// principals (node roles, break-glass) among thousands of entries, so the first lookups
    /// scan from the last entry, passing over every ASCII entry whose last `/` segment differs
    /// from the principal's (case aside), and work out the authenticator form of the rest only;
    /// past a few lookups the whole index is built once.
    final class PrincipalLookup {
        let entries: [AccessEntry]
        private var index: [String: Int]?
        private var scans = 0

        init(_ entries: [AccessEntry]) { self.entries = entries }

        func position(of key: String) -> Int? {
            if let index { return index[key] }
            scans += 1
            guard scans > 8 else { return scan(for: key) }
            var built: [String: Int] = [:]
            built.reserveCapacity(entries.count)
            for (position, entry) in entries.enumerated() { built[Self.key(entry.principalArn)] = position }
            index = built
            return built[key]
        }

        static func key(_ principalArn: String) -> String { ARN.authenticatorKey(principalArn) }

        /// An ASCII text's authenticator form ends in the same segment after its last `/` (a role's
        /// form drops its path and region, never its name), and an ASCII key, lowercase, equals
        /// it folded only if those segments are equal ignoring ASCII case. A key or an entry
        /// outside ASCII (lowercasing and canonical equivalence may then reach ASCII) is always
        /// worked out in full.
        private func scan(for key: String) -> Int? {
            let keyBytes = Array(key.utf8)
            let tail: [UInt8]? = keyBytes.allSatisfy { $0 < 0x80 }
                ? Array(keyBytes[(keyBytes.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0)...]) : nil
            for position in entries.indices.reversed() {
                let arn = entries[position].principalArn
                if let tail, arn.utf8.withContiguousStorageIfAvailable({ Self.cannotBe(tail, $0) }) == true { continue }
                if Self.key(arn) == key { return position }
            }
            return nil
        }

        /// Whether `principal`, all ASCII, ends after its last `/` in other bytes than the
        /// lowercase `tail`, ignoring ASCII case. False when it is not all ASCII.
        static func cannotBe(_ tail: [UInt8], _ principal: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = principal.baseAddress else { return !tail.isEmpty }
            var offset = 0, high: UInt64 = 0
            while offset + 8 <= principal.count {
                high |= UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                offset += 8
            }
            while offset < principal.count {
                high |= UInt64(principal[offset])
                offset += 1
            }
            guard high & 0x8080_8080_8080_8080 == 0 else { return false }
            var index = principal.count - 1, matched = tail.count - 1
            while index >= 0, principal[index] != UInt8(ascii: "/") {
                let byte = principal[index]
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                if matched < 0 || lower != tail[matched] { return true }
                index -= 1
                matched -= 1
            }
            return matched >= 0
        }
    }

    var accessEntryProblems: [String] = []
    var clusterRoleBindings: [ClusterRoleBinding] = []

    /// `reading`: what to build of the access-entries files (tests read them whole to compare).
    init(files: [EmittedFile], reading: (entries: JSONSelection, terraform: JSONSelection) = (entryFields, declaredEntries)) {
        let byPath = Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { $1 })
        let applied = Self.applied(byPath)
        // Only files that can hold what the proof reads: a ConfigMap or a ClusterRoleBinding.
        // Skipping another file can only make the proof fail, never pass.
        for (path, text) in byPath where applied(path) && (TextSearch.contains(text, "ConfigMap") || TextSearch.contains(text, "ClusterRoleBinding")) {
            guard let documents = try? Yams.compose_all(yaml: text, .basic, .default, .utf8) else { continue }
            for case let object? in documents { read(object) }
        }
        if let api = byPath["access-entries.json"] {
            hasAccessEntries = true
            readAccessEntries(api, terraform: byPath["access-entries.tf.json"], reading: reading)
        }
    }

    /// Whether a GitOps tool applies a file: what kustomization.yaml lists, or every YAML file.
    private static func applied(_ files: [String: String]) -> (String) -> Bool {
        let listed = files["kustomization.yaml"].map { text in
            Set(((try? Yams.compose(yaml: text, .basic, .default, .utf8))??["resources"]?.sequence ?? []).compactMap(\.string))
        }
        return { path in
            guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"), path != "kustomization.yaml" else { return false }
            return listed?.contains(path) ?? true
        }
    }

    private mutating func read(_ object: Node) {
        let kind = object["kind"]?.string
        let metadata = object["metadata"]
        if kind == "ConfigMap", metadata?["name"]?.string == "aws-auth", metadata?["namespace"]?.string == "kube-system" {
            appliesAwsAuth = true
            mapRoles = readMappings(object["data"]?["mapRoles"], arnKey: "rolearn")
            mapUsers = readMappings(object["data"]?["mapUsers"], arnKey: "userarn")
        } else if kind == "ClusterRoleBinding", object["apiVersion"]?.string == "rbac.authorization.k8s.io/v1" {
            let roleRef = object["roleRef"]
            guard roleRef?["kind"]?.string == "ClusterRole", roleRef?["apiGroup"]?.string == "rbac.authorization.k8s.io",
                  let role = roleRef?["name"]?.string else { return }
            var binding = ClusterRoleBinding(clusterRole: role, groups: [], users: [])
            for subject in object["subjects"]?.sequence ?? [] {
                guard subject["apiGroup"]?.string == "rbac.authorization.k8s.io", let name = subject["name"]?.string else { continue }
                switch subject["kind"]?.string {
                case "Group": binding.groups.append(name)
                case "User": binding.users.append(name)
                default: break
                }
            }
            clusterRoleBindings.append(binding)
        }
    }

    /// One YAML error in a `data` value drops every mapping in it (FACTS: nodes go NotReady).
    private mutating func readMappings(_ value: Node?, arnKey: String) -> [MappedIdentity] {
        guard let value else { return [] }
        guard let text = value.string else {
            awsAuthProblem = "a `data` value of aws-auth is not a string"
            return []
        }
        guard let list = (try? Yams.compose(yaml: text, .basic, .default, .utf8))??.sequence else {
            awsAuthProblem = "a `data` value of aws-auth is not a YAML list"
            return []
        }
        return list.compactMap { item in
            guard let entry = item.mapping else { return nil }
            var folded: [String: Node] = [:]
            for (key, value) in entry { if let key = key.string { folded[key.lowercased()] = value } }
            guard let arn = folded[arnKey]?.string else { return nil }
            return MappedIdentity(arn: arn, username: folded["username"]?.string, groups: (folded["groups"]?.sequence ?? []).compactMap(\.string))
        }
    }

    /// What the proof reads of `access-entries.json` and of `access-entries.tf.json`; the rest of
    /// the bytes is checked by the reader but not built.
    static let entryFields = JSONSelection.members(["accessEntries": .members([
        "principalArn": .everything, "type": .everything, "username": .everything, "kubernetesGroups": .everything,
        "accessPolicies": .members(["policyArn": .everything, "accessScope": .members(["type": .everything])]),
    ])])
    static let declaredEntries = JSONSelection.members(["resource": .members(["aws_eks_access_entry": .members([:], other: .members(["principal_arn": .everything]))])])

    /// The principals of `arns` that no `aws_eks_access_entry` of `resources` declares, the last
    /// resource of each name kept, as a JSON reader keeps it. The emitter writes one resource per
    /// entry, each its own name, in the entries' order: when every name is distinct and the
    /// resources name the entries in order, every entry is declared, and no set of principals is
    /// built. Anything else is worked out in full.
    static func undeclared(_ arns: [String], in resources: JSONValue?) -> [String] {
        guard case .object(let members)? = resources else { return arns }
        var names = Set<String>(minimumCapacity: members.count)
        let distinct = members.allSatisfy { names.insert($0.key).inserted }
        if distinct, members.count == arns.count, zip(members, arns).allSatisfy({ $0.value["principal_arn"]?.string == $1 }) { return [] }
        let declared = Set((resources?.members ?? [:]).values.compactMap { $0["principal_arn"]?.string })
        return arns.filter { !declared.contains($0) }
    }

    private mutating func readAccessEntries(_ api: String, terraform: String?, reading: (entries: JSONSelection, terraform: JSONSelection)) {
        let object = try? JSONReader.parse(api, keeping: reading.entries)
        var entries: [AccessEntry] = []
        defer { accessEntries = entries }
        let items = object?["accessEntries"]?.array ?? []
        entries.reserveCapacity(items.count)
        for entry in items where entry.isObject {
            guard let arn = entry["principalArn"]?.string, let type = entry["type"]?.string else { continue }
            let policies = (entry["accessPolicies"]?.array ?? []).compactMap { policy -> String? in
                guard policy["accessScope"]?["type"]?.string == "cluster" else { return nil }
                return policy["policyArn"]?.string
            }
            entries.append(AccessEntry(principalArn: arn, type: type, username: entry["username"]?.string,
                                       groups: entry["kubernetesGroups"]?.strings ?? [], clusterPolicies: policies))
        }
        guard let terraform else { return }
        // A JSON reader keeps the last of duplicate keys: every entry must survive as its own resource.
        let resources = (try? JSONReader.parse(terraform, keeping: reading.terraform))?["resource"]
        for arn in Self.undeclared(entries.map(\.principalArn), in: resources?["aws_eks_access_entry"]) {
            accessEntryProblems.append("the Terraform file declares no aws_eks_access_entry for \(arn) (a resource name collided)")
        }
    }
}
