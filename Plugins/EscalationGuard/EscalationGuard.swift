import Diagnostics
import Model
import PluginAPI

/// A team reaches only into namespaces it owns, with roles policy allows, never cluster-wide;
/// cluster-wide power (system:masters, foreign accounts) needs the environment's policy.
public struct EscalationGuard: Guard {
    public let name = "escalation"

    /// Resources a team Role must not touch: RBAC itself, nodes, and cluster-scoped kinds.
    static let forbiddenResources: Set<String> = [
        "roles", "rolebindings", "clusterroles", "clusterrolebindings", "nodes", "nodes/proxy", "namespaces",
        "persistentvolumes", "customresourcedefinitions", "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations", "certificatesigningrequests", "storageclasses", "priorityclasses",
        "apiservices", "tokenreviews", "subjectaccessreviews", "serviceaccounts/token",
    ]
    /// Verbs that gain permissions the holder was not given; named explicitly they are always an
    /// error (a wildcard verb that includes them is judged as a wildcard).
    static let forbiddenVerbs: Set<String> = ["escalate", "bind", "impersonate"]

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var owners: [String: NamespaceObject] = [:]
        for namespace in cluster.namespaces {
            if let reservation = cluster.policy.reservation(of: namespace.name) {
                findings.append(Self.reserved(namespace, reservation))
            }
            if let first = owners[namespace.name], first.team == namespace.team {
                findings.append(.error("namespace-listed-twice", "namespace '\(namespace.name)' is listed twice by team '\(namespace.team)'; list it once (two identical Namespace objects break kustomize)",
                                       at: namespace.location, notes: [.init("first listed here", at: first.location)]))
            } else if let first = owners[namespace.name] {
                findings.append(.error("namespace-owned-twice", "namespace '\(namespace.name)' is claimed by teams '\(first.team)' and '\(namespace.team)'; a namespace has exactly one owner, remove it from one team",
                                       at: namespace.location, notes: [.init("also claimed here", at: first.location)]))
            } else {
                owners[namespace.name] = namespace
            }
        }
        let allowed = cluster.policy.teamClusterRoles.isEmpty ? Set(Policy.defaultTeamClusterRoles) : Set(cluster.policy.teamClusterRoles.map(\.value))
        let known = Set(cluster.environment.clusterRoles.map(\.name)).union(KubernetesNames.builtinClusterRoles)
        for team in cluster.teams {
            let owned = Set(team.namespaces.map(\.value))
            for group in team.groups {
                for grant in group.access where grant.namespace != "*" && !owned.contains(grant.namespace) {
                    let owner = owners[grant.namespace].map { " (it belongs to team '\($0.team)')" } ?? ""
                    findings.append(.error("grant-outside-namespaces", "team '\(team.name)' grants access in namespace '\(grant.namespace)', which it does not own\(owner); teams grant only in their own `namespaces`", at: grant.location))
                }
                // A name that is no ClusterRole at all is a typo, which TypoGuard reports (one cause, one error).
                for grant in group.access where !team.roles.contains(where: { $0.name == grant.role }) && !allowed.contains(grant.role)
                    && known.contains(grant.role) {
                    findings.append(.error("cluster-role-not-allowed", "team '\(team.name)' binds ClusterRole '\(grant.role)', which policy.teamClusterRoles does not allow (allowed: \(allowed.sorted().joined(separator: ", "))); define a role under `roles:` or ask the platform team",
                                           at: grant.location))
                }
            }
            let wildcards = cluster.policy.teamWildcards
            for role in team.roles {
                for rule in role.rules { findings += Self.check(rule, role: role.name, team: team.name, wildcards: wildcards) }
            }
        }
        let systemMasters = Set(cluster.policy.systemMasters.map { ARN.authenticatorKey($0.value) })
        let allowedAccounts = Set(cluster.policy.allowedAccounts.map(\.value))
        for identity in cluster.identities {
            if identity.isSystemMaster && !systemMasters.contains(identity.authenticatorKey) {
                findings.append(.error("system-masters-not-allowed", "\(identity.arn) would join system:masters (bypassing RBAC), but policy.systemMasters does not list it; bind a ClusterRole through `clusterRoles:` instead, or add the ARN to policy.systemMasters", at: identity.location))
            }
            // A malformed account is IdentityGuard's invalid-arn; only a real account can be the wrong one.
            if !allowedAccounts.isEmpty, let account = identity.parsedARN?.account, AWSNames.isAccountID(account), !allowedAccounts.contains(account) {
                findings.append(.error("account-not-allowed", "\(identity.arn) is in account \(account), which policy.allowedAccounts does not list (\(allowedAccounts.sorted().joined(separator: ", "))); fix the ARN or add the account to the policy", at: identity.location))
            }
        }
        for account in cluster.environment.accounts where !allowedAccounts.contains(account.value) {
            findings.append(.error("map-accounts-not-allowed", "`accounts:` maps every IAM principal of account \(account.value) into the cluster; list it in policy.allowedAccounts to allow that", at: account.location))
        }
        return findings
    }

    static func reserved(_ namespace: NamespaceObject, _ reservation: Policy.Reservation) -> Diagnostic {
        let message = "team '\(namespace.team)' lists namespace '\(namespace.name)', which no team may own"
        switch reservation {
        case .builtin:
            let why = namespace.name == "kube-system"
                ? "it holds the aws-auth ConfigMap, so whoever can edit it there is cluster-admin"
                : "it belongs to Kubernetes itself, and a team's Namespace object would let pruning delete it"
            return .error("reserved-namespace", "\(message): \(why); run the workload in a namespace of the team's own", at: namespace.location)
        case .policy(let entry):
            return .error("reserved-namespace", "\(message): policy.reservedNamespaces reserves '\(entry.value)'; choose another namespace or ask the platform team",
                          at: namespace.location, notes: [.init("reserved here", at: entry.location)])
        }
    }

    static func check(_ rule: Rule, role: String, team: String, wildcards: Located<Policy.WildcardPolicy>? = nil) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let what = "role '\(role)' of team '\(team)'"
        for verb in rule.verbs where forbiddenVerbs.contains(verb) {
            findings.append(.error("risky-verb", "\(what) uses verb '\(verb)', which lets the holder gain permissions it was not given; list the verbs it needs", at: rule.location))
        }
        for resource in rule.resources where !resource.hasPrefix("*") {
            let base = resource.split(separator: "/").first.map(String.init) ?? resource
            if forbiddenResources.contains(resource) || forbiddenResources.contains(base) {
                findings.append(.error("forbidden-resource", "\(what) reaches '\(resource)', which a team may not manage (RBAC objects, nodes and cluster-scoped resources belong to the platform); drop the rule or ask the platform team", at: rule.location))
            }
        }
        if !rule.nonResourceURLs.isEmpty {
            findings.append(.error("forbidden-resource", "\(what) lists nonResourceURLs, which only ClusterRoles can grant; ask the platform team for a ClusterRole", at: rule.location))
        } else if rule.usesWildcard, let finding = wildcard(rule, what: what, policy: wildcards) {
            findings.append(finding)
        }
        return findings
    }

    /// A wildcard inside the team's own namespaces is the team's explicit choice: say exactly which
    /// risky permissions it reaches there (judged with its apiGroups), or refuse it where policy says so.
    static func wildcard(_ rule: Rule, what: String, policy: Located<Policy.WildcardPolicy>?) -> Diagnostic? {
        let reached = RiskyPermission.reached(by: [rule]).filter(\.namespaced)
        let spelled = "apiGroups \(list(rule.apiGroups)), resources \(list(rule.resources)), verbs \(list(rule.verbs))"
        if let policy, policy.value == .forbid {
            let implies = reached.isEmpty ? "" : " (it reaches: \(reached.map(\.name).joined(separator: ", ")))"
            return .error("wildcard-rule", "\(what) uses a wildcard (\(spelled))\(implies), and policy.teamWildcards forbids wildcards in team roles; list the API groups, resources and verbs it needs",
                          at: rule.location, notes: [.init("forbidden here", at: policy.location)])
        }
        guard !reached.isEmpty else { return nil }
        return .warning("wildcard-rule", "\(what) uses a wildcard (\(spelled)); in the team's namespaces that includes: \(reached.map(\.name).joined(separator: ", ")); list what it needs, or keep it knowingly (policy.teamWildcards: forbid makes this an error)",
                        at: rule.location)
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ") + "]"
    }
}
