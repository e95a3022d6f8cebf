import Diagnostics
import Model
import PluginAPI

/// Fragments that are valid but grant nothing usually hide a typo: a group with members and
/// no access, access and no members, a platform group nothing binds (the classic
/// `system:admin`). Warnings, errors under `--strict`. A binding to a ClusterRole that does not
/// exist is always an error: it grants nothing today and whatever that name means tomorrow.
public struct TypoGuard: Guard {
    public let name = "typo"

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for team in cluster.teams {
            for group in team.groups {
                if !group.members.isEmpty && group.access.isEmpty && group.accessPolicies.isEmpty {
                    findings.append(.warning("group-without-access", "group '\(group.name)' of team '\(team.name)' has members but no `access`: its members can log in but do nothing", at: group.location))
                }
                if group.members.isEmpty && !(group.access.isEmpty && group.accessPolicies.isEmpty) {
                    findings.append(.warning("group-without-members", "group '\(group.name)' of team '\(team.name)' has access but no `members`; add members or remove the group", at: group.location))
                }
            }
        }
        for group in cluster.environment.groups where group.clusterRoles.isEmpty && group.systemMasters?.value != true && group.accessPolicies.isEmpty {
            findings.append(.warning("unbound-group", "platform group '\(group.name)' has no clusterRoles, no systemMasters and no accessPolicies: nothing binds it, so its members get nothing", at: group.location))
        }
        let defined = Set(cluster.environment.clusterRoles.map(\.name)).union(KubernetesNames.builtinClusterRoles)
        for binding in cluster.clusterRoleBindings where !defined.contains(binding.clusterRole) {
            findings.append(.error("unknown-cluster-role", "ClusterRole '\(binding.clusterRole)' is neither built-in (\(KubernetesNames.builtinClusterRoles.sorted().joined(separator: ", "))) nor defined under clusterRoles; fix the name or define it under the environment's `clusterRoles:`", at: binding.location))
        }
        for binding in cluster.roleBindings where binding.roleRef.kind == .clusterRole && !defined.contains(binding.roleRef.name) {
            findings.append(.error("unknown-cluster-role", "'\(binding.roleRef.name)' is neither a role of team '\(binding.team)' nor a known ClusterRole; fix the name or define it under the team's `roles:`", at: binding.location))
        }
        return findings
    }
}
