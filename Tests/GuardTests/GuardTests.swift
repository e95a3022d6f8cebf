import Diagnostics
import Testing

@testable import BuiltinPlugins

@Suite("Guards: the smallest fragment that triggers each, and the fixture that does not")
struct GuardTests {
    @Test func cleanFixtureRaisesNothing() throws {
        #expect(try GuardFixture.codes() == [])
    }

    struct TeamCase: CustomTestStringConvertible, Sendable {
        var code: String
        var old: String
        var new: String
        var testDescription: String { code }
    }

    static let teamCases: [TeamCase] = [
        .init(code: "grant-outside-namespaces", old: "access: {app: edit}", new: "access: {app: edit, other: edit}"),
        .init(code: "cluster-role-not-allowed", old: "access: {app: edit}", new: "access: {app: cluster-admin}"),
        .init(code: "invalid-arn", old: "role/AppDev", new: "role/App*"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:sts::111122223333:assumed-role/AppDev/bob"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam::1234:role/AppDev"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "AppDev"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam::111122223333:group/AppDev"),
        .init(code: "account-not-allowed", old: "111122223333:role/AppDev", new: "444455556666:role/AppDev"),
        .init(code: "duplicate-arn", old: "role/AppDev", new: "role/admin"),
        .init(code: "invalid-placeholder", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev:{{SessionName}\"}]"),
        .init(code: "invalid-placeholder", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev:{{Session}}\"}]"),
        .init(code: "reserved-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"system:dev\"}]"),
        .init(code: "invalid-name", old: "namespaces: [app]\n", new: "namespaces: [app, Not_DNS]\n"),
        .init(code: "group-without-access", old: "    access: {app: edit}\n", new: ""),
        .init(code: "group-without-members", old: "    members: [arn:aws:iam::111122223333:role/AppDev]\n", new: ""),
        .init(code: "unknown-cluster-role", old: "access: {app: edit}", new: "access: {app: editt}"),
    ]

    @Test(arguments: teamCases)
    func teamFragmentTriggers(_ c: TeamCase) throws {
        let codes = try GuardFixture.codes(teams: ["app": GuardFixture.team(replacing: c.old, with: c.new)])
        #expect(codes.contains(c.code), "expected \(c.code), got \(codes)")
    }

    static let riskyRoles: [(String, String)] = [
        ("risky-verb", "{apiGroups: [\"\"], resources: [pods], verbs: [escalate]}"),
        ("risky-verb", "{apiGroups: [\"\"], resources: [serviceaccounts], verbs: [impersonate]}"),
        ("risky-verb", "{apiGroups: [\"\"], resources: [pods], verbs: [\"*\"]}"),
        ("risky-resource", "{apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}"),
        ("forbidden-resource", "{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}"),
        ("forbidden-resource", "{apiGroups: [\"\"], resources: [nodes], verbs: [get]}"),
        ("forbidden-resource", "{apiGroups: [\"\"], resources: [namespaces], verbs: [delete]}"),
        ("invalid-rule", "{apiGroups: [\"\"], resources: [pods], verbs: []}"),
        ("invalid-rule", "{resources: [pods], verbs: [get]}"),
    ]

    @Test(arguments: riskyRoles)
    func teamRoleRulesTrigger(_ code: String, _ rule: String) throws {
        let team = GuardFixture.team(replacing: "access: {app: edit}", with: "access: {app: custom}") + "roles:\n  custom:\n    rules: [\(rule)]\n"
        let codes = try GuardFixture.codes(teams: ["app": team])
        #expect(codes.contains(code), "expected \(code), got \(codes)")
    }

    @Test func aNarrowTeamRoleIsAllowed() throws {
        let team = GuardFixture.team(replacing: "access: {app: edit}", with: "access: {app: custom}")
            + "roles:\n  custom:\n    rules: [{apiGroups: [\"\"], resources: [pods, pods/log], verbs: [get, list, watch]}]\n"
        #expect(try GuardFixture.codes(teams: ["app": team]) == [])
    }

    @Test func namespaceClaimedByTwoTeamsIsAnErrorAtBothPlaces() throws {
        let other = GuardFixture.team.replacingOccurrences(of: "name: app", with: "name: other")
            .replacingOccurrences(of: "role/AppDev", with: "role/OtherDev")
        let diagnostics = try GuardFixture.diagnostics(teams: ["app": GuardFixture.team, "other": other])
        let finding = try #require(diagnostics.first { $0.code == "namespace-owned-twice" })
        #expect(finding.severity == .error)
        #expect(finding.location.path == "teams/other.yaml")
        #expect(finding.notes.first?.location?.path == "teams/app.yaml")
    }

    struct EnvironmentCase: CustomTestStringConvertible, Sendable {
        var code: String
        var old: String
        var new: String
        var testDescription: String { code }
    }

    static let environmentCases: [EnvironmentCase] = [
        .init(code: "no-node-role", old: "    nodeRoles: [arn:aws:iam::111122223333:role/node]\n", new: ""),
        .init(code: "break-glass-unmapped", old: "breakGlass: [arn:aws:iam::111122223333:role/admin]", new: "breakGlass: [arn:aws:iam::111122223333:role/other]"),
        .init(code: "break-glass-not-admin", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [view]"),
        .init(code: "system-masters-not-allowed", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin]\n  rogue:\n    members: [arn:aws:iam::111122223333:role/rogue]\n    systemMasters: true"),
        .init(code: "map-accounts-not-allowed", old: "policy:", new: "accounts: [\"444455556666\"]\npolicy:"),
        .init(code: "invalid-account", old: "account: \"111122223333\"", new: "account: \"11112222\""),
        .init(code: "unbound-group", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin]\n  system-admin:\n    members: [arn:aws:iam::111122223333:role/sa]"),
        .init(code: "unknown-cluster-role", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin, pod-reeder]"),
        .init(code: "reserved-name", old: "groups:", new: "clusterRoles:\n  view: {rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]}\ngroups:"),
        .init(code: "reserved-group", old: "admins:", new: "\"system:admins\":"),
    ]

    @Test(arguments: environmentCases)
    func environmentFragmentTriggers(_ c: EnvironmentCase) throws {
        let codes = try GuardFixture.codes(environment: GuardFixture.environment(replacing: c.old, with: c.new))
        #expect(codes.contains(c.code), "expected \(c.code), got \(codes)")
    }

    @Test func systemMastersForAnAllowedARNPasses() throws {
        let environment = GuardFixture.environment(replacing: "clusterRoles: [cluster-admin]",
                                                   with: "clusterRoles: [cluster-admin]\n  ops:\n    members: [arn:aws:iam::111122223333:role/ops]\n    systemMasters: true")
        #expect(try GuardFixture.codes(environment: environment) == [])
    }

    @Test func breakGlassThroughSystemMastersCounts() throws {
        let environment = GuardFixture.environment(replacing: "breakGlass: [arn:aws:iam::111122223333:role/admin]",
                                                   with: "breakGlass: [arn:aws:iam::111122223333:role/ops]")
            .replacingOccurrences(of: "clusterRoles: [cluster-admin]", with: "clusterRoles: [cluster-admin]\n  ops:\n    members: [arn:aws:iam::111122223333:role/ops]\n    systemMasters: true")
        #expect(try GuardFixture.codes(environment: environment) == [])
    }

    @Test func typoFindingsAreWarningsAndStrictMakesThemErrors() throws {
        let team = GuardFixture.team(replacing: "    access: {app: edit}\n", with: "")
        let diagnostics = try GuardFixture.diagnostics(teams: ["app": team])
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.strict().map(\.severity) == [.error])
    }

    @Test func oversizedAwsAuthSuggestsAccessEntries() throws {
        // Ten teams of 900 SSO roles: each fragment is under the fragment size limit, together
        // their aws-auth entries pass the ConfigMap's 1 MiB.
        var teams: [String: String] = [:]
        for team in 0..<10 {
            let members = (0..<900).map { "      - arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev\(team)_\($0)_0a1b2c3d4e5f6a7b" }
            teams["t\(team)"] = GuardFixture.team(replacing: "    members: [arn:aws:iam::111122223333:role/AppDev]\n", with: "    members:\n\(members.joined(separator: "\n"))\n")
                .replacingOccurrences(of: "app", with: "t\(team)")
        }
        let diagnostics = try GuardFixture.diagnostics(teams: teams)
        let finding = try #require(diagnostics.first { $0.code == "aws-auth-too-large" })
        #expect(finding.message.contains("authMode: api"))
        let smaller = teams.filter { $0.key < "t5" }
        #expect(try GuardFixture.diagnostics(teams: smaller).allSatisfy { $0.code != "aws-auth-too-large" })
    }

    @Test func registryListsEveryBuiltinGuardOnce() {
        let names = BuiltinPlugins.registry.guards.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Set(names) == ["lockout", "escalation", "identity", "validity", "typo", "aws-auth-size"])
        #expect(BuiltinPlugins.registry.emitterNames == ["aws-auth", "access-entries", "rbac", "kustomize"])
    }
}
