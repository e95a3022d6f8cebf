import Diagnostics
import Foundation
@testable import Fragments

/// The line scan as it was before it read bytes (`Character`s, a regular expression for block
/// scalars), kept verbatim as the reference the byte scan must agree with on LF text.
enum CharacterPreflight {
    static func scan(_ text: String, path: String, commit: String?, maxDepth: Int) -> Diagnostic? {
        var flowDepth = 0
        var quote: Character? = nil
        var blockScalarIndent: Int? = nil
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            let indent = line.prefix { $0 == " " }.count
            func at(_ column: Int) -> SourceLocation {
                SourceLocation(path: path, line: lineNumber, column: column, commit: commit)
            }
            if let parentIndent = blockScalarIndent, quote == nil {
                if indent > parentIndent || line.allSatisfy({ $0 == " " }) { continue }
                blockScalarIndent = nil
            }
            if quote == nil, indent > maxDepth * 8 {
                return .error("fragment-too-complex", "indentation of \(indent) columns is deeper than fragments need (at most \(maxDepth * 8))", at: at(1))
            }
            var dashes = 0
            var i = indent
            while quote == nil, i + 1 < line.count, line[i] == "-", line[i + 1] == " " {
                dashes += 1
                i += 2
                while i < line.count, line[i] == " " { i += 1 }
            }
            if dashes > maxDepth {
                return .error("fragment-too-complex", "\(dashes) nested list markers on one line; fragments nest at most \(maxDepth) levels", at: at(1))
            }
            var previous: Character = i > 0 ? line[i - 1] : " "
            var lastSignificant: Character? = dashes > 0 ? "-" : nil
            var contentEnd = line.count
            scanning: while i < line.count {
                let c = line[i]
                if let open = quote {
                    if open == "'" && c == "'" {
                        if i + 1 < line.count, line[i + 1] == "'" { i += 2; continue }
                        quote = nil
                    } else if open == "\"" && c == "\\" {
                        i += 2
                        continue
                    } else if open == "\"" && c == "\"" {
                        quote = nil
                    }
                    previous = c
                    i += 1
                    continue
                }
                let startsToken = previous == " " || previous == "\t" || previous == "[" || previous == "{" || previous == ","
                switch c {
                case "#" where previous == " " || previous == "\t" || i == 0:
                    contentEnd = i
                    break scanning
                case "\"", "'":
                    // (A `where` after a pattern list guards only the last pattern, so test here.)
                    if startsToken || previous == ":" { quote = c }
                case "[", "{":
                    flowDepth += 1
                    if flowDepth > maxDepth {
                        return .error("fragment-too-complex", "brackets nest deeper than \(maxDepth) levels", at: at(i + 1))
                    }
                case "]", "}":
                    flowDepth = max(0, flowDepth - 1)
                case "&", "*":
                    guard startsToken && startsNode(after: lastSignificant) else { break }
                    let what = c == "&" ? "anchors (&)" : "aliases (*)"
                    let hint = c == "*" ? "; write a wildcard as \"*\" in quotes" : "; use `extends` to share settings"
                    return .error("yaml-anchor", "YAML \(what) are not allowed in fragments\(hint)", at: at(i + 1))
                default:
                    break
                }
                if c != " " && c != "\t" { lastSignificant = c }
                previous = c
                i += 1
            }
            if quote == nil, flowDepth == 0, startsBlockScalar(String(line[indent..<contentEnd])) {
                blockScalarIndent = indent
            }
        }
        return nil
    }

    /// `key: |`, `- >-` and the like: the lines below, indented deeper, are text, not YAML.
    private static func startsBlockScalar(_ content: String) -> Bool {
        content.range(of: #"(^|\s)[|>][-+0-9]*\s*$"#, options: .regularExpression) != nil
    }

    /// An anchor or alias can only start a node: at a line start, after `- `, `: `, `? `, or a
    /// flow bracket or comma. Elsewhere `&` and `*` are ordinary characters of a plain scalar.
    private static func startsNode(after significant: Character?) -> Bool {
        guard let significant else { return true }
        return ["-", ":", "?", "[", "{", ","].contains(significant)
    }
}
