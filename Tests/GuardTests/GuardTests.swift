import Diagnostics
import Testing

@testable import BuiltinPlugins

/// `path:line:column` of the first occurrence of `needle` in `text` (1-based), as a finding names it.
func position(of needle: String, in text: String, path: String) -> String {
    guard let range = text.range(of: needle) else { return "\(path): '\(needle)' not in fixture" }
    let before = text[..<range.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
    return "\(path):\(line):\(column)"
}

@Suite("Guards: the smallest fragment that triggers each, and the fixture that does not")
struct GuardTests {
    @Test func cleanFixtureRaisesNothing() throws {
        #expect(try GuardFixture.findings() == [])
    }

    struct TeamCase: CustomTestStringConvertible, Sendable {
        var code: String
        var old: String
        var new: String
        /// Where in the new text the finding points.
        var at: String
        var severity = "error"
        /// Other codes the same input raises at the same place, as true consequences.
        var also: [String] = []
        var testDescription: String { "\(code): \(new)" }
    }

    static let teamCases: [TeamCase] = [
        .init(code: "grant-outside-namespaces", old: "access: {app: edit}", new: "access: {app: edit, other: edit}", at: "edit}"),
        .init(code: "cluster-role-not-allowed", old: "access: {app: edit}", new: "access: {app: cluster-admin}", at: "cluster-admin"),
        .init(code: "invalid-arn", old: "role/AppDev", new: "role/App*", at: "arn:"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:sts::111122223333:assumed-role/AppDev/bob", at: "arn:"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam::1234:role/AppDev", at: "arn:"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam::1111222233334:role/AppDev", at: "arn:"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam:eu-west-1:111122223333:role/AppDev", at: "arn:"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "AppDev", at: "AppDev]"),
        .init(code: "invalid-arn", old: "arn:aws:iam::111122223333:role/AppDev", new: "arn:aws:iam::111122223333:group/AppDev", at: "arn:"),
        // Characters and shapes IAM never produces.
        .init(code: "invalid-arn", old: "[arn:aws:iam::111122223333:role/AppDev]", new: "[\"arn:aws:iam::111122223333:role/App Dev\"]", at: "\"arn:"),
        .init(code: "invalid-arn", old: "[arn:aws:iam::111122223333:role/AppDev]", new: "[\"arn:aws:iam::111122223333:role/App#Dev\"]", at: "\"arn:"),
        .init(code: "invalid-arn", old: "[arn:aws:iam::111122223333:role/AppDev]", new: "[\"arn:aws:iam::111122223333:role/App\\u200BDev\"]", at: "\"arn:"),
        .init(code: "invalid-arn", old: "[arn:aws:iam::111122223333:role/AppDev]", new: "[\"arn:aws:iam::111122223333:role/App\\\"Dev\"]", at: "\"arn:"),
        .init(code: "invalid-arn", old: "role/AppDev", new: "role//AppDev", at: "arn:"),
        .init(code: "invalid-arn", old: "role/AppDev", new: "role/" + String(repeating: "a", count: 65), at: "arn:"),
        .init(code: "account-not-allowed", old: "111122223333:role/AppDev", new: "777788889999:role/AppDev", at: "arn:"),
        // Duplicates are found case-folded and path-less, as the authenticator matches.
        .init(code: "duplicate-arn", old: "role/AppDev", new: "role/Ops", at: "arn:"),
        .init(code: "duplicate-arn", old: "role/AppDev", new: "role/OPS", at: "arn:"),
        .init(code: "duplicate-arn", old: "role/AppDev", new: "role/some/path/ops", at: "arn:"),
        .init(code: "invalid-placeholder", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev:{{SessionName}\"}]", at: "\"dev:"),
        .init(code: "invalid-placeholder", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev:{{Session}}\"}]", at: "\"dev:"),
        .init(code: "reserved-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"system:dev\"}]", at: "\"system:"),
        .init(code: "reserved-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"EKS:dev\"}]", at: "\"EKS:"),
        .init(code: "ec2-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev:{{EC2PrivateDNSName}}\"}]", at: "\"dev:"),
        // In `both` mode access entries apply: {{SessionName}} must follow a ':'.
        .init(code: "session-name-position", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev-{{SessionName}}\"}]", at: "\"dev-"),
        // Another principal's default username, or the same custom one, is the same Kubernetes user.
        .init(code: "shared-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"arn:aws:sts::111122223333:assumed-role/admin/{{SessionName}}\"}]", at: "\"arn:aws:sts",
              also: ["session-name-position"]),
        .init(code: "shared-username", old: "[arn:aws:iam::111122223333:role/AppDev]",
              new: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"alice:x\"}]", at: "\"alice"),
        .init(code: "placeholder-in-group", old: "  dev:\n", new: "  \"{{SessionName}}\":\n", at: "\"{{"),
        .init(code: "placeholder-in-group", old: "  dev:\n", new: "  \"admins-{{SessionName}}\":\n", at: "\"admins"),
        .init(code: "reserved-namespace", old: "namespaces: [app]", new: "namespaces: [app, kube-system]", at: "kube-system"),
        .init(code: "reserved-namespace", old: "namespaces: [app]", new: "namespaces: [app, default]", at: "default"),
        .init(code: "invalid-name", old: "namespaces: [app]\n", new: "namespaces: [app, Not_DNS]\n", at: "Not_DNS"),
        // A ':' or '/' carrying a combining mark is another Character to Swift, but the same byte
        // to Kubernetes and EKS: the group name is refused as any name with ':' or '/' is.
        .init(code: "invalid-name", old: "  dev:\n", new: "  \"ops:\u{301}x\":\n", at: "\"ops"),
        .init(code: "invalid-name", old: "  dev:\n", new: "  \"ops/\u{338}x\":\n", at: "\"ops"),
        .init(code: "group-without-access", old: "    access: {app: edit}\n", new: "", at: "dev:", severity: "warning"),
        .init(code: "group-without-members", old: "    members: [arn:aws:iam::111122223333:role/AppDev]\n", new: "", at: "dev:", severity: "warning"),
        .init(code: "unknown-cluster-role", old: "access: {app: edit}", new: "access: {app: editt}", at: "editt"),
    ]

    @Test(arguments: teamCases)
    func teamFragmentTriggers(_ c: TeamCase) throws {
        let text = GuardFixture.team(replacing: c.old, with: c.new)
        var teams = GuardFixture.teams
        teams["app"] = text
        let findings = Set(try GuardFixture.findings(teams: teams))
        let at = position(of: c.at, in: text, path: "teams/app.yaml")
        #expect(findings == Set((c.also + [c.code]).map { "\($0) \(c.severity) \(at)" }))
    }

    @Test("a break-glass ARN mapped again by a team loses cluster-admin (the last aws-auth entry wins): both are reported")
    func breakGlassMappedAgainByATeam() throws {
        var teams = GuardFixture.teams
        let text = GuardFixture.team(replacing: "role/AppDev", with: "role/ADMIN")
        teams["app"] = text
        let findings = Set(try GuardFixture.findings(teams: teams))
        #expect(findings == ["duplicate-arn error \(position(of: "arn:", in: text, path: "teams/app.yaml"))",
                             "lockout error \(position(of: "arn:aws:iam::111122223333:role/admin, arn:aws:iam::444455556666:role/awsreserved", in: GuardFixture.environment, path: "environments/dev.yaml"))"])
    }

    @Test("a team named like a reserved prefix cannot compose a reserved group (eks + kube-proxy-windows)")
    func teamNameCannotComposeAReservedGroup() throws {
        let text = GuardFixture.team.replacingOccurrences(of: "name: app", with: "name: eks").replacingOccurrences(of: "  dev:", with: "  kube-proxy-windows:")
        let findings = Set(try GuardFixture.findings(teams: ["eks": text]))
        #expect(findings == ["reserved-group error \(position(of: "kube-proxy-windows:", in: text, path: "teams/eks.yaml"))"])
    }

    static let riskyRoles: [(String, String, String)] = [
        ("risky-verb", "error", "{apiGroups: [\"\"], resources: [pods], verbs: [escalate]}"),
        ("risky-verb", "error", "{apiGroups: [\"\"], resources: [serviceaccounts], verbs: [impersonate]}"),
        ("risky-verb", "error", "{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind]}"),
        ("wildcard-rule", "warning", "{apiGroups: [\"\"], resources: [\"*\"], verbs: [get]}"),
        ("wildcard-rule", "warning", "{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}"),
        ("forbidden-resource", "error", "{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}"),
        ("forbidden-resource", "error", "{apiGroups: [\"\"], resources: [nodes], verbs: [get]}"),
        ("forbidden-resource", "error", "{apiGroups: [\"\"], resources: [nodes/status], verbs: [patch]}"),
        ("forbidden-resource", "error", "{apiGroups: [\"\"], resources: [namespaces], verbs: [delete]}"),
        ("forbidden-resource", "error", "{apiGroups: [\"\"], resources: [namespaces/finalize], verbs: [update]}"),
        ("forbidden-resource", "error", "{nonResourceURLs: [/healthz], verbs: [get]}"),
        ("invalid-rule", "error", "{apiGroups: [\"\"], resources: [pods], verbs: []}"),
        ("invalid-rule", "error", "{resources: [pods], verbs: [get]}"),
    ]

    static func teamWithRole(_ rule: String) -> String {
        GuardFixture.team(replacing: "access: {app: edit}", with: "access: {app: custom}") + "roles:\n  custom:\n    rules: [\(rule)]\n"
    }

    @Test(arguments: riskyRoles)
    func teamRoleRulesTrigger(_ code: String, _ severity: String, _ rule: String) throws {
        let text = Self.teamWithRole(rule)
        let findings = Set(try GuardFixture.findings(teams: ["app": text]))
        let also = rule.contains("[bind]") ? ["forbidden-resource"] : []
        #expect(findings == Set((also + [code]).map { "\($0) \(severity) \(position(of: rule, in: text, path: "teams/app.yaml"))" }))
    }

    @Test func aNarrowTeamRoleIsAllowed() throws {
        let text = Self.teamWithRole("{apiGroups: [\"\"], resources: [pods, pods/log], verbs: [get, list, watch]}")
        #expect(try GuardFixture.findings(teams: ["app": text]) == [])
    }

    @Test("a wildcard that reaches nothing risky (verbs on deployments, */scale) raises nothing")
    func harmlessWildcardsPass() throws {
        for rule in ["{apiGroups: [apps], resources: [deployments], verbs: [\"*\"]}", "{apiGroups: [apps], resources: [\"*/scale\"], verbs: [update]}"] {
            #expect(try GuardFixture.findings(teams: ["app": Self.teamWithRole(rule)]) == [])
        }
    }

    @Test("a wildcard's warning names exactly what it reaches, judged with its API groups")
    func wildcardWarningIsPrecise() throws {
        // The classic "full access to the team's namespace" Role of the published guides.
        let text = Self.teamWithRole("{apiGroups: [\"\", extensions, apps], resources: [\"*\"], verbs: [\"*\"]}")
        let finding = try #require(try GuardFixture.diagnostics(teams: ["app": text]).first)
        #expect(finding.message == "role 'custom' of team 'app' uses a wildcard (apiGroups [\"\", extensions, apps], resources [*], verbs [*]); in the team's namespaces that includes: read secrets, exec into pods, attach to pods, port-forward to pods, create service account tokens, impersonate service accounts; list what it needs, or keep it knowingly (policy.teamWildcards: forbid makes this an error)")
        let everything = try #require(try GuardFixture.diagnostics(teams: ["app": Self.teamWithRole("{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}")]).first)
        #expect(everything.message.contains("impersonate service accounts, escalate or bind roles, write roles or role bindings;"))
    }

    @Test func policyCanForbidWildcards() throws {
        let environment = GuardFixture.environment(replacing: "policy:\n", with: "policy:\n  teamWildcards: forbid\n")
        let text = Self.teamWithRole("{apiGroups: [apps], resources: [deployments], verbs: [\"*\"]}")
        let diagnostics = try GuardFixture.diagnostics(environment: environment, teams: ["app": text])
        #expect(Set(diagnostics.map { "\($0.code) \($0.severity.rawValue) \($0.location)" }) == ["wildcard-rule error \(position(of: "{apiGroups", in: text, path: "teams/app.yaml"))"])
        #expect(diagnostics[0].notes.first?.location.map(\.description) == position(of: "forbid", in: environment, path: "environments/dev.yaml"))
    }

    @Test func policyReservesMoreNamespacesByNameOrPrefix() throws {
        let environment = GuardFixture.environment(replacing: "policy:\n", with: "policy:\n  reservedNamespaces: [karpenter, \"aws-*\"]\n")
        for namespace in ["karpenter", "aws-observability"] {
            let text = GuardFixture.team(replacing: "namespaces: [app]", with: "namespaces: [app, \(namespace)]")
            let diagnostics = try GuardFixture.diagnostics(environment: environment, teams: ["app": text])
            #expect(Set(diagnostics.map { "\($0.code) \($0.location)" }) == ["reserved-namespace \(position(of: namespace, in: text, path: "teams/app.yaml"))"])
        }
        let allowed = GuardFixture.team(replacing: "namespaces: [app]", with: "namespaces: [app, awsome, karpenter-jobs]")
        #expect(try GuardFixture.findings(environment: environment, teams: ["app": allowed]) == [])
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

    @Test("a username diagnostic points at the username line, not at the member")
    func usernameFindingPointsAtUsername() throws {
        let text = GuardFixture.team(replacing: "[arn:aws:iam::111122223333:role/AppDev]", with: "\n      - arn: arn:aws:iam::111122223333:role/AppDev\n        username: system:dev")
        let diagnostics = try GuardFixture.diagnostics(teams: ["app": text])
        #expect(diagnostics.map(\.location.description) == [position(of: "system:dev", in: text, path: "teams/app.yaml")])
    }

    @Test("{{SessionName}} may stand anywhere in a username when only aws-auth is used")
    func sessionNamePositionIsAnAccessEntryRule() throws {
        let text = GuardFixture.team(replacing: "[arn:aws:iam::111122223333:role/AppDev]", with: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"dev-{{SessionName}}\"}]")
        let configmap = GuardFixture.environment(replacing: "name: dev\n", with: "name: dev\nauthMode: configmap\n")
        #expect(try GuardFixture.findings(environment: configmap, teams: ["app": text]) == [])
        let api = GuardFixture.environment(replacing: "name: dev\n", with: "name: dev\nauthMode: api\n")
        #expect(Set(try GuardFixture.findings(environment: api, teams: ["app": text]).map { $0.components(separatedBy: " ")[0] }) == ["session-name-position"])
    }

    struct EnvironmentCase: CustomTestStringConvertible, Sendable {
        var code: String
        var old: String
        var new: String
        /// Every place in the new text a finding points at.
        var at: [String]
        var severity = "error"
        var testDescription: String { "\(code): \(new)" }

        init(code: String, old: String, new: String, at: String..., severity: String = "error") {
            (self.code, self.old, self.new, self.at, self.severity) = (code, old, new, at, severity)
        }
    }

    static let environmentCases: [EnvironmentCase] = [
        .init(code: "no-node-role", old: "    nodeRoles: [arn:aws:iam::111122223333:role/node]\n", new: "", at: "c1:"),
        .init(code: "no-node-role", old: "    fargateRoles: [arn:aws:iam::444455556666:role/Fargate-Pods]\n", new: "", at: "fargate-only:"),
        .init(code: "no-node-role", old: "    windowsNodeRoles: [arn:aws:iam::111122223333:role/WinNode]\n", new: "", at: "windows-only:"),
        .init(code: "break-glass-unmapped", old: "breakGlass: [arn:aws:iam::111122223333:role/admin,", new: "breakGlass: [arn:aws:iam::111122223333:role/other,", at: "arn:aws:iam::111122223333:role/other"),
        .init(code: "lockout", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [view]", at: "arn:aws:iam::111122223333:role/admin, arn:aws:iam::444455556666:role/awsreserved", "arn:aws:iam::444455556666:role/awsreserved"),
        .init(code: "system-masters-not-allowed", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin]\n  rogue:\n    members: [arn:aws:iam::111122223333:role/rogue]\n    systemMasters: true", at: "arn:aws:iam::111122223333:role/rogue"),
        .init(code: "map-accounts-not-allowed", old: "policy:", new: "accounts: [\"777788889999\"]\npolicy:", at: "\"777788889999\""),
        .init(code: "invalid-account", old: "account: \"111122223333\"\n    nodeRoles", new: "account: \"11112222\"\n    nodeRoles", at: "\"11112222\""),
        .init(code: "unbound-group", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin]\n  system-admin:\n    members: [arn:aws:iam::111122223333:role/sa]", at: "system-admin:", severity: "warning"),
        .init(code: "unknown-cluster-role", old: "clusterRoles: [cluster-admin]", new: "clusterRoles: [cluster-admin, pod-reeder]", at: "pod-reeder"),
        .init(code: "reserved-name", old: "groups:", new: "clusterRoles:\n  view: {rules: [{apiGroups: [\"\"], resources: [pods], verbs: [get]}]}\ngroups:", at: "view:"),
        .init(code: "reserved-group", old: "  admins:\n", new: "  \"system:admins\":\n", at: "\"system:admins\""),
        .init(code: "reserved-group", old: "  admins:\n", new: "  \"Amazon:admins\":\n", at: "\"Amazon:admins\""),
        .init(code: "placeholder-in-group", old: "  admins:\n", new: "  \"admins-{{SessionNameRaw}}\":\n", at: "\"admins-"),
    ]

    @Test(arguments: environmentCases)
    func environmentFragmentTriggers(_ c: EnvironmentCase) throws {
        let text = GuardFixture.environment(replacing: c.old, with: c.new)
        let findings = Set(try GuardFixture.findings(environment: text))
        #expect(findings == Set(c.at.map { "\(c.code) \(c.severity) \(position(of: $0, in: text, path: "environments/dev.yaml"))" }))
    }

    @Test func systemMastersForAnAllowedARNPasses() throws {
        let environment = GuardFixture.environment(replacing: "  ops:\n    members: [arn:aws:iam::111122223333:role/Ops]",
                                                   with: "  ops:\n    members: [arn:aws:iam::111122223333:role/oPs]")
        #expect(try GuardFixture.findings(environment: environment) == [])
    }

    @Test func breakGlassThroughSystemMastersCounts() throws {
        let environment = GuardFixture.environment(replacing: "clusterRoles: [cluster-admin]", with: "clusterRoles: [view]")
            .replacingOccurrences(of: "breakGlass: [arn:aws:iam::111122223333:role/admin, arn:aws:iam::444455556666:role/awsreservedsso_admin_0a1b2c3d4e5f6a7b]",
                                  with: "breakGlass: [arn:aws:iam::111122223333:role/OPS]")
        #expect(try GuardFixture.findings(environment: environment) == [])
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
        #expect(Set(names) == ["escalation", "identity", "validity", "typo", "aws-auth-size", "access-policy"])
        #expect(BuiltinPlugins.registry.bundleGuards.map(\.name) == ["lockout"])
        #expect(BuiltinPlugins.registry.emitterNames == ["aws-auth", "access-entries", "rbac", "kustomize"])
    }

    @Test("two definitions that compile to one Kubernetes group collide, however the name was composed")
    func groupsFromTwoDefinitionsCollide() throws {
        let environment = GuardFixture.environment(replacing: "  ops:\n", with: "  \"app:dev\":\n    members: [arn:aws:iam::111122223333:role/Sneaky]\n    clusterRoles: [cluster-admin]\n  ops:\n")
        let findings = Set(try GuardFixture.findings(environment: environment))
        #expect(findings == ["group-collision error \(position(of: "dev:", in: GuardFixture.team, path: "teams/app.yaml"))"], "\(findings)")
    }

    @Test func aClusterRoleListedTwiceWouldEmitOneBindingTwice() throws {
        let environment = GuardFixture.environment(replacing: "clusterRoles: [cluster-admin]", with: "clusterRoles: [cluster-admin, view, view]")
        let findings = Set(try GuardFixture.findings(environment: environment))
        #expect(findings == ["duplicate-object error \(position(of: "view]", in: environment, path: "environments/dev.yaml"))"], "\(findings)")
    }

    @Test("a username that placeholders can turn into a reserved one is reserved", arguments: ["syst{{SessionName}}:kube-controller-manager", "ek{{SessionNameRaw}}:addon-manager", "{{SessionName}}"])
    func placeholdersCannotReachAReservedUsername(username: String) throws {
        let configmap = GuardFixture.environment(replacing: "name: dev\n", with: "name: dev\nauthMode: configmap\n")
        let text = GuardFixture.team(replacing: "[arn:aws:iam::111122223333:role/AppDev]", with: "[{arn: \"arn:aws:iam::111122223333:role/AppDev\", username: \"\(username)\"}]")
        let findings = Set(try GuardFixture.findings(environment: configmap, teams: ["app": text]))
        let at = position(of: "\"\(username)", in: text, path: "teams/app.yaml")
        // A bare placeholder can also become any other principal's username.
        let expected = username == "{{SessionName}}" ? ["reserved-username error \(at)", "shared-username error \(at)"] : ["reserved-username error \(at)"]
        #expect(findings == Set(expected), "\(findings)")
    }

    @Test("node roles are same-account IAM roles; service-linked roles are nobody's principal")
    func nodeRolesAreRoles() throws {
        let user = GuardFixture.environment(replacing: "nodeRoles: [arn:aws:iam::111122223333:role/node]", with: "nodeRoles: [arn:aws:iam::111122223333:user/node]")
        let userFindings = try GuardFixture.findings(environment: user)
        #expect(Set(userFindings.map { $0.components(separatedBy: " ")[0] }) == ["invalid-node-role", "lockout"], "\(userFindings)")
        let foreign = GuardFixture.environment(replacing: "windowsNodeRoles: [arn:aws:iam::111122223333:role/WinNode]", with: "windowsNodeRoles: [arn:aws:iam::444455556666:role/WinNode]")
        #expect(Set(try GuardFixture.findings(environment: foreign)) == ["cross-account-node-role error \(position(of: "arn:aws:iam::444455556666:role/WinNode", in: foreign, path: "environments/dev.yaml"))"])
        let linked = GuardFixture.team(replacing: "role/AppDev", with: "role/aws-service-role/eks-fargate.amazonaws.com/AWSServiceRoleForAmazonEKSForFargate")
        #expect(Set(try GuardFixture.findings(teams: ["app": linked])) == ["invalid-principal error \(position(of: "arn:", in: linked, path: "teams/app.yaml"))"])
    }

    @Test("an IAM user is matched with its path, as the authenticator keeps it")
    func userBreakGlassKeepsItsPath() throws {
        let environment = GuardFixture.environment(replacing: "members: [arn:aws:iam::111122223333:role/admin,", with: "members: [arn:aws:iam::111122223333:user/bg, arn:aws:iam::111122223333:role/admin,")
            .replacingOccurrences(of: "breakGlass: [arn:aws:iam::111122223333:role/admin,", with: "breakGlass: [arn:aws:iam::111122223333:user/admins/bg, arn:aws:iam::111122223333:role/admin,")
        let findings = Set(try GuardFixture.findings(environment: environment))
        #expect(findings == ["break-glass-unmapped error \(position(of: "arn:aws:iam::111122223333:user/admins/bg", in: environment, path: "environments/dev.yaml"))"], "\(findings)")
    }
}
