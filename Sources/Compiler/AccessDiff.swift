import Model

/// What a change does to access, cluster by cluster, as facts a reviewer reads: who is mapped
/// with which groups, which bindings exist, which rules roles hold. Not a text diff: moving a
/// line in a fragment changes nothing here, downgrading a group does.
public struct AccessDiff: Sendable {
    public struct Cluster: Sendable {
        public enum Status: String, Sendable { case added, removed, changed }
        public var environment: String
        public var cluster: String
        public var status: Status
        public var added: [String]
        public var removed: [String]
    }

    public var clusters: [Cluster]

    public var isEmpty: Bool { clusters.isEmpty }
    public var addedCount: Int { clusters.reduce(0) { $0 + $1.added.count } }
    public var removedCount: Int { clusters.reduce(0) { $0 + $1.removed.count } }

    public init(clusters: [Cluster]) {
        self.clusters = clusters.sorted { ($0.environment, $0.cluster) < ($1.environment, $1.cluster) }
    }

    /// Compares every cluster of `head` with the same cluster of `base` (nil: everything is new).
    public init(base: Compilation?, head: Compilation) {
        var baseClusters: [String: (environment: String, access: ClusterAccess, key: String?)] = [:]
        for environment in base?.environments ?? [] {
            for access in environment.clusters { baseClusters[access.cluster.name] = (environment.spec.name, access, environment.key(of: access.cluster.name)) }
        }
        var clusters: [Cluster] = []
        var seen: Set<String> = []
        for environment in head.environments {
            seen.formUnion(environment.bundle.clusters.map(\.name))
            for access in environment.clusters {
                let before = baseClusters[access.cluster.name]
                // Equal keys: the same inputs, so the same access (see RenderKeys).
                if let key = before?.key, key == environment.key(of: access.cluster.name) { continue }
                if let change = Self.compare(environment: environment.spec.name, base: before?.access, head: access) { clusters.append(change) }
            }
        }
        for (name, before) in baseClusters where !seen.contains(name) {
            clusters.append(Self.removed(environment: before.environment, base: before.access))
        }
        self.init(clusters: clusters)
    }

    /// One cluster of the head against the same cluster of the base (nil: new); nil when its
    /// facts are the same.
    public static func compare(environment: String, base: ClusterAccess?, head: ClusterAccess) -> Cluster? {
        let facts = Self.facts(head)
        guard let base else { return Cluster(environment: environment, cluster: head.cluster.name, status: .added, added: facts.sorted(), removed: []) }
        let old = Self.facts(base)
        let added = facts.subtracting(old), removed = old.subtracting(facts)
        guard !added.isEmpty || !removed.isEmpty else { return nil }
        return Cluster(environment: environment, cluster: head.cluster.name, status: .changed, added: added.sorted(), removed: removed.sorted())
    }

    /// A cluster of the base the head no longer compiles.
    public static func removed(environment: String, base: ClusterAccess) -> Cluster {
        Cluster(environment: environment, cluster: base.cluster.name, status: .removed, added: [], removed: Self.facts(base).sorted())
    }

    /// One line per grantable thing, worded for a reviewer.
    public static func facts(_ access: ClusterAccess) -> Set<String> {
        var facts: Set<String> = []
        facts.reserveCapacity(access.identities.count + access.namespaces.count + access.roleBindings.count + access.clusterRoleBindings.count
                              + access.roles.reduce(0) { $0 + $1.rules.count } + access.clusterRoles.reduce(0) { $0 + $1.rules.count })
        // The most numerous facts are put together in one allocation each.
        for identity in access.identities {
            facts.insert(String(concatenating: "identity ", identity.arn, " as ", identity.username, " in groups [", list(identity.groups), "]"))
        }
        for namespace in access.namespaces { facts.insert(String(concatenating: "namespace ", namespace.name, " owned by team ", namespace.team)) }
        for binding in access.roleBindings {
            facts.insert(String(concatenating: "group ", list(binding.groups), " gets ", binding.roleRef.kind.rawValue, " ", binding.roleRef.name, " in namespace ", binding.namespace))
        }
        for binding in access.clusterRoleBindings {
            facts.insert("group \(binding.groups.joined(separator: ", ")) gets ClusterRole \(binding.clusterRole) cluster-wide")
        }
        for role in access.roles {
            for rule in role.rules { facts.insert("Role \(role.name) in namespace \(role.namespace) allows \(describe(rule))") }
        }
        for role in access.clusterRoles {
            for rule in role.rules { facts.insert("ClusterRole \(role.name) allows \(describe(rule))") }
        }
        return facts
    }

    /// `names` joined by ", " (one name, as most lists hold, is itself).
    static func list(_ names: [String]) -> String { names.count == 1 ? names[0] : names.joined(separator: ", ") }

    public static func describe(_ rule: Rule) -> String {
        if !rule.nonResourceURLs.isEmpty {
            return "\(rule.verbs.joined(separator: ",")) on URLs \(rule.nonResourceURLs.joined(separator: ","))"
        }
        let groups = rule.apiGroups.map { $0.isEmpty ? "core" : $0 }.joined(separator: ",")
        let names = rule.resourceNames.isEmpty ? "" : " named \(rule.resourceNames.joined(separator: ","))"
        return "\(rule.verbs.joined(separator: ",")) on \(rule.resources.joined(separator: ","))\(names) [\(groups)]"
    }
}
