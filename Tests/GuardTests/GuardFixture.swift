import BuiltinPlugins
import Diagnostics
import Foundation
import Fragments
import Model
import PluginAPI
import Resolver

/// Builds one cluster's access from fragment texts (no git needed: guards see only the model)
/// and runs every registered guard on it.
enum GuardFixture {
    static let environment = """
    kind: Environment
    name: dev
    clusters:
      c1:
        account: "111122223333"
        nodeRoles: [arn:aws:iam::111122223333:role/node]
    groups:
      admins:
        members: [arn:aws:iam::111122223333:role/admin]
        clusterRoles: [cluster-admin]
    policy:
      breakGlass: [arn:aws:iam::111122223333:role/admin]
      systemMasters: [arn:aws:iam::111122223333:role/ops]
      allowedAccounts: ["111122223333"]

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

    static func access(environment: String = environment, teams: [String: String] = ["app": team]) throws -> ClusterAccess {
        var fragments: [Fragment] = []
        var findings: [Diagnostic] = []
        let files = [("environments/dev.yaml", environment)] + teams.map { ("teams/\($0.key).yaml", $0.value) }
        for (path, text) in files {
            let (fragment, diagnostics) = FragmentLoader.load(Data(text.utf8), path: path, commit: nil)
            findings += diagnostics
            if let fragment { fragments.append(fragment) }
        }
        let resolution = Resolution(SourceSet(fragments))
        findings += resolution.diagnostics
        guard !findings.hasErrors, let resolved = resolution.environments["dev"] else {
            throw FixtureError(diagnostics: findings)
        }
        var decoder = SpecDecoder()
        let spec = decoder.environment(resolved)
        let cluster = spec.clusters[0]
        let placed = resolution.teams.values.sorted { $0.name < $1.name }.map {
            decoder.team($0.effective(in: resolved, cluster: cluster.name), name: $0.name)
        }
        return ClusterAccessBuilder.build(environment: spec, cluster: cluster, teams: placed)
    }

    /// The codes every guard raises for these fragments, sorted.
    static func codes(environment: String = environment, teams: [String: String] = ["app": team]) throws -> [String] {
        try diagnostics(environment: environment, teams: teams).map(\.code).sorted()
    }

    static func diagnostics(environment: String = environment, teams: [String: String] = ["app": team]) throws -> [Diagnostic] {
        let cluster = try access(environment: environment, teams: teams)
        return BuiltinPlugins.registry.guards.flatMap { $0.check(cluster) }
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
