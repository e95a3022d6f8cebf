import Authorization
import Model

/// How the import names and picks: group, role and team names fragments accept, and which of
/// several bindings a team group keeps.
extension ImportMapper {
    static func item(_ policy: AccessPolicyAssociation) -> ImportDraft.PolicyItem {
        switch policy.scope {
        case .cluster: ImportDraft.PolicyItem(policy: AccessPolicyGrant.name(of: policy.policyARN), namespaces: nil)
        case .namespaces(let names): ImportDraft.PolicyItem(policy: AccessPolicyGrant.name(of: policy.policyARN), namespaces: names.sorted())
        }
    }

    /// The binding to keep when a group has several in one namespace: the widest built-in, else the first.
    static func widest(_ bindings: [LiveCluster.Binding]) -> LiveCluster.Binding {
        let sorted = bindings.sorted { $0.identity < $1.identity }
        let builtins = sorted.filter { $0.roleRef.kind == .clusterRole && builtinOrder[$0.roleRef.name] != nil }
        // A built-in covers another only when every other binding is a narrower built-in.
        if builtins.count == sorted.count { return builtins.max { builtinOrder[$0.roleRef.name]! < builtinOrder[$1.roleRef.name]! }! }
        return sorted[0]
    }

    static func groupName(_ shape: Shape, fallback: String) -> String {
        let candidates = shape.groups.filter { $0 != Identity.systemMasters && !$0.hasPrefix("system:") }
        let raw = candidates.first ?? (shape.groups.contains(Identity.systemMasters) ? "masters" : shape.principals.first.flatMap { ARN($0.arn)?.name.lowercased() } ?? fallback)
        return objectName(raw.replacingOccurrences(of: ":", with: "-"))
    }

    /// A name without the characters fragments refuse in group and role names (`:`, `/`, `%`).
    static func objectName(_ raw: String) -> String {
        let cleaned = String(raw.map { $0 == ":" || $0 == "/" || $0 == "%" || $0 == " " ? "-" : $0 })
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "imported" : cleaned
    }

    static func unique(_ name: String, in used: inout Set<String>) -> String {
        var candidate = name, n = 2
        while used.contains(candidate) { candidate = "\(name)-\(n)"; n += 1 }
        used.insert(candidate)
        return candidate
    }

    /// A team's name: its namespace, or the common prefix of its namespaces.
    static func teamName(_ namespaces: [String]) -> String {
        guard var prefix = namespaces.first else { return "imported" }
        for name in namespaces.dropFirst() { while !name.hasPrefix(prefix) { prefix.removeLast() } }
        while prefix.hasSuffix("-") || prefix.hasSuffix(".") { prefix.removeLast() }
        return prefix.count >= 2 ? prefix : namespaces[0]
    }
}

extension LiveCluster.Binding {
    var kind: String { namespace == nil ? "ClusterRoleBinding" : "RoleBinding" }
    var qualifiedName: String { namespace.map { "\($0)/\(name)" } ?? name }
    var identity: String { "\(kind)/\(qualifiedName)" }
}

extension Rule {
    var ruleKey: String { [apiGroups, resources, verbs, resourceNames, nonResourceURLs].map { $0.joined(separator: ",") }.joined(separator: "|") }
}
