import Diagnostics
import Fragments
import Model
import Resolver

/// Typed specs from resolved trees. Types were checked per fragment already; what can only be
/// checked here is what merging may have removed (a `null` that deleted something required).
public struct SpecDecoder {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    private mutating func required(_ node: Node, _ key: String, in what: String) -> Node? {
        if let value = node[key], !value.isNull { return value }
        diagnostics.append(.error("missing-field", "\(what) has no `\(key)`", at: node.location,
                                  notes: [.init("a `null` in an overlay or child deletes an inherited value")]))
        return nil
    }

    private func strings(_ node: Node?) -> [Located<String>] {
        guard let node else { return [] }
        if let items = node.sequence { return items.compactMap { item in item.string.map { Located($0, from: item) } } }
        return node.string.map { [Located($0, from: node)] } ?? []
    }

    private func rules(_ node: Node?) -> [Rule] {
        (node?["rules"]?.sequence ?? []).compactMap { rule in
            guard rule.entries != nil else { return nil }
            return Rule(apiGroups: strings(rule["apiGroups"]).map(\.value), resources: strings(rule["resources"]).map(\.value),
                        verbs: strings(rule["verbs"]).map(\.value), resourceNames: strings(rule["resourceNames"]).map(\.value),
                        nonResourceURLs: strings(rule["nonResourceURLs"]).map(\.value), location: rule.location)
        }
    }

    private func roles(_ node: Node?) -> [RoleDefinition] {
        (node?.entries ?? []).map { RoleDefinition(name: $0.key, rules: rules($0.value), location: $0.keyLocation) }
    }

    private mutating func members(_ node: Node?, in what: String) -> [Member] {
        (node?.sequence ?? []).compactMap { item in
            if let arn = item.string { return Member(arn: Located(arn, from: item), username: nil) }
            guard item.entries != nil else { return nil }
            guard let arn = required(item, "arn", in: "a member of \(what)"), let value = arn.string else { return nil }
            return Member(arn: Located(value, from: arn), username: item["username"].flatMap { u in u.string.map { Located($0, from: u) } })
        }
    }

    /// `accessPolicies:` of a group. Platform groups say their scope (`scope: cluster`, or
    /// `namespaces`); a team's item may be a bare policy name, and without `namespaces` means
    /// every namespace the team owns (an empty list here; nil is a cluster scope it asked for).
    private mutating func accessPolicies(_ node: Node?, team: Bool, in what: String) -> [AccessPolicyGrant] {
        (node?.sequence ?? []).compactMap { item in
            if let name = item.string {
                guard team else {
                    diagnostics.append(.error("invalid-value", "an access policy of \(what) must say its scope: write {policy: \(name), scope: cluster} or {policy: \(name), namespaces: [...]}", at: item.location))
                    return nil
                }
                return AccessPolicyGrant(policy: Located(name, from: item), namespaces: [], location: item.location)
            }
            guard item.entries != nil, let policyNode = required(item, "policy", in: "an access policy of \(what)"),
                  let policy = policyNode.string else { return nil }
            let namespacesNode = item["namespaces"].flatMap { $0.isNull ? nil : $0 }
            let namespaces = strings(namespacesNode)
            var scope = namespacesNode == nil ? (team ? "namespace" : nil) : "namespace"
            if let scopeNode = item["scope"], let text = scopeNode.string {
                guard text == "cluster" || text == "namespace" else {
                    diagnostics.append(.error("invalid-value", "scope '\(text)' of access policy \(policy) is not one of cluster, namespace", at: scopeNode.location))
                    return nil
                }
                if text == "cluster" && namespacesNode != nil {
                    diagnostics.append(.error("invalid-value", "access policy \(policy) has scope cluster and namespaces; drop one (cluster scope covers every namespace)", at: scopeNode.location))
                    return nil
                }
                if text == "namespace" && namespacesNode == nil && !team {
                    diagnostics.append(.error("missing-field", "access policy \(policy) of \(what) has scope namespace but no `namespaces`; list them", at: scopeNode.location))
                    return nil
                }
                scope = text
            }
            guard let scope else {
                diagnostics.append(.error("missing-field", "access policy \(policy) of \(what) has no scope; write `scope: cluster` or list `namespaces`", at: item.location))
                return nil
            }
            if scope == "namespace" && namespacesNode != nil && namespaces.isEmpty {
                diagnostics.append(.error("invalid-value", "access policy \(policy) of \(what) lists no namespaces; list them\(team ? ", or leave `namespaces` out for every namespace the team owns" : ", or use `scope: cluster`")", at: namespacesNode?.location ?? item.location))
                return nil
            }
            return AccessPolicyGrant(policy: Located(policy, from: policyNode), namespaces: scope == "cluster" ? nil : namespaces, location: item.location)
        }
    }

