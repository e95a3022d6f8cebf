import Diagnostics
import Foundation
import Fragments
import Resolver
import Testing

/// Parses a YAML value (any kind) into a located node for merge tests.
func node(_ yaml: String, path: String = "teams/x.yaml") -> Node {
    let (parsed, diagnostics) = YAMLReader.read(Data(yaml.utf8), path: path, commit: nil)
    precondition(diagnostics.isEmpty, "test YAML does not parse: \(diagnostics)")
    return parsed!
}

/// A compact, order-preserving rendering of a node for comparisons: `{a:[1,x],b:null}`.
func flat(_ node: Node?) -> String {
    guard let node else { return "<none>" }
    switch node.content {
    case .null: return "null"
    case .scalar(let s, _): return s
    case .sequence(let items): return "[" + items.map(flat).joined(separator: ",") + "]"
    case .mapping(let entries): return "{" + entries.map { "\($0.key):\(flat($0.value))" }.joined(separator: ",") + "}"
    }
}

/// Loads fragments from (path, YAML) pairs; every fragment must load cleanly.
func fragments(_ files: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Fragment] {
    files.compactMap { path, yaml in
        let (fragment, diagnostics) = FragmentLoader.load(Data(yaml.utf8), path: path, commit: nil)
        #expect(diagnostics.isEmpty, "\(path) does not load: \(diagnostics)", sourceLocation: sourceLocation)
        return fragment
    }
}

func resolve(_ files: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Resolution {
    Resolution(SourceSet(fragments(files, sourceLocation: sourceLocation)))
}

func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code) }

/// An environment with clusters, for overlay targets.
func environment(_ name: String, extends: String? = nil, abstract: Bool = false, clusters: [String] = []) -> (String, String) {
    var yaml = "kind: Environment\nname: \(name)\n"
    if let extends { yaml += "extends: \(extends)\n" }
    if abstract { yaml += "abstract: true\n" }
    if !clusters.isEmpty {
        yaml += "clusters:\n" + clusters.map { "  \($0): {account: \"111122223333\"}\n" }.joined()
    }
    return ("environments/\(name).yaml", yaml)
}
