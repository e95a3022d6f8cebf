import Diagnostics
import Fragments

/// `extends` between fragments of one kind, resolved into merged trees. Parents are applied
/// left to right, the fragment itself last; `kind`, `name`, `extends` and `abstract` belong to
/// the fragment itself and are never inherited.
struct InheritanceGraph {
    let fragments: [String: Fragment]
    let what: String
    /// Keys that are not merged but collected, one entry per fragment in inheritance order:
    /// a team's inline overlays are patches themselves, and merging them would apply their
    /// `null`s too early.
    let collected: Set<String>
    private(set) var resolved: [String: Node] = [:]
    private(set) var collectedLayers: [String: [Node]] = [:]
    /// Every ancestor of a name, root first, each once (the order overlays apply in).
    private(set) var ancestors: [String: [String]] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    private var failed: Set<String> = []
    /// Names with a file that did not load: extending one is not a second error.
    let unloaded: Set<String>

    static let ownKeys: Set<String> = ["kind", "name", "extends", "abstract"]

    init(_ fragments: [String: Fragment], what: String, collecting collected: Set<String> = [], unloaded: Set<String> = []) {
        self.fragments = fragments
        self.unloaded = unloaded
        self.what = what
        self.collected = collected
        for name in fragments.keys.sorted() { _ = resolve(name, path: []) }
    }

    static func parents(of fragment: Fragment) -> [(String, SourceLocation)] {
        guard let node = fragment.root["extends"] else { return [] }
        if let items = node.sequence { return items.compactMap { item in item.string.map { ($0, item.location) } } }
        return node.string.map { [($0, node.location)] } ?? []
    }

    private mutating func resolve(_ name: String, path: [String]) -> Node? {
        if let done = resolved[name] { return done }
        if failed.contains(name) { return nil }
        guard let fragment = fragments[name] else { return nil }
        var layers: [Node] = []
        var lineage: [String] = []
        var collectedHere: [Node] = []
        for (parent, location) in Self.parents(of: fragment) {
            if parent == name || path.contains(parent) {
                let cycle = (path.drop { $0 != parent } + [name, parent]).joined(separator: " -> ")
                diagnostics.append(.error("extends-cycle", "\(what) '\(name)' extends itself through a cycle: \(cycle); remove one `extends` link", at: location))
                failed.insert(name)
                return nil
            }
            guard fragments[parent] != nil else {
                if unloaded.contains(parent) {
                    failed.insert(name)
                    return nil
                }
                var message = "\(what) '\(name)' extends '\(parent)', which does not exist"
                if what == "team", !parent.hasPrefix(FragmentPath.templatePrefix), fragments[FragmentPath.templatePrefix + parent] != nil {
                    message += "; templates are named '\(FragmentPath.templatePrefix + parent)'"
                }
                diagnostics.append(.error("missing-parent", message, at: location))
                failed.insert(name)
                return nil
            }
            guard let parentNode = resolve(parent, path: path + [name]) else {
                failed.insert(name)
                return nil
            }
            layers.append(parentNode.removing(Self.ownKeys))
            collectedHere += collectedLayers[parent] ?? []
            for ancestor in (ancestors[parent] ?? []) + [parent] where !lineage.contains(ancestor) { lineage.append(ancestor) }
        }
        let own = fragment.root.removing(collected)
        let merged = MergePatch.merge(layers + [own]) ?? own
        if fragment.root.entries?.contains(where: { collected.contains($0.key) }) == true {
            collectedHere.append(fragment.root.keeping(collected))
        }
        resolved[name] = merged
        collectedLayers[name] = collectedHere
        ancestors[name] = lineage
        return merged
    }
}
