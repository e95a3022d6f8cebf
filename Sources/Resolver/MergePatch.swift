import Diagnostics
import Fragments

/// RFC 7386 JSON Merge Patch over located trees: mappings merge key by key, `null` deletes a
/// key, anything else (lists and scalars) replaces. A replaced value's location is kept in the
/// replacement's `overrides`, so provenance survives every merge.
public enum MergePatch {
    /// Applies `patch` to `target`; nil means "no value" (the patch deleted it, or both were empty).
    public static func apply(_ patch: Node, to target: Node?) -> Node? {
        guard let patchEntries = patch.entries else {
            if patch.isNull { return nil }
            var replacement = patch
            if let target { replacement.overrides = target.overrides + [target.location] + replacement.overrides }
            return replacement
        }
        var result: Node
        if let target, target.entries != nil {
            result = target
        } else {
            result = Node(.mapping([]), at: patch.location, overrides: target.map { $0.overrides + [$0.location] } ?? [])
        }
        guard case .mapping(var entries) = result.content else { return result }
        for entry in patchEntries {
            let index = entries.firstIndex { $0.key == entry.key }
            let merged = apply(entry.value, to: index.map { entries[$0].value })
            switch (index, merged) {
            case (let i?, let value?): entries[i].value = value
            case (let i?, nil): entries.remove(at: i)
            case (nil, let value?): entries.append(Node.Entry(key: entry.key, keyLocation: entry.keyLocation, value: value))
            case (nil, nil): break
            }
        }
        result.content = .mapping(entries)
        return result
    }

    /// Applies patches in order, starting from nothing.
    public static func merge(_ patches: [Node]) -> Node? {
        patches.reduce(nil) { apply($1, to: $0) }
    }
}

extension Node {
    /// A copy without the given top-level keys.
    public func removing(_ keys: Set<String>) -> Node {
        guard case .mapping(let entries) = content else { return self }
        var copy = self
        copy.content = .mapping(entries.filter { !keys.contains($0.key) })
        return copy
    }

    /// A copy with only the given top-level keys.
    public func keeping(_ keys: Set<String>) -> Node {
        guard case .mapping(let entries) = content else { return self }
        var copy = self
        copy.content = .mapping(entries.filter { keys.contains($0.key) })
        return copy
    }

    /// A copy with `key` set to `value` (replacing or appending).
    public func setting(_ key: String, to value: Node, keyLocation: SourceLocation) -> Node {
        guard case .mapping(var entries) = content else { return self }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            entries.append(Node.Entry(key: key, keyLocation: keyLocation, value: value))
        }
        var copy = self
        copy.content = .mapping(entries)
        return copy
    }
}
