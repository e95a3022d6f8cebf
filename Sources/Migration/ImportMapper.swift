import Authorization
import Diagnostics
import Model
import PluginAPI

/// Maps a live cluster to fragments. Each IAM principal joins exactly one rolecall group (an ARN
/// is mapped once per cluster), so principals are grouped by what they have live: the same
/// Kubernetes groups, access policies and user-bound bindings make one group. A group with any
/// cluster-wide grant becomes a platform group; the rest become team groups, and namespaces
/// bound to the same groups (directly or through a group's other namespaces) become one team,
/// so every team group stays inside its team's namespaces.
public struct ImportMapper {
    public var cluster: String
    public var environment: String
    /// Teams and groups already in the repository, whose names an import must not reuse.
    public var takenTeamNames: Set<String> = []
    public var authMode: AuthMode?

    public init(cluster: String, environment: String) {
        self.cluster = cluster
        self.environment = environment
    }

    static let builtinOrder = ["view": 1, "edit": 2, "admin": 3, "cluster-admin": 4]

    /// A principal class: principals with the same live access shape.
    struct Shape {
        var principals: [LivePrincipal] = []
        var groups: [String]
        var bindings: [LiveCluster.Binding] = []
        var policies: [AccessPolicyAssociation]
        var isPlatform: Bool {
            groups.contains(Identity.systemMasters) || bindings.contains { $0.namespace == nil }
                || policies.contains { policy in
                    if case .namespaces(let names) = policy.scope { return names.contains { $0.hasSuffix("*") || Policy.reservedNamespaces.contains($0) } }
                    return true
                }
                || bindings.contains { $0.namespace.map(Policy.reservedNamespaces.contains) == true }
        }
        /// Namespaces the shape's namespaced grants reach.
        var namespaces: Set<String> {
            var names = Set(bindings.compactMap(\.namespace))
            for policy in policies { if case .namespaces(let list) = policy.scope { names.formUnion(list) } }
            return names
        }
    }

