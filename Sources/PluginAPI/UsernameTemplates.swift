import Foundation

/// Which usernames can render to the same Kubernetes user. A placeholder is filled in at login
/// (`{{SessionName}}` by whoever assumes the role), so it may stand for any text: two templates
/// collide when some choice of their placeholders makes them equal, and then two principals
/// share one user and each other's access.
public enum UsernameTemplates {
    /// A template as literal bytes, with `nil` where a placeholder stands.
    static func pattern(_ template: String) -> [UInt8?] {
        var result: [UInt8?] = []
        result.reserveCapacity(template.utf8.count)
        var rest = Substring(template)
        while let open = TextSearch.range(of: "{{", in: rest), let close = TextSearch.range(of: "}}", in: rest[open.upperBound...]),
              KubernetesNames.placeholders.contains(String(rest[open.upperBound..<close.lowerBound])) {
            for byte in rest[..<open.lowerBound].utf8 { result.append(byte) }
            result.append(nil)
            rest = rest[close.upperBound...]
        }
        for byte in rest.utf8 { result.append(byte) }
        return result
    }

    /// Whether some filling of placeholders makes `a` and `b` the same string.
    public static func canCollide(_ a: String, _ b: String) -> Bool {
        intersects(pattern(a), pattern(b))
    }

    /// Whether some filling of placeholders makes `template` start with `prefix` (ASCII case
    /// ignored): `syst{{SessionName}}:x` becomes `system:x` for the session name `em`.
    public static func canRender(_ template: String, startingWith prefix: String) -> Bool {
        firstRenderablePrefix(of: template, among: [prefix]) != nil
    }

    /// The first of `prefixes` some filling of placeholders makes `template` start with (ASCII
    /// case ignored), or nil; the template is read once for all of them.
    public static func firstRenderablePrefix(of template: String, among prefixes: [String]) -> String? {
        let folded = pattern(template).map { byte in byte.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
        return prefixes.first { prefix in intersects(folded, prefix.lowercased().utf8.map { Optional($0) } + [nil]) }
    }

    /// Two glob patterns (placeholders as `*`) share a string: dynamic programming over
    /// positions; a placeholder may swallow any run of the other side, placeholders included.
    static func intersects(_ a: [UInt8?], _ b: [UInt8?]) -> Bool {
        var reachable = Array(repeating: Array(repeating: false, count: b.count + 1), count: a.count + 1)
        reachable[0][0] = true
        for i in 0...a.count {
            for j in 0...b.count where reachable[i][j] {
                if i < a.count, a[i] == nil {
                    reachable[i + 1][j] = true
                    if j < b.count { reachable[i][j + 1] = true }
                }
                if j < b.count, b[j] == nil {
                    reachable[i][j + 1] = true
                    if i < a.count { reachable[i + 1][j] = true }
                }
                if i < a.count, j < b.count, let x = a[i], let y = b[j], x == y { reachable[i + 1][j + 1] = true }
            }
        }
        return reachable[a.count][b.count]
    }

    /// Pairs of `templates` (by index) that can collide. Only templates whose literal prefixes
    /// (up to the first placeholder) are prefix-compatible are compared, so tens of thousands of
    /// default usernames cost a sort, not a square.
    public static func collisions(_ templates: [String]) -> [(Int, Int)] {
        // The literal prefixes packed in one buffer and compared with memcmp: a cluster has
        // thousands of people, and an array for each prefix cost an allocation and a release.
        var packed: [UInt8] = []
        packed.reserveCapacity(templates.count * 48)
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(templates.count)
        for template in templates {
            let start = packed.count
            appendLiteralPrefix(of: template, to: &packed)
            spans.append((start, packed.count - start))
        }
        // Whole patterns only for the templates compared: distinct default usernames (each a
        // role's own prefix before `{{SessionName}}`) are never compared at all.
        var patterns = [[UInt8?]?](repeating: nil, count: templates.count)
        func patternOf(_ index: Int) -> [UInt8?] {
            if let known = patterns[index] { return known }
            let built = pattern(templates[index])
            patterns[index] = built
            return built
        }
        var pairs: [(Int, Int)] = []
        packed.withUnsafeBufferPointer { bytes in
            // Byte order, a prefix before what extends it, as `lexicographicallyPrecedes` orders bytes.
            func precedes(_ a: Int, _ b: Int) -> Bool {
                let x = spans[a], y = spans[b]
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(bytes.baseAddress! + x.start, bytes.baseAddress! + y.start, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
            func starts(_ a: Int, with b: Int) -> Bool {
                let x = spans[a], y = spans[b]
                return x.count >= y.count && (y.count == 0 || memcmp(bytes.baseAddress! + x.start, bytes.baseAddress! + y.start, y.count) == 0)
            }
            let order = templates.indices.sorted(by: precedes)
            // In sorted order, everything that starts with a prefix follows it contiguously.
            for (position, index) in order.enumerated() {
                var next = position + 1
                while next < order.count, starts(order[next], with: index) {
                    let other = order[next]
                    if intersects(patternOf(index), patternOf(other)) { pairs.append((min(index, other), max(index, other))) }
                    next += 1
                }
            }
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// The bytes of `template` before its first placeholder: `pattern`'s literal start.
    static func literalPrefix(_ template: String) -> [UInt8] {
        var prefix: [UInt8] = []
        appendLiteralPrefix(of: template, to: &prefix)
        return prefix
    }

    /// `literalPrefix`, appended to `out`, found over the bytes (every default username has a
    /// placeholder, and this runs for each identity of every cluster).
    static func appendLiteralPrefix(of template: String, to out: inout [UInt8]) {
        var text = template
        text.withUTF8 { bytes in out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<literalPrefixCount(bytes, of: template)])) }
    }

    /// `pattern` reads the first `{{`, the first `}}` after it, and whether the text between is a
    /// placeholder, all as `TextSearch` and `Set<String>` do: the same here, the name compared by
    /// bytes when it is ASCII (an ASCII name equals an ASCII placeholder exactly when its bytes
    /// do) and as a String otherwise, so this is always the length of `pattern`'s own start.
    private static func literalPrefixCount(_ bytes: UnsafeBufferPointer<UInt8>, of template: String) -> Int {
        let found = openBraces.withUnsafeBufferPointer { opening in
            closeBraces.withUnsafeBufferPointer { closing -> (open: Int, close: Int)? in
                guard let open = TextSearch.firstOffset(of: opening, in: bytes),
                      let after = TextSearch.firstOffset(of: closing, in: UnsafeBufferPointer(rebasing: bytes[(open + 2)...])) else { return nil }
                return (open, open + 2 + after)
            }
        }
        guard let (open, close) = found else { return bytes.count }
        let name = UnsafeBufferPointer(rebasing: bytes[(open + 2)..<close])
        let isPlaceholder = name.allSatisfy { $0 < 0x80 }
            ? placeholderBytes.contains { $0.count == name.count && $0.elementsEqual(name) }
            : KubernetesNames.placeholders.contains(String(decoding: name, as: UTF8.self))
        return isPlaceholder ? open : bytes.count
    }

    private static let placeholderBytes: [[UInt8]] = KubernetesNames.placeholders.map { Array($0.utf8) }
    private static let openBraces = Array("{{".utf8), closeBraces = Array("}}".utf8)
}
