import Model
import Serialization
import Yams

/// Writes an `ImportDraft` as fragments: `environments/<env>.yaml` (new, or the existing file
/// with the cluster and what it needs merged in) and one `teams/<team>.yaml` per team, each
/// placed in the imported cluster only, so other clusters keep what they have.
public enum FragmentWriter {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Paths (relative to the repository) and contents. `existingEnvironment`: the current text
    /// of `environments/<env>.yaml`, when the repository has it. `notes` says what the merge did.
    public static func files(_ draft: ImportDraft, existingEnvironment: String?) throws -> (files: [(path: String, text: String)], notes: [String]) {
        var notes: [String] = []
        let environment: String
        if let existingEnvironment {
            let (merged, mergeNotes) = try merge(draft, into: existingEnvironment)
            environment = merged
            notes += mergeNotes
        } else {
            environment = header(draft) + YAMLWriter.write(environmentDocument(draft))
        }
        var files = [(path: "environments/\(draft.environment).yaml", text: environment)]
        for team in draft.teams {
            files.append((path: "teams/\(team.name).yaml", text: header(draft) + YAMLWriter.write(teamDocument(team, cluster: draft.cluster.name))))
        }
        return (files, notes)
    }

    static func header(_ draft: ImportDraft) -> String {
        "# Imported by `rolecall import` from cluster \(draft.cluster.name); review with docs/migrating.md.\n"
    }

    static func strings(_ values: [String]) -> Document { .strings(values) }

    static func rules(_ rules: [Rule]) -> Document {
        .list(rules.map { rule in
            var pairs: [(String, Document)] = []
            if !rule.apiGroups.isEmpty || !rule.resources.isEmpty { pairs.append(("apiGroups", .strings(rule.apiGroups))) }
            if !rule.resources.isEmpty { pairs.append(("resources", .strings(rule.resources))) }
            if !rule.resourceNames.isEmpty { pairs.append(("resourceNames", .strings(rule.resourceNames))) }
            if !rule.nonResourceURLs.isEmpty { pairs.append(("nonResourceURLs", .strings(rule.nonResourceURLs))) }
            pairs.append(("verbs", .strings(rule.verbs)))
            return .map(pairs)
        })
    }

    static func members(_ members: [ImportDraft.Member]) -> Document {
        .list(members.sorted { $0.arn.lowercased() < $1.arn.lowercased() }.map { member in
            member.username.map { .map([("arn", .string(member.arn)), ("username", .string($0))]) } ?? .string(member.arn)
        })
    }

    static func policies(_ items: [ImportDraft.PolicyItem], team: Bool) -> Document {
        .list(items.map { item in
            guard let namespaces = item.namespaces else { return .map([("policy", .string(item.policy)), ("scope", .string("cluster"))]) }
            return .map([("policy", .string(item.policy)), ("namespaces", .strings(namespaces))])
        })
    }

    static func clusterDocument(_ cluster: ImportDraft.Cluster) -> Document {
        var pairs: [(String, Document)] = [("account", .string(cluster.account))]
        if let region = cluster.region { pairs.append(("region", .string(region))) }
        for (key, roles) in [("nodeRoles", cluster.nodeRoles), ("windowsNodeRoles", cluster.windowsNodeRoles), ("fargateRoles", cluster.fargateRoles),
                             ("hybridNodeRoles", cluster.hybridNodeRoles), ("autoModeNodeRoles", cluster.autoModeNodeRoles),
                             ("eksManagedNodeRoles", cluster.eksManagedNodeRoles)] where !roles.isEmpty {
            pairs.append((key, .strings(roles)))
        }
        return .map(pairs)
    }

    static func groupDocument(_ group: ImportDraft.PlatformGroup) -> Document {
        var pairs: [(String, Document)] = [("members", members(group.members))]
        if !group.clusterRoles.isEmpty { pairs.append(("clusterRoles", .strings(group.clusterRoles))) }
        if group.systemMasters { pairs.append(("systemMasters", .bool(true))) }
        if !group.accessPolicies.isEmpty { pairs.append(("accessPolicies", policies(group.accessPolicies, team: false))) }
        return .map(pairs)
    }

    static func policyDocument(_ draft: ImportDraft) -> [(String, Document)] {
        var pairs: [(String, Document)] = []
        if !draft.breakGlass.isEmpty { pairs.append(("breakGlass", .strings(draft.breakGlass))) }
        if !draft.systemMasters.isEmpty { pairs.append(("systemMasters", .strings(draft.systemMasters))) }
        if let roles = draft.teamClusterRoles { pairs.append(("teamClusterRoles", .strings(roles))) }
        if let policies = draft.teamAccessPolicies { pairs.append(("teamAccessPolicies", .strings(policies))) }
        if !draft.accounts.isEmpty { pairs.append(("allowedAccounts", .strings(draft.accounts))) }
        return pairs
    }

    static func environmentDocument(_ draft: ImportDraft) -> Document {
        var pairs: [(String, Document)] = [
            ("kind", .string("Environment")), ("name", .string(draft.environment)), ("authMode", .string(draft.authMode.rawValue)),
            ("clusters", .map([(draft.cluster.name, clusterDocument(draft.cluster))])),
        ]
        if !draft.clusterRoles.isEmpty {
            pairs.append(("clusterRoles", .map(draft.clusterRoles.sorted { $0.key < $1.key }.map { ($0.key, .map([("rules", rules($0.value))])) })))
        }
        if !draft.groups.isEmpty { pairs.append(("groups", .map(draft.groups.map { ($0.name, groupDocument($0)) }))) }
        if !draft.accounts.isEmpty { pairs.append(("accounts", .strings(draft.accounts))) }
        let policy = policyDocument(draft)
        if !policy.isEmpty { pairs.append(("policy", .map(policy))) }
        return .map(pairs)
    }

