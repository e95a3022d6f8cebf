import Diagnostics
import Foundation
import Yams

/// Bounds that keep hostile fragments from exhausting the compiler.
public struct ReadLimits: Sendable {
    /// Largest fragment accepted, in bytes. Real fragments are a few KiB.
    public var maxBytes = 256 * 1024
    /// Deepest nesting accepted (flow brackets, block indentation levels, `- ` markers on a line).
    public var maxDepth = 40
    /// Most YAML nodes one fragment may hold.
    public var maxNodes = 100_000

    public init() {}
    public static let standard = ReadLimits()
}

/// Reads one YAML document into a located `Node` tree, refusing what fragments must not contain:
/// more than one document, anchors and aliases, duplicate keys, non-string keys, invalid UTF-8,
/// binary content, and input beyond `ReadLimits`. Never traps on any input.
public enum YAMLReader {
    public static func read(_ bytes: Data, path: String, commit: String?, limits: ReadLimits = .standard) -> (Node?, [Diagnostic]) {
        let start = SourceLocation(path: path, line: 1, column: 1, commit: commit)
        func fail(_ code: String, _ message: String, at location: SourceLocation? = nil) -> (Node?, [Diagnostic]) {
            (nil, [.error(code, message, at: location ?? start)])
        }
        if bytes.count > limits.maxBytes {
            return fail("fragment-too-large", "fragment is \(bytes.count) bytes, over the limit of \(limits.maxBytes); split it into smaller fragments")
        }
        if bytes.contains(0) {
            return fail("binary-file", "file contains NUL bytes: fragments must be UTF-8 YAML text")
        }
        guard let text = String(validatingUTF8Bytes: bytes) else {
            return fail("not-utf8", "file is not valid UTF-8: save the fragment as UTF-8")
        }
        if let problem = Preflight.scan(text, path: path, commit: commit, maxDepth: limits.maxDepth) {
            return (nil, [problem])
        }
        // The parser owns the anchors its nodes point to (weakly); it stays alive through
        // `convert`, which refuses anchored nodes whatever the preflight scan made of the text.
        let parser: Yams.Parser
        let root: Yams.Node?
        do {
            // No tag resolution: fragments are text, keys compared as text (the core schema's
            // regular expressions, run on every key, cost more than the parse).
            parser = try Yams.Parser(yaml: text, resolver: .basic, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, path: path, commit: commit)])
        } catch {
            return fail("yaml-syntax", "cannot parse YAML: \(error)")
        }
        guard let root else {
            return fail("empty-fragment", "fragment is empty: it needs at least `kind:` and `name:`")
        }
        var budget = limits.maxNodes
        var diagnostics: [Diagnostic] = []
        let node = withExtendedLifetime(parser) {
            convert(root, path: path, commit: commit, depth: 0, limits: limits, budget: &budget, diagnostics: &diagnostics)
        }
        return diagnostics.isEmpty ? (node, []) : (nil, diagnostics)
    }

    static let anchorMessage = "YAML anchors (&) and aliases (*) are not allowed in fragments; use `extends` to share settings"

    /// One message for a duplicate key, whether Yams found it (same tag) or this reader (text alike).
    static func duplicateKey(_ keys: String, at winner: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error("duplicate-key", "duplicate key \(keys) in one mapping: this value would silently win over the first; keep one (keys compare as text: quotes and tags such as !!int do not make them different)",
               at: winner, notes: [.init("first given here", at: first)])
    }

    static func location(_ mark: Yams.Mark?, _ path: String, _ commit: String?) -> SourceLocation {
        SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, commit: commit)
    }

    private static func convert(_ node: Yams.Node, path: String, commit: String?, depth: Int, limits: ReadLimits,
                                budget: inout Int, diagnostics: inout [Diagnostic]) -> Node {
        let here = location(node.mark, path, commit)
        budget -= 1
        guard budget >= 0, depth <= limits.maxDepth else {
            if diagnostics.isEmpty {
                let what = budget < 0 ? "more than \(limits.maxNodes) values" : "nesting deeper than \(limits.maxDepth) levels"
                diagnostics.append(.error("fragment-too-complex", "fragment has \(what); fragments are small mappings", at: here))
            }
            return Node(.null, at: here)
        }
        // An alias composes to the very node its anchor names, so refusing anchored nodes
        // refuses aliases too, without expanding them.
        if node.anchor != nil {
            if !diagnostics.contains(where: { $0.code == "yaml-anchor" }) {
                diagnostics.append(.error("yaml-anchor", Self.anchorMessage, at: here))
            }
            return Node(.null, at: here)
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return Node(.null, at: here)
            }
            return Node(.scalar(scalar.string, quoted: scalar.style != .plain), at: here)
        case .sequence(let sequence):
            var items: [Node] = []
            for item in sequence {
                items.append(convert(item, path: path, commit: commit, depth: depth + 1, limits: limits, budget: &budget, diagnostics: &diagnostics))
                if !diagnostics.isEmpty && budget < 0 { break }
            }
            return Node(.sequence(items), at: here)
        case .mapping(let mapping):
            var entries: [Node.Entry] = []
            // Keys are text here, whatever their tags: Yams tells `123` from `!!int 123`, this does not.
            var seen: [String: SourceLocation] = [:]
            for (key, value) in mapping {
                let keyLocation = location(key.mark, path, commit)
                guard case .scalar(let keyScalar) = key else {
                    diagnostics.append(.error("non-string-key", "mapping keys must be plain strings, not \(key.mapping != nil ? "mappings" : "lists")", at: keyLocation))
                    continue
                }
                // A key can carry an anchor (and an alias stand for a key) like any node.
                if key.anchor != nil {
                    if !diagnostics.contains(where: { $0.code == "yaml-anchor" }) {
                        diagnostics.append(.error("yaml-anchor", Self.anchorMessage, at: keyLocation))
                    }
                    continue
                }
                if let first = seen[keyScalar.string] {
                    diagnostics.append(duplicateKey("'\(keyScalar.string)'", at: keyLocation, first: first))
                    continue
                }
                seen[keyScalar.string] = keyLocation
                let converted = convert(value, path: path, commit: commit, depth: depth + 1, limits: limits, budget: &budget, diagnostics: &diagnostics)
                entries.append(Node.Entry(key: keyScalar.string, keyLocation: keyLocation, value: converted))
                if !diagnostics.isEmpty && budget < 0 { break }
            }
            return Node(.mapping(entries), at: here)
        case .alias:
            // Yams composes aliases into their anchored node (handled above); kept for exhaustiveness.
            diagnostics.append(.error("yaml-anchor", Self.anchorMessage, at: here))
            return Node(.null, at: here)
        }
    }

    static func diagnostic(for error: YamlError, path: String, commit: String?) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text.trimmingCharacters(in: .whitespaces)) at line \(context.mark.line))" }
            return .error("yaml-syntax", message, at: location(mark, path, commit))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let first = location(context.mark, path, commit)
            // Point at the occurrence that would win (the last), the first as a note; Yams names only the first.
            guard let key = duplicates.first, let winner = lastBlockOccurrence(of: key, after: context.mark, in: context.text) else {
                return .error("duplicate-key", "duplicate key \(keys) in one mapping: the later value would silently win; keep one", at: first)
            }
            return duplicateKey(keys, at: SourceLocation(path: path, line: winner.line, column: winner.column, commit: commit), first: first)
        case .reader(let problem, _, _, _):
            return .error("yaml-syntax", "cannot read YAML: \(problem)", at: location(nil, path, commit))
        default:
            return .error("yaml-syntax", "cannot parse YAML: \(error)", at: location(nil, path, commit))
        }
    }
}

extension YAMLReader {
    /// The last line of the block mapping that holds `mark` whose key is `key`, at the same
    /// column; nil for flow mappings (`{a: 1, a: 2}`), where the first occurrence is reported.
    static func lastBlockOccurrence(of key: String, after mark: Yams.Mark, in text: String) -> (line: Int, column: Int)? {
        // Lines split on scalars, a CR before the LF dropped: "\r\n" is one Character.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { $0.last == "\r" ? $0.dropLast() : $0 }
        let indent = mark.column - 1
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"]
        var found: (line: Int, column: Int)?
        for number in mark.line..<lines.count {
            let line = lines[number]
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.first == "#" { continue }
            let column = line.count - content.count
            if column < indent { break }
            guard column == indent else { continue }
            let text = String(content)
            for spelling in spellings where text.hasPrefix(spelling) {
                let rest = text.dropFirst(spelling.count).drop { $0 == " " }
                if rest.first == ":" { found = (number + 1, mark.column) }
            }
        }
        return found
    }
}

extension String {
    /// Strict UTF-8 decoding: nil instead of replacement characters.
    init?(validatingUTF8Bytes data: Data) {
        guard let decoded = String(data: data, encoding: .utf8) else { return nil }
        self = decoded
    }
}
