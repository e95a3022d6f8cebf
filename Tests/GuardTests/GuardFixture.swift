import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import Model
import PluginAPI

/// Compiles fragment texts (no git needed) through the compiler's own per-cluster seam, every
/// cluster of the environment: the guards see the model, the bundle guards what was emitted.
enum GuardFixture {
    /// As varied as a real platform: three clusters (one Fargate-only, one Windows-only), two
    /// accounts, mixed-case ARNs, an SSO role with its path, system:masters and break-glass
    /// listed in another case than the members.
    static let environment = """
    kind: Environment
    name: dev
    clusters:
      c1:
        account: "111122223333"
        nodeRoles: [arn:aws:iam::111122223333:role/node]
      fargate-only:
        account: "444455556666"
        fargateRoles: [arn:aws:iam::444455556666:role/Fargate-Pods]
      windows-only:
        account: "111122223333"
        windowsNodeRoles: [arn:aws:iam::111122223333:role/WinNode]
    groups:
      admins:
        members: [arn:aws:iam::111122223333:role/admin, arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b]
        clusterRoles: [cluster-admin]
      ops:
        members: [arn:aws:iam::111122223333:role/Ops]
        systemMasters: true
    policy:
      breakGlass: [arn:aws:iam::111122223333:role/admin, arn:aws:iam::444455556666:role/awsreservedsso_admin_0a1b2c3d4e5f6a7b]
      systemMasters: [arn:aws:iam::111122223333:role/OPS]
      allowedAccounts: ["111122223333", "444455556666"]

    """

    static let team = """
    kind: Team
    name: app
    namespaces: [app]
    groups:
      dev:
        members: [arn:aws:iam::111122223333:role/AppDev]
        access: {app: edit}

    """

    /// A second team with a user, a custom username, an SSO role and a role of its own.
    static let web = """
    kind: Team
    name: web
    namespaces: [web, web-api]
    groups:
      developers:
        members:
          - arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_WebDev_1a2b3c4d5e6f7a8b
          - {arn: "arn:aws:iam::111122223333:user/Alice", username: "alice:{{SessionName}}"}
        access: {"*": view, web-api: deployer}
    roles:
      deployer:
        rules: [{apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, list, update, patch]}]

    """

    static let teams = ["app": team, "web": web]

    static func accesses(environment: String = environment, teams: [String: String] = teams) throws -> [(access: ClusterAccess, files: [EmittedFile], diagnostics: [Diagnostic])] {
        let files = [("environments/dev.yaml", environment)] + teams.sorted { $0.key < $1.key }.map { ("teams/\($0.key).yaml", $0.value) }
        let (source, loading) = SourceLoader.parse(files.map { (path: $0.0, data: Data($0.1.utf8)) })
        let pipeline = Pipeline(registry: BuiltinPlugins.registry)
        let resolution = pipeline.resolve(source)
        let findings = loading + resolution.diagnostics
        guard !findings.hasErrors, resolution.environments["dev"] != nil else {
            throw FixtureError(diagnostics: findings)
        }
        let model = pipeline.model(resolution)
        guard let spec = model.environments.first(where: { $0.name == "dev" }) else { throw FixtureError(diagnostics: model.decoding) }
        let placed = model.teams(of: spec)
        let emitters = pipeline.emitters(for: spec)
        return spec.clusters.map { cluster in pipeline.compileCluster(placed.access(of: cluster).access, emitters: emitters) }
    }

    /// The first cluster's access (`c1`), for tests about one cluster.
    static func access(environment: String = environment, teams: [String: String] = teams) throws -> ClusterAccess {
        try accesses(environment: environment, teams: teams)[0].access
    }

    /// The codes every guard raises for these fragments, in every cluster, sorted.
    static func codes(environment: String = environment, teams: [String: String] = teams) throws -> [String] {
        try diagnostics(environment: environment, teams: teams).map(\.code).sorted()
    }

    static func diagnostics(environment: String = environment, teams: [String: String] = teams) throws -> [Diagnostic] {
        try accesses(environment: environment, teams: teams).flatMap(\.diagnostics).sortedForReport()
    }

    /// Findings as `code severity path:line:column`, the exact shape tests pin.
    static func findings(environment: String = environment, teams: [String: String] = teams) throws -> [String] {
        try diagnostics(environment: environment, teams: teams).map {
            "\($0.code) \($0.severity.rawValue) \($0.location.path):\($0.location.line):\($0.location.column)"
        }
    }

    /// The team fragment with `old` replaced by `new` (the smallest change that triggers a guard).
    static func team(replacing old: String, with new: String) -> String {
        precondition(team.contains(old), "fixture does not contain \(old)")
        return team.replacingOccurrences(of: old, with: new)
    }

    static func environment(replacing old: String, with new: String) -> String {
        precondition(environment.contains(old), "fixture does not contain \(old)")
        return environment.replacingOccurrences(of: old, with: new)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var diagnostics: [Diagnostic]
    var description: String { DiagnosticRenderer.render(diagnostics, as: .text) }
}