    static func teamDocument(_ team: ImportDraft.Team, cluster: String) -> Document {
        var pairs: [(String, Document)] = [
            ("kind", .string("Team")), ("name", .string(team.name)), ("namespaces", .strings(team.namespaces)),
            ("placement", .map([("clusters", .strings([cluster]))])),
        ]
        pairs.append(("groups", .map(team.groups.map { group in
            var body: [(String, Document)] = [("members", members(group.members))]
            if !group.access.isEmpty { body.append(("access", .map(group.access.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))) }
            if !group.accessPolicies.isEmpty { body.append(("accessPolicies", policies(group.accessPolicies, team: true))) }
            return (group.name, .map(body))
        })))
        if !team.roles.isEmpty {
            pairs.append(("roles", .map(team.roles.sorted { $0.key < $1.key }.map { ($0.key, .map([("rules", rules($0.value))])) })))
        }
        return .map(pairs)
    }

    // MARK: merging into an existing environment

    /// The existing environment with the cluster added, new platform groups and ClusterRoles
    /// added (a name already taken keeps the existing one and the import's gets `-<cluster>`),
    /// and policy lists extended. Comments of the existing file are not kept.
    static func merge(_ draft: ImportDraft, into text: String) throws -> (String, [String]) {
        guard let root = try? Yams.compose(yaml: text), case .map(var pairs) = document(root) else {
            throw Failure(description: "environments/\(draft.environment).yaml is not a YAML mapping; fix it before importing into it")
        }
        var notes = ["environments/\(draft.environment).yaml rewritten with cluster '\(draft.cluster.name)' merged in (its comments are not kept; platform groups apply to every cluster of the environment)"]
        func value(_ key: String) -> Document? { pairs.first { $0.0 == key }?.1 }
        func set(_ key: String, _ document: Document) {
            if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = document } else { pairs.append((key, document)) }
        }
        var clusters = value("clusters").flatMap(mapPairs) ?? []
        if clusters.contains(where: { $0.0 == draft.cluster.name }) {
            throw Failure(description: "environments/\(draft.environment).yaml already has cluster '\(draft.cluster.name)'; remove it first, or import into another folder with --into")
        }
        clusters.append((draft.cluster.name, clusterDocument(draft.cluster)))
        set("clusters", .map(clusters))
        var renamed: [String: String] = [:]
        if !draft.clusterRoles.isEmpty {
            var roles = value("clusterRoles").flatMap(mapPairs) ?? []
            for (name, rules) in draft.clusterRoles.sorted(by: { $0.key < $1.key }) {
                if let existing = roles.first(where: { $0.0 == name }), existing.1 == .map([("rules", Self.rules(rules))]) { continue }
                let final = roles.contains { $0.0 == name } ? "\(name)-\(draft.cluster.name)" : name
                if final != name { renamed[name] = final; notes.append("ClusterRole '\(name)' exists with other rules: imported as '\(final)'") }
                roles.append((final, .map([("rules", Self.rules(rules))])))
            }
            set("clusterRoles", .map(roles))
        }
        var groups = value("groups").flatMap(mapPairs) ?? []
        for var group in draft.groups {
            group.clusterRoles = group.clusterRoles.map { renamed[$0] ?? $0 }
            var name = group.name
            if groups.contains(where: { $0.0 == name }) {
                name += "-\(draft.cluster.name)"
                notes.append("platform group '\(group.name)' exists: imported as '\(name)'")
            }
            groups.append((name, groupDocument(group)))
        }
        if !groups.isEmpty { set("groups", .map(groups)) }
        var policy = value("policy").flatMap(mapPairs) ?? []
        for (key, document) in policyDocument(draft) {
            guard case .list(let added) = document else { continue }
            if let index = policy.firstIndex(where: { $0.0 == key }), case .list(let existing) = policy[index].1 {
                policy[index].1 = .list(existing + added.filter { !existing.contains($0) })
            } else if key == "teamClusterRoles" || key == "teamAccessPolicies" || policy.firstIndex(where: { $0.0 == key }) == nil {
                policy.append((key, document))
            }
        }
        if !policy.isEmpty { set("policy", .map(policy)) }
        if !draft.accounts.isEmpty {
            var existing: [Document] = []
            if case .list(let items)? = value("accounts") { existing = items }
            set("accounts", .list(existing + draft.accounts.map(Document.string).filter { !existing.contains($0) }))
        }
        if let mode = value("authMode"), mode != .string(draft.authMode.rawValue) {
            notes.append("the environment keeps its authMode (\(describe(mode))); the dumps suggest \(draft.authMode.rawValue)")
        }
        return (YAMLWriter.write(.map(pairs)), notes)
    }

    static func describe(_ document: Document) -> String {
        if case .string(let text) = document { return text }
        return "?"
    }

    static func mapPairs(_ document: Document) -> [(String, Document)]? {
        if case .map(let pairs) = document { return pairs }
        return nil
    }

    /// A YAML node as a Document, keeping key order and scalars as text (as the fragment loader reads them).
    static func document(_ node: Yams.Node) -> Document {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, scalar.string == "true" || scalar.string == "false" { return .bool(scalar.string == "true") }
            if scalar.style == .plain, ["~", "null", ""].contains(scalar.string) { return .null }
            return .string(scalar.string)
        case .mapping(let mapping):
            return .map(mapping.compactMap { key, value in key.string.map { ($0, document(value)) } })
        case .sequence(let sequence):
            return .list(sequence.map(document))
        case .alias:
            return .null
        }
    }
}
