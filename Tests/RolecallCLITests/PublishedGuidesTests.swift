import Foundation
import GitStore
import TestSupport
import Testing

/// The set-ups of the guides rolecall replaces compile as written, with a warning that says
/// what a wildcard Role really reaches: the AWS blog's `eks-developer` Role (`*`/`*`/`*` in one
/// namespace) and the three classic set-ups of gruntwork's role-mapping module (ops admin,
/// developers who get/list/update pods, a team per namespace with full access).
@Suite("published guides compile as written")
struct PublishedGuidesTests {
    static let environment = """
    kind: Environment
    name: dev
    authMode: configmap
    clusters:
      dev-eu-1:
        account: "111122223333"
        nodeRoles: [arn:aws:iam::111122223333:role/eks-node]
    clusterRoles:
      pod-get-list-update:
        rules: [{apiGroups: [""], resources: [pods], verbs: [get, list, update]}]
    groups:
      ops:
        members: [arn:aws:iam::111122223333:role/ops-admin]
        systemMasters: true
      dev:
        members: [arn:aws:iam::111122223333:role/dev]
        clusterRoles: [pod-get-list-update]
    policy:
      breakGlass: [arn:aws:iam::111122223333:role/ops-admin]
      systemMasters: [arn:aws:iam::111122223333:role/ops-admin]

    """

    static let blog = """
    kind: Team
    name: dev-team
    namespaces: [dev]
    groups:
      eks-developers:
        members: [arn:aws:iam::111122223333:role/eks-developer]
        access: {dev: eks-developer}
    roles:
      eks-developer:
        rules:
          - apiGroups: ["*"]
            resources: ["*"]
            verbs: ["*"]

    """

    static let gruntworkTeam = """
    kind: Team
    name: payments
    namespaces: [payments]
    groups:
      engineers:
        members: [arn:aws:iam::111122223333:role/payments]
        access: {payments: full-access}
    roles:
      full-access:
        rules:
          - apiGroups: ["", "extensions", "apps"]
            resources: ["*"]
            verbs: ["*"]

    """

    func source() throws -> (TemporaryDirectory, String) {
        let temp = try TemporaryDirectory("guides")
        let repository = try Repository(creatingAt: temp.sub("source"))
        try repository.commitFiles(["environments/dev.yaml": Self.environment, "teams/dev-team.yaml": Self.blog, "teams/payments.yaml": Self.gruntworkTeam])
        return (temp, temp.sub("source"))
    }

    @Test func theyCompileWithAWarningPerWildcardRoleAtItsRule() throws {
        let (temp, path) = try source()
        _ = temp
        let result = try RolecallBinary.run(["compile", "--repo", path, "--ref", "main"])
        #expect(result.status == 0, "\(result.output)")
        let warnings = result.stdout.split(separator: "\n").filter { $0.contains(": warning: ") }.map(String.init)
        #expect(warnings.count == 2)
        #expect(warnings[0].hasPrefix("teams/dev-team.yaml:11:9: warning: role 'eks-developer' of team 'dev-team' uses a wildcard (apiGroups [*], resources [*], verbs [*]); in the team's namespaces that includes: read secrets, exec into pods, attach to pods, port-forward to pods, create service account tokens, impersonate service accounts, escalate or bind roles, write roles or role bindings;"))
        // Judged with its API groups: core, extensions and apps hold no RBAC objects.
        #expect(warnings[1].hasPrefix("teams/payments.yaml:11:9: warning: role 'full-access' of team 'payments' uses a wildcard (apiGroups [\"\", extensions, apps], resources [*], verbs [*]); in the team's namespaces that includes: read secrets, exec into pods, attach to pods, port-forward to pods, create service account tokens, impersonate service accounts;"))
        let roles = try Tool.git(["show", "rendered/dev:clusters/dev-eu-1/rbac/roles.yaml"], in: path)
        #expect(roles.contains("name: dev-team:eks-developer\n  namespace: dev"))
        #expect(roles.contains("- apiGroups:\n  - \"\"\n  - extensions\n  - apps\n  resources:\n  - \"*\"\n  verbs:\n  - \"*\""))
        let awsAuth = try Tool.git(["show", "rendered/dev:clusters/dev-eu-1/aws-auth.yaml"], in: path)
        #expect(awsAuth.contains("rolearn: arn:aws:iam::111122223333:role/ops-admin"))
        #expect(awsAuth.contains("- system:masters"))
    }

    @Test func strictRefusesThemAndWritesNothing() throws {
        let (temp, path) = try source()
        _ = temp
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: path + "/.git"))
        let result = try RolecallBinary.run(["compile", "--repo", path, "--ref", "main", "--strict"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("2 errors, 0 warnings"))
        #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: path + "/.git")) == before)
    }
}
