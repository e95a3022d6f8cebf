import Diagnostics
import Fragments

/// The fragments of one source commit, indexed the way resolution looks them up.
public struct SourceSet: Sendable {
    public private(set) var environments: [String: Fragment] = [:]
    /// Teams and templates (`_templates/<name>`), by the name `extends` uses.
    public private(set) var teams: [String: Fragment] = [:]
    /// Overlay files by team folder.
    public private(set) var overlays: [String: [Fragment]] = [:]
    public private(set) var diagnostics: [Diagnostic] = []
    /// Every environment a file under `environments/` is named after, whether it loaded or not.
    public let declaredEnvironments: Set<String>

    public init(_ fragments: [Fragment], declaredEnvironments: Set<String> = []) {
        self.declaredEnvironments = declaredEnvironments.union(fragments.filter { $0.kind == .environment }.map(\.name))
        for fragment in fragments.sorted(by: { $0.path < $1.path }) {
            switch fragment.kind {
            case .environment: Self.insert(fragment, into: &environments, what: "environment", &diagnostics)
            case .team: Self.insert(fragment, into: &teams, what: fragment.isTemplate ? "template" : "team", &diagnostics)
            case .overlay: overlays[fragment.team ?? "", default: []].append(fragment)
            }
        }
    }

    private static func insert(_ fragment: Fragment, into index: inout [String: Fragment], what: String, _ diagnostics: inout [Diagnostic]) {
        if let first = index[fragment.name] {
            diagnostics.append(.error("duplicate-definition", "\(what) '\(fragment.name)' is defined twice; keep one file",
                                      at: fragment.location, notes: [.init("first defined here", at: first.location)]))
            return
        }
        index[fragment.name] = fragment
    }
}
