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
    static let forbiddenVerbs: Set<String> = ["escalate", "bind", "impersonate", "*"]

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var owners: [String: NamespaceObject] = [:]
        for namespace in cluster.namespaces {
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
        for team in cluster.teams {
            let owned = Set(team.namespaces.map(\.value))
            for group in team.groups {
                for grant in group.access where grant.namespace != "*" && !owned.contains(grant.namespace) {
                    let owner = owners[grant.namespace].map { " (it belongs to team '\($0.team)')" } ?? ""
                    findings.append(.error("grant-outside-namespaces", "team '\(team.name)' grants access in namespace '\(grant.namespace)', which it does not own\(owner); teams grant only in their own `namespaces`", at: grant.location))
                }
                for grant in group.access where !team.roles.contains(where: { $0.name == grant.role }) && !allowed.contains(grant.role) {
                    findings.append(.error("cluster-role-not-allowed", "team '\(team.name)' binds ClusterRole '\(grant.role)', which policy.teamClusterRoles does not allow (allowed: \(allowed.sorted().joined(separator: ", "))); define a role under `roles:` or ask the platform team",
                                           at: grant.location))
                }
            }
            for role in team.roles {
                for rule in role.rules { findings += Self.check(rule, role: role.name, team: team.name) }
            }
        }
        let systemMasters = Set(cluster.policy.systemMasters.map { (ARN($0.value)?.pathless ?? $0.value).lowercased() })
        let allowedAccounts = Set(cluster.policy.allowedAccounts.map(\.value))
        for identity in cluster.identities {
            if identity.isSystemMaster && !systemMasters.contains(identity.authenticatorARN.lowercased()) {
                findings.append(.error("system-masters-not-allowed", "\(identity.arn) would join system:masters (bypassing RBAC), but policy.systemMasters does not list it; bind a ClusterRole through `clusterRoles:` instead, or add the ARN to policy.systemMasters", at: identity.location))
            }
            if !allowedAccounts.isEmpty, let account = identity.parsedARN?.account, !allowedAccounts.contains(account) {
                findings.append(.error("account-not-allowed", "\(identity.arn) is in account \(account), which policy.allowedAccounts does not list (\(allowedAccounts.sorted().joined(separator: ", "))); fix the ARN or add the account to the policy", at: identity.location))
            }
        }
        for account in cluster.environment.accounts where !allowedAccounts.contains(account.value) {
            findings.append(.error("map-accounts-not-allowed", "`accounts:` maps every IAM principal of account \(account.value) into the cluster; list it in policy.allowedAccounts to allow that", at: account.location))
        }
        return findings
    }

    static func check(_ rule: Rule, role: String, team: String) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let what = "role '\(role)' of team '\(team)'"
        for verb in rule.verbs where forbiddenVerbs.contains(verb) {
            let why = verb == "*" ? "'*' includes escalate, bind and impersonate" : "'\(verb)' lets the holder gain permissions it was not given"
            findings.append(.error("risky-verb", "\(what) uses verb '\(verb)': \(why); list the verbs it needs", at: rule.location))
        }
        for resource in rule.resources {
            let base = resource.split(separator: "/").first.map(String.init) ?? resource
            if resource == "*" || resource.hasPrefix("*/") {
                findings.append(.error("risky-resource", "\(what) uses resource '\(resource)', which includes roles and rolebindings; list the resources it needs", at: rule.location))
            } else if forbiddenResources.contains(resource) || forbiddenResources.contains(base) {
                findings.append(.error("forbidden-resource", "\(what) reaches '\(resource)', which a team may not manage (RBAC objects, nodes and cluster-scoped resources belong to the platform); drop the rule or ask the platform team", at: rule.location))
            }
        }
        if !rule.nonResourceURLs.isEmpty {
            findings.append(.error("forbidden-resource", "\(what) lists nonResourceURLs, which only ClusterRoles can grant; ask the platform team for a ClusterRole", at: rule.location))
        }
        return findings
    }
}
