import Diagnostics
import Fragments

/// `extends` between fragments of one kind, resolved into merged trees.
///
/// `extends` is linearized as reclass linearizes classes: parents depth first, left to right,
/// each before the fragment that extends it, every fragment once. Each fragment's own patch
/// then applies once in that order. Merging a parent's already-merged tree instead would lose
/// its `null`s (they are consumed by the merge) and, when a parent is reached twice, re-apply
/// it over the children that overrode it.
///
/// `kind`, `name`, `extends` and `abstract` belong to the fragment itself and are never inherited.
struct InheritanceGraph {
    let fragments: [String: Fragment]
    let what: String
    /// Keys that are not merged but collected, one entry per fragment in linear order: a team's
    /// inline overlays are patches themselves, and merging them would apply their `null`s too early.
    let collected: Set<String>
    private(set) var resolved: [String: Node] = [:]
    private(set) var collectedLayers: [String: [Node]] = [:]
    /// Every ancestor of a name in linear order (the order patches and overlays apply in).
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
        for name in fragments.keys.sorted() {
            guard let fragment = fragments[name], let lineage = linearize(name, path: []) else { continue }
            let inherited = lineage.compactMap { fragments[$0]?.root.removing(Self.ownKeys.union(collected)) }
            let own = fragment.root.removing(collected)
            resolved[name] = MergePatch.merge(inherited + [own]) ?? own
            collectedLayers[name] = (lineage + [name]).compactMap { fragments[$0]?.root }
                .filter { root in root.entries?.contains { collected.contains($0.key) } == true }
                .map { $0.keeping(collected) }
        }
    }

    static func parents(of fragment: Fragment) -> [(String, SourceLocation)] {
        guard let node = fragment.root["extends"] else { return [] }
        if let items = node.sequence { return items.compactMap { item in item.string.map { ($0, item.location) } } }
        return node.string.map { [($0, node.location)] } ?? []
    }

    /// The ancestors of `name` in linear order, or nil when it or an ancestor cannot resolve.
    /// `path` is the chain of fragments that led here, for naming a cycle whole.
    private mutating func linearize(_ name: String, path: [String]) -> [String]? {
        if let done = ancestors[name] { return done }
        if failed.contains(name) { return nil }
        guard let fragment = fragments[name] else { return nil }
        var lineage: [String] = []
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
            guard let parentLineage = linearize(parent, path: path + [name]) else {
                failed.insert(name)
                return nil
            }
            // A fragment already placed (through an earlier parent) keeps its first, earlier place.
            for ancestor in parentLineage + [parent] where !lineage.contains(ancestor) { lineage.append(ancestor) }
        }
        ancestors[name] = lineage
        return lineage
    }
}