    public mutating func environment(_ resolved: ResolvedEnvironment) -> EnvironmentSpec {
        let node = resolved.node
        var authMode = Located(AuthMode.both, at: resolved.location)
        if let modeNode = node["authMode"], let text = modeNode.string {
            if let mode = AuthMode(rawValue: text) {
                authMode = Located(mode, from: modeNode)
            } else {
                diagnostics.append(.error("invalid-value", "authMode '\(text)' is not one of configmap, api, both", at: modeNode.location))
            }
        }
        var kubernetesVersion: Located<KubernetesRelease>?
        if let versionNode = node["kubernetesVersion"], let text = versionNode.string {
            if let release = KubernetesRelease(text), KubernetesRelease.supported.contains(release) {
                kubernetesVersion = Located(release, from: versionNode)
            } else {
                let supported = KubernetesRelease.supported.map(\.description).joined(separator: ", ")
                diagnostics.append(.error("invalid-value", "kubernetesVersion '\(text)' is not a supported release; rolecall knows the built-in roles of \(supported)",
                                          at: versionNode.location,
                                          notes: [.init("write the minor release the clusters run, quoted: kubernetesVersion: \"\(KubernetesRelease.default)\"")]))
            }
        }
        var clusters: [ClusterSpec] = []
        for entry in node["clusters"]?.entries ?? [] {
            let cluster = entry.value
            let what = "cluster '\(entry.key)'"
            guard cluster.entries != nil else { continue }
            let account = required(cluster, "account", in: what)
            var spec = ClusterSpec(
                name: entry.key,
                account: account.flatMap { a in a.string.map { Located($0, from: a) } } ?? Located("", at: entry.keyLocation),
                region: cluster["region"]?.string,
                labels: Dictionary((cluster["labels"]?.entries ?? []).compactMap { e in e.value.string.map { (e.key, $0) } }, uniquingKeysWith: { $1 }),
                nodeRoles: strings(cluster["nodeRoles"]), fargateRoles: strings(cluster["fargateRoles"]),
                windowsNodeRoles: strings(cluster["windowsNodeRoles"]), location: entry.keyLocation)
            spec.hybridNodeRoles = strings(cluster["hybridNodeRoles"])
            spec.autoModeNodeRoles = strings(cluster["autoModeNodeRoles"])
            spec.eksManagedNodeRoles = strings(cluster["eksManagedNodeRoles"])
            clusters.append(spec)
        }
        let groups = (node["groups"]?.entries ?? []).map { entry in
            PlatformGroup(name: entry.key, members: members(entry.value["members"], in: "platform group '\(entry.key)'"),
                          clusterRoles: strings(entry.value["clusterRoles"]),
                          systemMasters: entry.value["systemMasters"].flatMap { n in n.bool.map { Located($0, from: n) } },
                          location: entry.keyLocation,
                          accessPolicies: accessPolicies(entry.value["accessPolicies"], team: false, in: "platform group '\(entry.key)'"))
        }
        let policyNode = node["policy"]
        var wildcards: Located<Policy.WildcardPolicy>?
        if let wildcardNode = policyNode?["teamWildcards"], let text = wildcardNode.string {
            if let value = Policy.WildcardPolicy(rawValue: text) {
                wildcards = Located(value, from: wildcardNode)
            } else {
                diagnostics.append(.error("invalid-value", "policy.teamWildcards '\(text)' is not one of warn, forbid", at: wildcardNode.location))
            }
        }
        var policy = Policy(breakGlass: strings(policyNode?["breakGlass"]), systemMasters: strings(policyNode?["systemMasters"]),
                            teamClusterRoles: strings(policyNode?["teamClusterRoles"]),
                            allowedAccounts: strings(policyNode?["allowedAccounts"]),
                            reservedNamespaces: strings(policyNode?["reservedNamespaces"]), teamWildcards: wildcards,
                            location: policyNode?.location)
        policy.teamAccessPolicies = policyNode?["teamAccessPolicies"].flatMap { $0.isNull ? nil : strings($0) }
        return EnvironmentSpec(
            name: resolved.name, promotesFrom: node["promotesFrom"].flatMap { n in n.string.map { Located($0, from: n) } },
            authMode: authMode, plugins: node["plugins"].map { strings($0) }, pluginsLocation: node["plugins"]?.location, clusters: clusters,
            clusterRoles: roles(node["clusterRoles"]), groups: groups, accounts: strings(node["accounts"]),
            policy: policy, location: resolved.location, kubernetesVersion: kubernetesVersion,
            pruneProtection: node["pruneProtection"].flatMap { n in n.bool.map { Located($0, from: n) } })
    }

    /// A team's `placement:` (nil: placed everywhere).
    public mutating func placement(_ placementNode: Node?) -> Placement {
        Placement(
            environments: placementNode?["environments"].map { strings($0).map(\.value) },
            clusters: placementNode?["clusters"].map { strings($0).map(\.value) },
            clusterLabels: Dictionary((placementNode?["clusterLabels"]?.entries ?? []).compactMap { e in e.value.string.map { (e.key, $0) } }, uniquingKeysWith: { $1 }),
            location: placementNode?.location)
    }

    public mutating func team(_ node: Node, name: String) -> TeamSpec {
        let placement = placement(node["placement"])
        let groups = (node["groups"]?.entries ?? []).map { entry in
            TeamGroup(name: entry.key, members: members(entry.value["members"], in: "group '\(entry.key)' of team '\(name)'"),
                      access: (entry.value["access"]?.entries ?? []).compactMap { grant in
                          grant.value.string.map { Grant(namespace: grant.key, role: $0, location: grant.value.location, overrides: grant.value.overrides) }
                      },
                      location: entry.keyLocation,
                      accessPolicies: accessPolicies(entry.value["accessPolicies"], team: true, in: "group '\(entry.key)' of team '\(name)'"))
        }
        return TeamSpec(name: name, namespaces: strings(node["namespaces"]), placement: placement, groups: groups,
                        roles: roles(node["roles"]), location: node.location)
    }
}

extension Located {
    /// A value read from `node`, keeping where it was set and what it overrode.
    init(_ value: Value, from node: Node) {
        self.init(value, at: node.location, overrides: node.overrides)
    }
}
