/// Substring search over UTF-8 bytes. Foundation's `range(of:)` and `contains(_:)` go through
/// CoreFoundation on Linux, which is the slow path for the per-identity checks of a large cluster.
public enum TextSearch {
    /// The first occurrence of `needle` in `text`, as indices of `text` (valid for the String too).
    public static func range(of needle: String, in text: Substring) -> Range<String.Index>? {
        // The needle's own bytes, not a copy: this runs several times for every username.
        let pattern = needle.utf8
        guard let first = pattern.first else { return text.startIndex..<text.startIndex }
        let bytes = text.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == first {
                var candidate = index, matched = pattern.startIndex
                while matched != pattern.endIndex, candidate != bytes.endIndex, bytes[candidate] == pattern[matched] {
                    candidate = bytes.index(after: candidate)
                    matched = pattern.index(after: matched)
                }
                if matched == pattern.endIndex { return index..<candidate }
            }
            index = bytes.index(after: index)
        }
        return nil
    }

    public static func contains(_ text: String, _ needle: String) -> Bool { range(of: needle, in: Substring(text)) != nil }
}
