import Diagnostics
import Model
import PluginAPI

/// What the API server would reject, caught at the fragment line instead of at apply time:
/// names, account ids, and RBAC rules.
public struct ValidityGuard: Guard {
    public let name = "validity"

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let spec = cluster.cluster
        if !KubernetesNames.isClusterName(spec.name) {
            findings.append(.error("invalid-name", "cluster name '\(spec.name)' is not a valid EKS cluster name (letters, digits, '-' and '_', starting with a letter or digit)", at: spec.location))
        }
        if !AWSNames.isAccountID(spec.account.value) {
            findings.append(.error("invalid-account", "account '\(spec.account.value)' of cluster '\(spec.name)' is not a 12-digit account id", at: spec.account.location))
        }
        for account in cluster.policy.allowedAccounts + cluster.environment.accounts where !AWSNames.isAccountID(account.value) {
            findings.append(.error("invalid-account", "'\(account.value)' is not a 12-digit account id; quote account ids", at: account.location))
        }
        for namespace in cluster.namespaces where !KubernetesNames.isDNSLabel(namespace.name) {
            findings.append(.error("invalid-name", "namespace '\(namespace.name)' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63)", at: namespace.location))
        }
        for team in cluster.teams {
            if !KubernetesNames.isLabelValue(team.name) || TextSearch.contains(team.name, ascii: ":") {
                findings.append(.error("invalid-name", "team name '\(team.name)' must be a Kubernetes label value (at most 63 letters, digits, '-', '_', '.')", at: team.location))
            }
            for group in team.groups where !KubernetesNames.isPathSegment(group.name) || TextSearch.contains(group.name, ascii: ":") || Self.hasInvisible(group.name) {
                findings.append(.error("invalid-name", "group name '\(group.name)' of team '\(team.name)' cannot be part of a Kubernetes name (no '/', '%', ':', spaces or invisible characters, not empty)", at: group.location))
            }
            for role in team.roles {
                if !KubernetesNames.isPathSegment(role.name) {
                    findings.append(.error("invalid-name", "role name '\(role.name)' is not a valid RBAC name (no '/' or '%')", at: role.location))
                }
                findings += Self.check(role, clusterScoped: false)
            }
        }
        for group in cluster.environment.groups where !KubernetesNames.isPathSegment(group.name) || Self.hasInvisible(group.name) {
            findings.append(.error("invalid-name", "platform group name '\(ReportEscaping.line(group.name))' is not a valid Kubernetes name (no '/', '%', spaces or invisible characters)", at: group.location))
        }
        findings += Self.duplicateObjects(cluster)
        for role in cluster.environment.clusterRoles {
            if !KubernetesNames.isPathSegment(role.name) {
                findings.append(.error("invalid-name", "ClusterRole name '\(role.name)' is not a valid RBAC name", at: role.location))
            }
            if KubernetesNames.builtinClusterRoles.contains(role.name) || role.name.hasPrefix("system:") {
                findings.append(.error("reserved-name", "ClusterRole '\(role.name)' would replace a built-in ClusterRole; choose another name", at: role.location))
            }
            findings += Self.check(role, clusterScoped: true)
        }
        return findings
    }

    static func check(_ role: RoleDefinition, clusterScoped: Bool) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        if role.rules.isEmpty {
            findings.append(.warning("empty-role", "role '\(role.name)' has no rules and grants nothing", at: role.location))
        }
        for rule in role.rules {
            if rule.verbs.isEmpty {
                findings.append(.error("invalid-rule", "a rule of '\(role.name)' has no verbs; the API server rejects it", at: rule.location))
            }
            if !rule.nonResourceURLs.isEmpty && !rule.resources.isEmpty {
                findings.append(.error("invalid-rule", "a rule of '\(role.name)' mixes nonResourceURLs and resources; split it in two", at: rule.location))
            }
            if rule.nonResourceURLs.isEmpty && rule.resources.isEmpty {
                findings.append(.error("invalid-rule", "a rule of '\(role.name)' names no resources (nor nonResourceURLs)", at: rule.location))
            }
            if !rule.resources.isEmpty && rule.apiGroups.isEmpty {
                findings.append(.error("invalid-rule", "a rule of '\(role.name)' has resources but no apiGroups; the core group is \"\"", at: rule.location))
            }
        }
        return findings
    }

    /// Two objects of one kind, namespace and name: kustomize refuses the bundle, and applied one
    /// by one the second binding is refused (roleRef cannot change), so its subjects get nothing.
    /// Names are composed (`rolecall:<group>:<role>`, `<team>:<group>`), so check what they became.
    /// Whitespace, control and format characters: valid in Kubernetes names, unreadable in an audit.
    static func hasInvisible(_ name: String) -> Bool {
        // In ASCII the whitespace, control and format scalars are exactly the bytes up to the
        // space, and DEL: read as bytes, without a Unicode property lookup for every scalar.
        let ascii: Bool?? = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? bytes.contains { $0 <= 0x20 || $0 == 0x7F } : nil
        }
        if let ascii = ascii ?? nil { return ascii }
        return name.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }

    static func duplicateObjects(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // Keyed by namespace and name, not by the text `namespace/name` built for every binding
        // of every cluster; the text is written only into a finding.
        struct Key: Hashable {
            var namespace: String?
            var name: String
            var text: String { namespace.map { "\($0)/\(name)" } ?? name }
        }
        func check(_ kind: String, _ objects: [(key: Key, location: SourceLocation)]) {
            var first: [Key: SourceLocation] = [:]
            first.reserveCapacity(objects.count)
            for object in objects {
                if let earlier = first[object.key] {
                    findings.append(.error("duplicate-object", "this would emit \(kind) '\(object.key.text)' a second time: kustomize refuses duplicate objects, and the second binding would never apply; list each ClusterRole once, and keep ':' out of group and ClusterRole names",
                                           at: object.location, notes: [.init("first emitted from here", at: earlier)]))
                } else {
                    first[object.key] = object.location
                }
            }
        }
        check("ClusterRoleBinding", cluster.clusterRoleBindings.map { (Key(name: $0.name), $0.location) })
        check("RoleBinding", cluster.roleBindings.map { (Key(namespace: $0.namespace, name: $0.name), $0.location) })
        check("Role", cluster.roles.map { (Key(namespace: $0.namespace, name: $0.name), $0.location) })
        check("ClusterRole", cluster.clusterRoles.map { (Key(name: $0.name), $0.location) })
        return findings
    }
}