    public func map(_ live: LiveCluster) -> (draft: ImportDraft, report: ImportReport) {
        var report = ImportReport()
        let principals = live.principals
        let mode = authMode ?? (live.hasAccessEntries ? (live.hasAwsAuth ? .both : .api) : .configmap)
        report.choices.append("authMode \(mode.rawValue): \(live.hasAwsAuth ? "an aws-auth ConfigMap" : "no aws-auth")\(live.hasAccessEntries ? " and access entries" : ", no access entries") in the dumps")

        // The cluster: nodes, account, region.
        let place = live.regionAndAccount
        let nodeAccount = principals.first { $0.kind != .person }.flatMap { ARN($0.arn)?.account }
        let account = place?.account ?? nodeAccount ?? principals.compactMap { ARN($0.arn)?.account }.first ?? ""
        if place == nil { report.choices.append("account \(account.isEmpty ? "unknown: set `account:`" : account) taken from the node roles' ARNs (the access entry dump has no accessEntryArn); region not known") }
        var draft = ImportDraft(environment: environment, authMode: mode,
                                cluster: ImportDraft.Cluster(name: cluster, account: account, region: place?.region))
        for node in principals where node.kind != .person {
            switch node.kind {
            case .linuxNode: draft.cluster.nodeRoles.append(node.arn)
            case .windowsNode: draft.cluster.windowsNodeRoles.append(node.arn)
            case .fargate: draft.cluster.fargateRoles.append(node.arn)
            case .hybridNode: draft.cluster.hybridNodeRoles.append(node.arn)
            case .autoModeNode: draft.cluster.autoModeNodeRoles.append(node.arn)
            case .person: break
            }
            // EKS creates the entries of managed node groups and Fargate profiles: every Fargate
            // role, and any EC2 node role that already has an entry, is adopted rather than created.
            if node.kind == .fargate || (node.hasAccessEntry && (node.kind == .linuxNode || node.kind == .windowsNode)) {
                draft.cluster.eksManagedNodeRoles.append(node.arn)
                report.choices.append("\(node.arn): \(node.kind.rawValue) role marked EKS-managed (\(node.kind == .fargate ? "Fargate profiles' entries are created by EKS" : "its access entry exists already")); Terraform adopts its entry; remove it from eksManagedNodeRoles if your own Terraform creates it")
            } else if node.kind == .linuxNode || node.kind == .windowsNode {
                report.choices.append("\(node.arn): \(node.kind.rawValue) role from aws-auth; if it belongs to a managed node group, list it in eksManagedNodeRoles (EKS creates its access entry when the cluster moves to API_AND_CONFIG_MAP)")
            }
        }
        report.ignored.append(contentsOf: ignoredObjects(live))

        // Bindings by subject.
        let own = live.ownBindings
        var byGroup: [String: [LiveCluster.Binding]] = [:]
        var byUser: [String: [LiveCluster.Binding]] = [:]
        let usernames = Set(principals.compactMap(\.username))
        let groupsHeld = Set(principals.flatMap(\.groups))
        for binding in own {
            for subject in binding.subjects {
                switch subject.kind {
                case "Group":
                    byGroup[subject.name, default: []].append(binding)
                    if !groupsHeld.contains(subject.name), let renderer = principals.first(where: { $0.groups.contains { $0.contains("{{") && UsernameTemplates.canCollide($0, subject.name) } }) {
                        report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) binds group '\(subject.name)', which \(renderer.arn) gets for some session names (its groups hold a placeholder): left out; fragments grant groups, never one session's")
                    } else if !groupsHeld.contains(subject.name) && !subject.name.hasPrefix("system:") {
                        report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) binds group '\(subject.name)', which no IAM principal in the dumps has: left out (it grants nothing to IAM principals; an OIDC identity provider may use it)")
                    }
                case "User":
                    byUser[subject.name, default: []].append(binding)
                    if !usernames.contains(subject.name), let renderer = principals.first(where: { ($0.username ?? "").contains("{{") && UsernameTemplates.canCollide($0.username ?? "", subject.name) }) {
                        report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) binds user '\(subject.name)', which \(renderer.arn) (username '\(renderer.username ?? "")') is for some session names: left out; fragments grant groups, never one session's")
                    } else if !usernames.contains(subject.name) {
                        report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) binds user '\(subject.name)', which no IAM principal in the dumps maps to: left out")
                    }
                case "ServiceAccount":
                    report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) binds ServiceAccount \(subject.namespace ?? binding.namespace ?? "")/\(subject.name): rolecall manages IAM access only; keep the binding outside rolecall (do not delete it at cutover)")
                default:
                    report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) has a subject of kind '\(subject.kind)': left out")
                }
            }
        }

        // Shapes.
        var shapes: [String: Shape] = [:]
        var shapeOrder: [String] = []
        for principal in principals where principal.kind == .person {
            var bindings: [LiveCluster.Binding] = []
            var seen: Set<String> = []
            let userBound = principal.username.flatMap { byUser[$0] } ?? []
            for binding in principal.groups.flatMap({ byGroup[$0] ?? [] }) + userBound where seen.insert(binding.identity).inserted {
                bindings.append(binding)
            }
            let key = principal.groups.sorted().joined(separator: ",") + "|" + principal.policies.map { "\($0.policyARN) \($0.scope.description)" }.sorted().joined(separator: ";")
                + "|" + (userBound.isEmpty ? "" : "user:" + (principal.username ?? ""))
            if shapes[key] == nil {
                shapes[key] = Shape(groups: principal.groups.sorted(), bindings: bindings, policies: principal.policies)
                shapeOrder.append(key)
            }
            shapes[key]!.principals.append(principal)
        }

        // Teams: namespaces joined by the shapes that reach them.
        var parent: [String: String] = [:]
        func find(_ n: String) -> String { var n = n; while let p = parent[n], p != n { n = p }; return n }
        func union(_ a: String, _ b: String) { let ra = find(a), rb = find(b); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        for key in shapeOrder where !shapes[key]!.isPlatform {
            let names = shapes[key]!.namespaces.sorted()
            for name in names where parent[name] == nil { parent[name] = name }
            for name in names.dropFirst() { union(names[0], name) }
        }
        var components: [String: [String]] = [:]
        for name in parent.keys { components[find(name), default: []].append(name) }
        var teamOf: [String: Int] = [:]
        var usedTeamNames = takenTeamNames
        for (_, names) in components.sorted(by: { $0.key < $1.key }) {
            let sorted = names.sorted()
            var name = Self.teamName(sorted)
            if usedTeamNames.contains(name) { name += "-\(cluster)" }
            usedTeamNames.insert(name)
            for namespace in sorted { teamOf[namespace] = draft.teams.count }
            draft.teams.append(ImportDraft.Team(name: name, namespaces: sorted))
            report.choices.append("team '\(name)' owns \(sorted.joined(separator: ", "))\(sorted.count > 1 ? " (bound to the same groups)" : "")")
            for namespace in sorted where !live.namespaces.isEmpty && !live.namespaces.contains(namespace) {
                report.choices.append("namespace '\(namespace)' is granted but not in the RBAC dump: team '\(name)' will create it")
            }
        }

        var platformNames: Set<String> = []
        var teamClusterRoles: Set<String> = []
        var teamPolicies: Set<String> = []
        for key in shapeOrder {
            let shape = shapes[key]!
            let members = shape.principals.map { member(for: $0) }
            if shape.isPlatform {
                var group = ImportDraft.PlatformGroup(name: Self.unique(Self.groupName(shape, fallback: "imported-admins"), in: &platformNames))
                group.members = members
                group.systemMasters = shape.groups.contains(Identity.systemMasters)
                for binding in shape.bindings {
                    if binding.namespace == nil {
                        if let role = clusterRoleName(binding.roleRef, live: live, draft: &draft, report: &report, what: binding) { group.clusterRoles.append(role) }
                    } else if !(group.systemMasters || shape.bindings.contains { $0.namespace == nil && $0.roleRef.name == "cluster-admin" }) {
                        report.unrepresentable.append("RoleBinding \(binding.qualifiedName) grants \(binding.roleRef.kind.rawValue) \(binding.roleRef.name) to platform group '\(group.name)' (its members also have cluster-wide access): platform groups bind only cluster-wide; left out")
                    }
                }
                group.clusterRoles = Array(Set(group.clusterRoles)).sorted()
                group.accessPolicies = shape.policies.map(Self.item).sorted { $0.policy < $1.policy }
                if group.systemMasters { draft.systemMasters += members.map(\.arn) }
                draft.groups.append(group)
                report.choices.append("platform group '\(group.name)': \(members.count) principal\(members.count == 1 ? "" : "s") with cluster-wide access")
                // As ClusterAccessBuilder composes them: the group's name unless it is only system:masters.
                let groups = (!group.clusterRoles.isEmpty || !group.systemMasters ? [group.name] : []) + (group.systemMasters ? [Identity.systemMasters] : [])
                rename(shape, to: groups, report: &report)
                continue
            }
            guard let namespace = shape.namespaces.sorted().first, let index = teamOf[namespace] else {
                // No access at all: keep the principals mapped (they can log in) in a group of their own.
                var group = ImportDraft.PlatformGroup(name: Self.unique(Self.groupName(shape, fallback: "imported-no-access"), in: &platformNames))
                group.members = members
                draft.groups.append(group)
                report.choices.append("platform group '\(group.name)': principals that authenticate but are granted nothing (rolecall warns: unbound-group)")
                rename(shape, to: [group.name], report: &report)
                continue
            }
            var team = draft.teams[index]
            var usedGroups = Set(team.groups.map(\.name))
            var group = ImportDraft.TeamGroup(name: Self.unique(Self.groupName(shape, fallback: "imported"), in: &usedGroups))
            group.members = members
            var byNamespace: [String: [LiveCluster.Binding]] = [:]
            for binding in shape.bindings { byNamespace[binding.namespace ?? "", default: []].append(binding) }
            for (namespace, all) in byNamespace.sorted(by: { $0.key < $1.key }) {
                // A binding to a Role the namespace does not have grants nothing: leave it out first.
                let bindings = all.filter { binding in
                    guard binding.roleRef.kind == .role, !live.roles.contains(where: { $0.namespace == namespace && $0.name == binding.roleRef.name }) else { return true }
                    report.unrepresentable.append("RoleBinding \(binding.qualifiedName) refers to Role \(binding.roleRef.name), which namespace \(namespace) does not have (it grants nothing): left out")
                    return false
                }
                guard !bindings.isEmpty else { continue }
                let chosen = Self.widest(bindings)
                for other in bindings where other.identity != chosen.identity {
                    report.unrepresentable.append("group '\(group.name)' of team '\(team.name)' has \(bindings.count) bindings in namespace \(namespace); a team group gets one role per namespace: kept \(chosen.roleRef.kind.rawValue) \(chosen.roleRef.name), left out \(other.roleRef.kind.rawValue) \(other.roleRef.name) (RoleBinding \(other.qualifiedName)); merge them into one Role")
                }
                switch chosen.roleRef.kind {
                case .role:
                    let rules = live.roles.first { $0.namespace == namespace && $0.name == chosen.roleRef.name }?.rules ?? []
                    if rules.isEmpty { report.unrepresentable.append("RoleBinding \(chosen.qualifiedName) refers to Role \(chosen.roleRef.name), which has no rules: left out"); continue }
                    var name = Self.objectName(chosen.roleRef.name)
                    if let existing = team.roles[name], existing.map(\.ruleKey) != rules.map(\.ruleKey) { name = Self.objectName("\(chosen.roleRef.name)-\(namespace)") }
                    team.roles[name] = rules
                    group.access[namespace] = name
                case .clusterRole:
                    guard let role = clusterRoleName(chosen.roleRef, live: live, draft: &draft, report: &report, what: chosen) else { continue }
                    if !Policy.defaultTeamClusterRoles.contains(role) { teamClusterRoles.insert(role) }
                    group.access[namespace] = role
                }
            }
            group.accessPolicies = shape.policies.map(Self.item).sorted { $0.policy < $1.policy }
            for item in group.accessPolicies where !Policy.defaultTeamAccessPolicies.contains(AccessPolicyGrant.name(of: item.policy)) {
                teamPolicies.insert(AccessPolicyGrant.name(of: item.policy))
            }
            team.groups.append(group)
            draft.teams[index] = team
            rename(shape, to: [TeamSpec.kubernetesGroup(team: team.name, group: group.name)], report: &report)
        }
        if !teamClusterRoles.isEmpty { draft.teamClusterRoles = (Policy.defaultTeamClusterRoles + teamClusterRoles.sorted()) }
        if !teamPolicies.isEmpty { draft.teamAccessPolicies = Policy.defaultTeamAccessPolicies + teamPolicies.sorted() }
        // Platform policy widened for every team, not only the one the dump bound: a decision.
        for role in teamClusterRoles.sorted() {
            let verbs = Set((live.clusterRoles.first { $0.name == role }?.rules ?? []).flatMap(\.verbs))
            let risky = ["*", "escalate", "bind", "impersonate"].filter(verbs.contains)
            report.unrepresentable.append("ClusterRole \(role) is bound by RoleBindings, so it was added to policy.teamClusterRoles: every team may now bind it in its own namespaces\(risky.isEmpty ? "" : ", and it grants \(risky.map { "'\($0)'" }.joined(separator: ", ")), which let a holder grant itself more"); keep it only if every team may have it")
        }
        for policy in teamPolicies.sorted() {
            report.unrepresentable.append("access policy \(policy) is associated at namespace scope, so it was added to policy.teamAccessPolicies: every team may now associate it in its own namespaces; keep it only if every team may have it")
        }
        if !live.mapAccounts.isEmpty {
            draft.accounts = live.mapAccounts
            report.choices.append("mapAccounts kept as `accounts:` (\(live.mapAccounts.joined(separator: ", "))): every principal of those accounts can authenticate; consider listing principals instead")
        }

        // Break-glass: whoever reaches cluster-admin today.
        let admins = draft.groups.filter { $0.systemMasters || $0.clusterRoles.contains("cluster-admin") || $0.accessPolicies.contains { $0.namespaces == nil && AccessPolicyGrant.name(of: $0.policy) == "AmazonEKSClusterAdminPolicy" } }
        // Not an aws-auth row the authenticator never matches (a role path): it reaches nothing today.
        let unmatched = Set(live.principals.filter(\.neverMatches).map(\.arn))
        draft.breakGlass = admins.flatMap(\.members).map(\.arn).filter { !unmatched.contains($0) }
        report.choices.append(draft.breakGlass.isEmpty
            ? "no principal reaches cluster-admin today: add one to a platform group bound to cluster-admin and list it in policy.breakGlass"
            : "policy.breakGlass proposed: \(draft.breakGlass.joined(separator: ", ")) (they reach cluster-admin today; keep at least one)")
        return (draft, report)
    }

    // MARK: helpers

    func member(for principal: LivePrincipal) -> ImportDraft.Member {
        let defaultName = ARN(principal.arn)?.defaultUsername
        let custom = principal.username.flatMap { $0 == defaultName ? nil : $0 }
        return ImportDraft.Member(arn: principal.arn, username: custom)
    }

    func rename(_ shape: Shape, to groups: [String], report: inout ImportReport) {
        for principal in shape.principals {
            var changes: [String] = []
            if principal.groups.sorted() != groups.sorted() {
                changes.append("groups [\(principal.groups.joined(separator: ", "))] → [\(groups.joined(separator: ", "))]")
            }
            let defaultName = ARN(principal.arn)?.defaultUsername ?? principal.arn
            if principal.username == nil {
                changes.append("username: aws-auth sets none → \(defaultName) (rolecall's default, the one EKS access entries use)")
            }
            if principal.path == .awsAuth, let arn = ARN(principal.arn), arn.resourceType == "role", arn.path != "/" {
                changes.append("ARN has a role path in aws-auth, which the authenticator never matches: rolecall strips it")
            }
            if !changes.isEmpty { report.identities.append(ImportReport.IdentityChange(arn: principal.arn, changes: changes)) }
        }
    }

    /// A ClusterRole a binding refers to, as a fragment names it: built-in, or copied into the environment's `clusterRoles:`.
    func clusterRoleName(_ ref: RoleRef, live: LiveCluster, draft: inout ImportDraft, report: inout ImportReport, what binding: LiveCluster.Binding) -> String? {
        if Self.builtinOrder[ref.name] != nil { return ref.name }
        if let role = live.clusterRoles.first(where: { $0.name == ref.name }), !LiveCluster.isPlatformOwned(name: role.name, labels: role.labels) {
            if role.rules.isEmpty {
                report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) refers to ClusterRole \(ref.name), which has no rules\(role.isAggregated ? " (it is aggregated: rolecall copies rules, not aggregation)" : ""): left out")
                return nil
            }
            draft.clusterRoles[Self.objectName(ref.name)] = role.rules
            return Self.objectName(ref.name)
        }
        report.unrepresentable.append("\(binding.kind) \(binding.qualifiedName) refers to ClusterRole \(ref.name), \(ref.name.hasPrefix("system:") || ref.name.hasPrefix("eks:") ? "a role Kubernetes or EKS owns, which fragments cannot bind" : "which the dump does not hold"): left out")
        return nil
    }

    func ignoredObjects(_ live: LiveCluster) -> [String] {
        let owned = live.bindings.filter { LiveCluster.isPlatformOwned(name: $0.name, labels: $0.labels) }.count
        let roles = (live.roles + live.clusterRoles).filter { LiveCluster.isPlatformOwned(name: $0.name, labels: $0.labels) }.count
        return owned + roles == 0 ? [] : ["\(roles) roles and \(owned) bindings that Kubernetes or EKS create (system:, eks:, bootstrapping-labelled, the built-in user-facing roles)"]
    }
}
