import Diagnostics
import Model

/// Builds the `ClusterAccess` of one cluster from its environment and the teams placed in it.
/// It records everything asked for, faithfully, with provenance; guards decide what is allowed.
public enum ClusterAccessBuilder {
    public static func build(environment: EnvironmentSpec, cluster: ClusterSpec, teams: [TeamSpec]) -> ClusterAccess {
        build(environment: environment, cluster: cluster, teams: teams, contribution: contribution(of:))
    }

    /// The same, with each team's part from `contribution` (`EnvironmentTeams` hands out the one
    /// it built for the environment): a team's part does not depend on the cluster.
    public static func build(environment: EnvironmentSpec, cluster: ClusterSpec, teams: [TeamSpec],
                             contribution: (TeamSpec) -> TeamContribution) -> ClusterAccess {
        var access = ClusterAccess(environment: environment, cluster: cluster, teams: teams.sorted { $0.name < $1.name },
                                   identities: [], namespaces: [], roles: [], roleBindings: [], clusterRoles: [], clusterRoleBindings: [])
        addNodeIdentities(cluster, to: &access)
        addPlatform(environment, to: &access)
        for team in access.teams {
            let part = contribution(team)
            access.namespaces += part.namespaces
            access.identities += part.identities
            access.roles += part.roles
            access.roleBindings += part.roleBindings
        }
        return access
    }

    /// What one team adds to every cluster it is placed in, in the order `build` lists it.
    public struct TeamContribution: Sendable {
        public var namespaces: [NamespaceObject] = []
        public var identities: [Identity] = []
        public var roles: [RoleObject] = []
        public var roleBindings: [RoleBindingObject] = []
    }

    private static func addNodeIdentities(_ cluster: ClusterSpec, to access: inout ClusterAccess) {
        let kinds: [([Located<String>], Identity.Kind, String, [String])] = [
            (cluster.nodeRoles, .linuxNode, Identity.nodeUsername, Identity.nodeGroups),
            (cluster.windowsNodeRoles, .windowsNode, Identity.nodeUsername, Identity.windowsNodeGroups),
            (cluster.fargateRoles, .fargate, Identity.fargateUsername, Identity.fargateGroups),
            // What EKS gives a HYBRID_LINUX entry, and the aws-auth form the EKS User Guide gives hybrid nodes.
            (cluster.hybridNodeRoles, .hybridNode, Identity.hybridUsername, Identity.nodeGroups),
            (cluster.autoModeNodeRoles, .autoModeNode, Identity.nodeUsername, Identity.nodeGroups),
        ]
        for (roles, kind, username, groups) in kinds {
            for role in roles {
                var identity = Identity(kind: kind, arn: role.value, username: username, groups: groups,
                                        origin: .cluster, location: role.location, customUsername: false)
                identity.eksManaged = cluster.isEKSManaged(role.value)
                access.identities.append(identity)
            }
        }
    }

    static func identity(for member: Member, groups: [String], origin: Origin) -> Identity {
        let arn = ARN(member.arn.value)
        let kind: Identity.Kind = arn?.resourceType == "user" ? .user : .role
        let username = member.username?.value ?? arn?.defaultUsername ?? member.arn.value
        return Identity(kind: kind, arn: member.arn.value, username: username, groups: groups, origin: origin,
                        location: member.arn.location, customUsername: member.username != nil,
                        usernameLocation: member.username?.location, parsed: .some(arn))
    }

    private static func addPlatform(_ environment: EnvironmentSpec, to access: inout ClusterAccess) {
        for role in environment.clusterRoles {
            access.clusterRoles.append(ClusterRoleObject(name: role.name, rules: role.rules, location: role.location))
        }
        for group in environment.groups {
            var groups: [String] = []
            if !group.clusterRoles.isEmpty || group.systemMasters?.value != true { groups.append(group.name) }
            if group.systemMasters?.value == true { groups.append(Identity.systemMasters) }
            for member in group.members {
                var identity = identity(for: member, groups: groups, origin: .platform(group: group.name))
                identity.accessPolicies = group.accessPolicies
                access.identities.append(identity)
            }
            for role in group.clusterRoles {
                access.clusterRoleBindings.append(ClusterRoleBindingObject(
                    name: "rolecall:\(group.name):\(role.value)", clusterRole: role.value, groups: [group.name], location: role.location))
            }
        }
    }

    public static func contribution(of team: TeamSpec) -> TeamContribution {
        var access = TeamContribution()
        for namespace in team.namespaces {
            access.namespaces.append(NamespaceObject(name: namespace.value, team: team.name, location: namespace.location))
        }
        let owned = team.namespaces.map(\.value)
        let teamRoles = Dictionary(team.roles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var rolesEmitted: Set<String> = []
        for group in team.groups {
            let kubernetesGroup = TeamSpec.kubernetesGroup(team: team.name, group: group.name)
            // A team's policy grant without namespaces applies in every namespace the team owns here.
            let policies = group.accessPolicies.map { grant in
                var grant = grant
                // No namespaces, or "*" among them (as in `access`): every namespace the team owns.
                if let written = grant.namespaces, written.isEmpty || written.contains(where: { $0.value == "*" }) { grant.namespaces = team.namespaces }
                return grant
            }
            for member in group.members {
                var identity = identity(for: member, groups: [kubernetesGroup], origin: .team(team.name, group: group.name))
                identity.accessPolicies = policies
                access.identities.append(identity)
            }
            // An explicit namespace wins over "*" for that namespace.
            var grants: [String: Grant] = [:]
            for grant in group.access where grant.namespace == "*" {
                for namespace in owned { grants[namespace] = grant }
            }
            for grant in group.access where grant.namespace != "*" { grants[grant.namespace] = grant }
            for (namespace, grant) in grants.sorted(by: { $0.key < $1.key }) {
                let roleRef: RoleRef
                if let role = teamRoles[grant.role] {
                    roleRef = RoleRef(kind: .role, name: "\(team.name):\(role.name)")
                    if rolesEmitted.insert("\(namespace)/\(role.name)").inserted {
                        access.roles.append(RoleObject(namespace: namespace, name: roleRef.name, rules: role.rules, team: team.name, location: role.location))
                    }
                } else {
                    roleRef = RoleRef(kind: .clusterRole, name: grant.role)
                }
                access.roleBindings.append(RoleBindingObject(
                    namespace: namespace, name: kubernetesGroup, roleRef: roleRef, groups: [kubernetesGroup],
                    team: team.name, location: grant.location, overrides: grant.overrides))
            }
        }
        return access
    }
}
