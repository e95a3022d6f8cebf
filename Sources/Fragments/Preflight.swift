import Diagnostics
import Foundation

/// A cheap line scan that runs before the YAML parser. The parser recurses once per nesting
/// level, so nesting must be bounded before it runs; and anchors and aliases (the vector of
/// "billion laughs" bombs, and a way to hide what a fragment grants) are refused outright.
enum Preflight {
    static func scan(_ text: String, path: String, commit: String?, maxDepth: Int) -> Diagnostic? {
        var text = text
        return text.withUTF8 { scan(bytes: $0, path: path, commit: commit, maxDepth: maxDepth) }
    }

    // Every byte the scan compares is ASCII, and UTF-8 never uses ASCII bytes inside a
    // multi-byte character, so it reads bytes: a fragment is scanned on every compile, and
    // walking it as `Character`s cost more than parsing it.
    private static func scan(bytes text: UnsafeBufferPointer<UInt8>, path: String, commit: String?, maxDepth: Int) -> Diagnostic? {
        let (space, tab, newline, carriageReturn): (UInt8, UInt8, UInt8, UInt8) = (0x20, 0x09, 0x0A, 0x0D)
        if let problem = foreignLineBreak(text, path: path, commit: commit) { return problem }
        var flowDepth = 0
        var quote: UInt8? = nil
        var blockScalarIndent: Int? = nil
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= text.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != newline { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart, text[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
            defer { lineStart = next }
            let line = UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd])
            var indent = 0
            while indent < line.count, line[indent] == space { indent += 1 }
            /// Columns count Unicode scalars, as the parser's marks do.
            func at(_ byte: Int) -> SourceLocation {
                let column = String(decoding: UnsafeBufferPointer(rebasing: line[0..<min(byte, line.count)]), as: UTF8.self).unicodeScalars.count + 1
                return SourceLocation(path: path, line: lineNumber, column: column, commit: commit)
            }
            if let parentIndent = blockScalarIndent, quote == nil {
                if indent > parentIndent || indent == line.count { continue }
                blockScalarIndent = nil
            }
            if quote == nil, indent > maxDepth * 8 {
                return .error("fragment-too-complex", "indentation of \(indent) columns is deeper than fragments need (at most \(maxDepth * 8))", at: at(0))
            }
            var dashes = 0
            var lastDash = indent
            var i = indent
            while quote == nil, i + 1 < line.count, line[i] == UInt8(ascii: "-"), line[i + 1] == space {
                dashes += 1
                lastDash = i
                i += 2
                while i < line.count, line[i] == space { i += 1 }
            }
            if dashes > maxDepth {
                return .error("fragment-too-complex", "\(dashes) nested list markers on one line; fragments nest at most \(maxDepth) levels", at: at(0))
            }
            let contentStart = i
            var previous: UInt8 = i > 0 ? line[i - 1] : space
            var lastSignificant: UInt8? = dashes > 0 ? UInt8(ascii: "-") : nil
            var contentEnd = line.count
            scanning: while i < line.count {
                let c = line[i]
                if let open = quote {
                    if open == UInt8(ascii: "'") && c == UInt8(ascii: "'") {
                        if i + 1 < line.count, line[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                        quote = nil
                    } else if open == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    } else if open == UInt8(ascii: "\"") && c == UInt8(ascii: "\"") {
                        quote = nil
                    }
                    previous = c
                    i += 1
                    continue
                }
                let startsToken = previous == space || previous == tab || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
                switch c {
                case UInt8(ascii: "#") where previous == space || previous == tab || i == 0:
                    contentEnd = i
                    break scanning
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    // (A `where` after a pattern list guards only the last pattern, so test here.)
                    if startsToken || previous == UInt8(ascii: ":") { quote = c }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    if flowDepth > maxDepth {
                        return .error("fragment-too-complex", "brackets nest deeper than \(maxDepth) levels", at: at(i))
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(0, flowDepth - 1)
                case UInt8(ascii: "&"), UInt8(ascii: "*"):
                    guard startsToken && startsNode(after: lastSignificant) else { break }
                    let what = c == UInt8(ascii: "&") ? "anchors (&)" : "aliases (*)"
                    let hint = c == UInt8(ascii: "*") ? "; write a wildcard as \"*\" in quotes" : "; use `extends` to share settings"
                    return .error("yaml-anchor", "YAML \(what) are not allowed in fragments\(hint)", at: at(i))
                default:
                    break
                }
                if c != space && c != tab { lastSignificant = c }
                previous = c
                i += 1
            }
            if quote == nil, flowDepth == 0, startsBlockScalar(UnsafeBufferPointer(rebasing: line[indent..<contentEnd])) {
                // Its text is indented deeper than the node that holds it: the list item itself
                // (`- |`), or the mapping a key of the item starts (`- key: |`, at the key's column).
                let isItem = dashes > 0 && contentStart < line.count && (line[contentStart] == UInt8(ascii: "|") || line[contentStart] == UInt8(ascii: ">"))
                blockScalarIndent = dashes == 0 ? indent : isItem ? lastDash : contentStart
            }
        }
        return nil
    }

    /// A line break other than LF and CRLF: a lone CR, NEL, LS or PS. The YAML parser ends a
    /// line at each of them, this scan only at LF, so text it reads as one line (a comment, say)
    /// would be lines of YAML to the parser: refused rather than read two ways.
    private static func foreignLineBreak(_ text: UnsafeBufferPointer<UInt8>, path: String, commit: String?) -> Diagnostic? {
        var line = 1, lineStart = 0, index = 0
        while index < text.count {
            let byte = text[index]
            var name: String? = nil
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D, index + 1 == text.count || text[index + 1] != 0x0A {
                name = "a carriage return (CR) not followed by a line feed"
            } else if byte == 0xC2, index + 1 < text.count, text[index + 1] == 0x85 {
                name = "a next-line character (U+0085)"
            } else if byte == 0xE2, index + 2 < text.count, text[index + 1] == 0x80, text[index + 2] == 0xA8 || text[index + 2] == 0xA9 {
                name = text[index + 2] == 0xA8 ? "a line separator (U+2028)" : "a paragraph separator (U+2029)"
            }
            if let name {
                let column = String(decoding: UnsafeBufferPointer(rebasing: text[lineStart..<index]), as: UTF8.self).unicodeScalars.count + 1
                return .error("line-break", "\(name), which YAML reads as a line end; save the fragment with LF (or CRLF) line ends and spell the text without it",
                              at: SourceLocation(path: path, line: line, column: column, commit: commit))
            }
            index += 1
        }
        return nil
    }

    /// `key: |`, `- >-` and the like: the lines below, indented deeper, are text, not YAML.
    /// (What `(^|\s)[|>][-+0-9]*\s*$` matches.)
    private static func startsBlockScalar(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var end = content.count
        while end > 0, isWhitespace(content[end - 1]) { end -= 1 }
        while end > 0, content[end - 1] == UInt8(ascii: "-") || content[end - 1] == UInt8(ascii: "+") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(content[end - 1]) { end -= 1 }
        guard end > 0, content[end - 1] == UInt8(ascii: "|") || content[end - 1] == UInt8(ascii: ">") else { return false }
        return end == 1 || isWhitespace(content[end - 2])
    }

    /// An anchor or alias can only start a node: at a line start, after `- `, `: `, `? `, or a
    /// flow bracket or comma. Elsewhere `&` and `*` are ordinary characters of a plain scalar.
    private static func startsNode(after significant: UInt8?) -> Bool {
        guard let significant else { return true }
        return [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(significant)
    }
}
