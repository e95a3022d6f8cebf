import Diagnostics
import Foundation
import Fragments
import Model
import Resolver
import Testing

func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code) }

/// Loads, resolves and decodes fragments, then builds one cluster's access the way the compiler does.
struct Built {
    var access: ClusterAccess
    var diagnostics: [Diagnostic]
}

func resolve(_ files: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Resolution {
    let fragments = files.compactMap { path, yaml -> Fragment? in
        let (fragment, diagnostics) = FragmentLoader.load(Data(yaml.utf8), path: path, commit: nil)
        #expect(diagnostics.isEmpty, "\(path) does not load: \(diagnostics)", sourceLocation: sourceLocation)
        return fragment
    }
    let resolution = Resolution(SourceSet(fragments))
    #expect(resolution.diagnostics.isEmpty, "does not resolve: \(resolution.diagnostics)", sourceLocation: sourceLocation)
    return resolution
}

func build(_ files: [(String, String)], environment: String, cluster: String,
           sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Built {
    let resolution = resolve(files, sourceLocation: sourceLocation)
    var decoder = SpecDecoder()
    let resolved = try #require(resolution.environments[environment], sourceLocation: sourceLocation)
    let spec = decoder.environment(resolved)
    let clusterSpec = try #require(spec.clusters.first { $0.name == cluster }, sourceLocation: sourceLocation)
    let teams = resolution.teams.values.sorted { $0.name < $1.name }.map { team in
        decoder.team(team.effective(in: resolved, cluster: cluster), name: team.name)
    }.filter { $0.placement.includes(environment: environment, cluster: clusterSpec) }
    let access = ClusterAccessBuilder.build(environment: spec, cluster: clusterSpec, teams: teams)
    return Built(access: access, diagnostics: decoder.diagnostics)
}

let account = "111122223333"

/// An environment `prod` with one cluster `c1` and the given extra YAML (groups, clusterRoles...).
func prodEnvironment(cluster: String = "", _ extra: String = "") -> (String, String) {
    ("environments/prod.yaml", """
        kind: Environment
        name: prod
        clusters:
          c1:
            account: "\(account)"
        \(cluster.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        \(extra)
        """)
}
