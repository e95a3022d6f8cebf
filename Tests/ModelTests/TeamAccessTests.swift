import Diagnostics
import Fragments
import Model
import ModelBuilding
import Resolver
import Testing

private let environment = ("environments/prod.yaml", "kind: Environment\nname: prod\nclusters:\n  c1: {account: \"111122223333\"}\n")

private let payments = ("teams/payments.yaml", """
    kind: Team
    name: payments
    namespaces: [payments, payments-batch, payments-web]
    groups:
      developers:
        members:
          - arn:aws:iam::111122223333:role/Dev
          - {arn: "arn:aws:iam::111122223333:user/bob", username: bob}
        access: {"*": edit, payments-batch: batch-operator}
      oncall:
        members: [arn:aws:iam::111122223333:role/Oncall]
        access: {payments-batch: batch-operator, payments: view, elsewhere: view}
    roles:
      batch-operator:
        rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, create]}]

    """)

@Suite("ClusterAccessBuilder: teams")
struct TeamAccessTests {
    @Test("team members join the <team>:<group> Kubernetes group")
    func teamGroups() throws {
        let access = try build([environment, payments], environment: "prod", cluster: "c1").access
        let team = access.identities.filter { if case .team = $0.origin { true } else { false } }
        #expect(team.map(\.arn) == ["arn:aws:iam::111122223333:role/Dev", "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:role/Oncall"])
        #expect(team.map(\.groups) == [["payments:developers"], ["payments:developers"], ["payments:oncall"]])
        #expect(team[0].origin == .team("payments", group: "developers"))
        #expect(team[0].username == "arn:aws:sts::111122223333:assumed-role/Dev/{{SessionName}}")
        #expect(team[1].kind == .user && team[1].username == "bob")
        #expect(TeamSpec.kubernetesGroup(team: "a", group: "b") == "a:b")
    }

    @Test("owned namespaces become Namespace objects with the team and the line that named them")
    func namespaces() throws {
        let access = try build([environment, payments], environment: "prod", cluster: "c1").access
        #expect(access.namespaces.map(\.name) == ["payments", "payments-batch", "payments-web"])
        #expect(access.namespaces.allSatisfy { $0.team == "payments" && $0.location.line == 3 })
    }

    @Test("\"*\" binds every owned namespace, and an explicit namespace wins over it")
    func wildcardExpansion() throws {
        let access = try build([environment, payments], environment: "prod", cluster: "c1").access
        let developers = access.roleBindings.filter { $0.name == "payments:developers" }
        #expect(developers.map(\.namespace) == ["payments", "payments-batch", "payments-web"])
        #expect(developers.map(\.roleRef) == [
            RoleRef(kind: .clusterRole, name: "edit"), RoleRef(kind: .role, name: "payments:batch-operator"),
            RoleRef(kind: .clusterRole, name: "edit"),
        ])
        #expect(developers.allSatisfy { $0.groups == ["payments:developers"] && $0.team == "payments" })
        #expect(developers.map(\.location.line) == [9, 9, 9])
        #expect(developers.map(\.location.column) == [19, 41, 19])
    }

    @Test("explicit grants bind only their namespaces, owned or not (guards judge the rest)")
    func explicitGrants() throws {
        let access = try build([environment, payments], environment: "prod", cluster: "c1").access
        let oncall = access.roleBindings.filter { $0.name == "payments:oncall" }
        #expect(oncall.map(\.namespace) == ["elsewhere", "payments", "payments-batch"])
        #expect(oncall.map(\.roleRef.name) == ["view", "view", "payments:batch-operator"])
    }

    @Test("a team role becomes one Role per namespace it is granted in, named <team>:<role>")
    func teamRoles() throws {
        let access = try build([environment, payments], environment: "prod", cluster: "c1").access
        #expect(access.roles.map(\.namespace) == ["payments-batch"], "two groups granting it in one namespace make one Role")
        let role = try #require(access.roles.first)
        #expect(role.name == "payments:batch-operator" && role.team == "payments")
        #expect(role.rules.first?.resources == ["jobs"] && role.rules.first?.verbs == ["get", "create"])
        #expect(role.location.line == 14)
    }

    @Test("a team role granted through \"*\" is emitted in every owned namespace")
    func roleThroughWildcard() throws {
        let team = ("teams/t.yaml", "kind: Team\nname: t\nnamespaces: [a, b]\nroles: {r: {rules: []}}\ngroups: {g: {access: {\"*\": r}}}\n")
        let access = try build([environment, team], environment: "prod", cluster: "c1").access
        #expect(access.roles.map { "\($0.namespace)/\($0.name)" } == ["a/t:r", "b/t:r"])
        #expect(access.roleBindings.map(\.roleRef) == [RoleRef(kind: .role, name: "t:r"), RoleRef(kind: .role, name: "t:r")])
    }

    @Test("\"*\" for a team without namespaces binds nothing")
    func wildcardWithoutNamespaces() throws {
        let team = ("teams/t.yaml", "kind: Team\nname: t\ngroups: {g: {members: [arn:aws:iam::111122223333:role/x], access: {\"*\": edit}}}\n")
        let access = try build([environment, team], environment: "prod", cluster: "c1").access
        #expect(access.roleBindings.isEmpty && access.namespaces.isEmpty)
        #expect(access.identities.map(\.groups) == [["t:g"]])
    }

    @Test("teams are listed by name and their objects kept apart by the team prefix")
    func severalTeams() throws {
        let zeta = ("teams/zeta.yaml", "kind: Team\nname: zeta\nnamespaces: [z]\nroles: {batch-operator: {rules: []}}\ngroups: {developers: {access: {z: batch-operator}}}\n")
        let access = try build([environment, zeta, payments], environment: "prod", cluster: "c1").access
        #expect(access.teams.map(\.name) == ["payments", "zeta"])
        #expect(Set(access.roles.map(\.name)) == ["payments:batch-operator", "zeta:batch-operator"])
        #expect(access.roleBindings.filter { $0.team == "zeta" }.map(\.groups) == [["zeta:developers"]])
    }

    @Test("an overlay's grant carries the lines it overrode into the RoleBinding")
    func bindingProvenance() throws {
        let overlay = ("teams/payments/prod.yaml", "kind: Overlay\nname: prod\ngroups: {developers: {access: {\"*\": view}}}\n")
        let access = try build([environment, payments, overlay], environment: "prod", cluster: "c1").access
        let binding = try #require(access.roleBindings.first { $0.name == "payments:developers" && $0.namespace == "payments" })
        #expect(binding.roleRef == RoleRef(kind: .clusterRole, name: "view"))
        #expect(binding.location.path == "teams/payments/prod.yaml")
        #expect(binding.overrides.map(\.path) == ["teams/payments.yaml"])
    }
}
