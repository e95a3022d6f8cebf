import Diagnostics
import Fragments
import Model
import ModelBuilding
import Resolver
import Testing

@Suite("SpecDecoder")
struct SpecDecoderTests {
    static let base = ("environments/base.yaml", """
        kind: Environment
        name: base
        abstract: true
        clusters:
          c1: {account: "111122223333", region: eu-west-1, labels: {tier: prod}}
        groups:
          admins:
            members: [{arn: "arn:aws:iam::111122223333:role/Admin", username: admin}]

        """)

    @Test("a required value deleted by a child's null is reported with a hint about null")
    func missingAccountAfterNull() throws {
        let r = resolve([Self.base, ("environments/prod.yaml", "kind: Environment\nname: prod\nextends: base\nclusters:\n  c1: {account: null}\n")])
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(r.environments["prod"]))
        #expect(codes(decoder.diagnostics) == ["missing-field"])
        let d = try #require(decoder.diagnostics.first)
        #expect(d.message == "cluster 'c1' has no `account`")
        #expect(d.notes.map(\.message) == ["a `null` in an overlay or child deletes an inherited value"])
        #expect(d.location.path == "environments/base.yaml")
        #expect(spec.clusters.map(\.name) == ["c1"])
        #expect(spec.clusters.first?.region == "eu-west-1")
    }

    @Test("a member's arn deleted by a null is reported; the member is dropped")
    func missingMemberArnAfterNull() throws {
        let r = resolve([Self.base, ("environments/prod.yaml", """
            kind: Environment
            name: prod
            extends: base
            groups:
              admins:
                members: [{arn: null, username: admin}]

            """)])
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(r.environments["prod"]))
        #expect(decoder.diagnostics.map(\.message) == ["a member of platform group 'admins' has no `arn`"])
        #expect(spec.groups.first?.members.isEmpty == true)
    }

    @Test("a team group member mapping without arn is reported in the team's words")
    func teamMemberWithoutArn() throws {
        let r = resolve([("teams/t.yaml", "kind: Team\nname: t\ngroups:\n  dev:\n    members: [{username: bob}]\n")])
        var decoder = SpecDecoder()
        let spec = decoder.team(try #require(r.teams["t"]).base, name: "t")
        #expect(decoder.diagnostics.map(\.message) == ["a member of group 'dev' of team 't' has no `arn`"])
        #expect(decoder.diagnostics.first?.location.line == 5)
        #expect(spec.groups.first?.members.isEmpty == true)
    }

    @Test("authMode defaults to both and rejects unknown values", arguments: [
        (nil, AuthMode.both, [String]()), ("api", .api, []), ("configmap", .configmap, []), ("both", .both, []),
        ("API", .both, ["invalid-value"]), ("iam", .both, ["invalid-value"]),
    ] as [(String?, AuthMode, [String])])
    func authMode(written: String?, mode: AuthMode, errors: [String]) throws {
        let yaml = "kind: Environment\nname: prod\n" + (written.map { "authMode: \($0)\n" } ?? "")
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(resolve([("environments/prod.yaml", yaml)]).environments["prod"]))
        #expect(spec.authMode.value == mode)
        #expect(codes(decoder.diagnostics) == errors)
    }

    @Test("environment fields decode with their locations")
    func environmentFields() throws {
        let r = resolve([Self.base, ("environments/prod.yaml", """
            kind: Environment
            name: prod
            extends: base
            promotesFrom: staging
            plugins: [aws-auth, rbac]
            accounts: ["111122223333"]
            clusters:
              c1:
                nodeRoles: [arn:aws:iam::111122223333:role/node]
                fargateRoles: [arn:aws:iam::111122223333:role/fargate]
            clusterRoles:
              reader: {rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]}
            groups:
              admins: {clusterRoles: [cluster-admin], systemMasters: true}
            policy: {breakGlass: [x], teamClusterRoles: [view]}

            """)])
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(r.environments["prod"]))
        #expect(decoder.diagnostics.isEmpty)
        #expect(spec.name == "prod" && spec.promotesFrom?.value == "staging")
        #expect(spec.plugins?.map(\.value) == ["aws-auth", "rbac"])
        let c1 = try #require(spec.clusters.first)
        #expect(c1.account.value == "111122223333" && c1.labels == ["tier": "prod"])
        #expect(c1.nodeRoles.map(\.value) == ["arn:aws:iam::111122223333:role/node"])
        #expect(c1.nodeRoles.first?.location.line == 9)
        #expect(spec.clusterRoles.map(\.name) == ["reader"])
        #expect(spec.clusterRoles.first?.rules == [Rule(apiGroups: [""], resources: ["pods"], verbs: ["get", "list"],
                                                        location: spec.clusterRoles[0].rules[0].location)])
        let admins = try #require(spec.groups.first)
        #expect(admins.systemMasters?.value == true && admins.clusterRoles.map(\.value) == ["cluster-admin"])
        #expect(admins.members.first?.username?.value == "admin")
        #expect(spec.policy.breakGlass.map(\.value) == ["x"] && spec.policy.teamClusterRoles.map(\.value) == ["view"])
        #expect(spec.policy.allowedAccounts.isEmpty)
        #expect(spec.accounts.map(\.value) == ["111122223333"])
    }

    @Test("plugins left unset mean every plugin (nil), not none")
    func pluginsUnset() throws {
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(resolve([("environments/prod.yaml", "kind: Environment\nname: prod\n")]).environments["prod"]))
        #expect(spec.plugins == nil)
    }

    @Test("team grants keep the lines they overrode")
    func grantProvenance() throws {
        let r = resolve([
            ("environments/prod.yaml", "kind: Environment\nname: prod\nclusters: {c1: {account: '1'}}\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nnamespaces: [a]\ngroups: {dev: {access: {a: edit}}}\n"),
            ("teams/t/prod.yaml", "kind: Overlay\nname: prod\ngroups: {dev: {access: {a: view}}}\n"),
        ])
        var decoder = SpecDecoder()
        let team = decoder.team(try #require(r.teams["t"]).effective(in: try #require(r.environments["prod"]), cluster: "c1"), name: "t")
        let grant = try #require(team.groups.first?.access.first)
        #expect(grant.namespace == "a" && grant.role == "view")
        #expect(grant.location.path == "teams/t/prod.yaml")
        #expect(grant.overrides.map(\.path) == ["teams/t.yaml"])
    }

    @Test("placement includes a cluster only when every given condition holds", arguments: [
        ("{}", true), ("{environments: [prod]}", true), ("{environments: [dev]}", false),
        ("{clusters: [c1, c2]}", true), ("{clusters: [c2]}", false), ("{clusterLabels: {tier: prod}}", true),
        ("{clusterLabels: {tier: dev}}", false), ("{clusterLabels: {tier: prod, zone: a}}", false),
        ("{environments: [prod], clusters: [c2]}", false), ("{environments: []}", false),
    ])
    func placement(yaml: String, included: Bool) throws {
        let r = resolve([Self.base, ("environments/prod.yaml", "kind: Environment\nname: prod\nextends: base\n"),
                         ("teams/t.yaml", "kind: Team\nname: t\nplacement: \(yaml)\n")])
        var decoder = SpecDecoder()
        let environment = decoder.environment(try #require(r.environments["prod"]))
        let team = decoder.team(try #require(r.teams["t"]).base, name: "t")
        #expect(team.placement.includes(environment: "prod", cluster: try #require(environment.clusters.first)) == included)
    }
}
