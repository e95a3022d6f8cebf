import Foundation

/// Substring search over UTF-8 bytes. Foundation's `range(of:)` and `contains(_:)` go through
/// CoreFoundation on Linux, which is the slow path for the per-identity checks of a large cluster.
public enum TextSearch {
    /// The first occurrence of `needle` in `text`, as indices of `text` (valid for the String too).
    public static func range(of needle: String, in text: Substring) -> Range<String.Index>? {
        guard !needle.isEmpty else { return text.startIndex..<text.startIndex }
        // Over the bytes themselves where both are contiguous (native strings are): walking
        // `UTF8View` indices cost more than the search, and this runs for every username.
        let offset: Int?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if let found = needle.utf8.withContiguousStorageIfAvailable({ firstOffset(of: $0, in: bytes) }) { return found }
            return Array(needle.utf8).withUnsafeBufferPointer { firstOffset(of: $0, in: bytes) }
        }
        switch offset {
        case .some(.some(let start)):
            let lower = text.utf8.index(text.startIndex, offsetBy: start)
            return lower..<text.utf8.index(lower, offsetBy: needle.utf8.count)
        case .some(.none):
            return nil
        case .none:
            return indexSearch(needle, in: text)
        }
    }

    /// The first offset of `pattern` in `bytes`: `memchr` (vectorised in the C library) finds
    /// each candidate first byte, then the rest is compared.
    static func firstOffset(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count, let base = bytes.baseAddress else { return nil }
        var index = 0
        let last = bytes.count - pattern.count
        while index <= last {
            guard let found = memchr(base + index, Int32(first), last - index + 1) else { return nil }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var matched = 1
            while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
            if matched == pattern.count { return index }
            index += 1
        }
        return nil
    }

    /// The search over `UTF8View` indices, for text that is not contiguous (a string bridged
    /// from elsewhere; native Swift strings always are).
    static func indexSearch(_ needle: String, in text: Substring) -> Range<String.Index>? {
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

    /// Whether `text` holds the ASCII scalar `ascii`. An ASCII byte in UTF-8 is always that scalar,
    /// so this is a byte search. It is stricter than Foundation's `contains`, which compares
    /// Characters and so misses a `:` or `/` that carries a combining mark (`"a:\u{301}b"`): the
    /// names this guards are compared by bytes in Kubernetes and EKS, where that `:` is a `:`.
    /// It is also cheap: Foundation's goes through CoreFoundation (thousands of instructions a
    /// call, for the names of every team of every cluster).
    public static func contains(_ text: String, ascii: Unicode.Scalar) -> Bool {
        precondition(ascii.isASCII, "an ASCII character")
        let byte = UInt8(ascii.value)
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
    }
}
