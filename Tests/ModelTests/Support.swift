import Diagnostics
import Foundation
import Fragments
import Model
import ModelBuilding
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
    let model = SourceModel(resolve(files, sourceLocation: sourceLocation), emitters: [])
    let spec = try #require(model.environments.first { $0.name == environment }, sourceLocation: sourceLocation)
    let clusterSpec = try #require(spec.clusters.first { $0.name == cluster }, sourceLocation: sourceLocation)
    let teams = model.teams(of: spec)
    let (access, clusterFindings) = teams.access(of: clusterSpec)
    return Built(access: access, diagnostics: model.decoding + teams.diagnostics + clusterFindings)
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
