import Diagnostics

/// The shape a fragment value must have. Checked on every fragment before merging, so a typo
/// or a wrong type is reported at the line that holds it. `null` is accepted everywhere: in a
/// merge patch it means "delete"; whether a required value survives is checked after merging.
public indirect enum Schema: Sendable {
    case string
    case bool
    case list(Schema)
    /// A mapping with free keys (namespaces, cluster names...) whose values share one schema.
    case map(Schema)
    /// A mapping with a fixed set of keys; anything else is an unknown key.
    case object(String, [String: Schema])
    /// A scalar (`scalar` schema) or a mapping (`mapping` schema), decided by what was written.
    case scalarOrMapping(Schema, Schema)
    /// A list, or a single scalar read as a one-element list.
    case stringOrList

    public func validate(_ node: Node, _ diagnostics: inout [Diagnostic], context: String) {
        if node.isNull { return }
        func mismatch(_ expected: String) {
            diagnostics.append(.error("wrong-type", "\(context) must be \(expected), not \(node.kindName)", at: node.location))
        }
        switch self {
        case .string:
            if node.string == nil { mismatch("a string") }
        case .bool:
            if node.bool == nil { mismatch("true or false") }
        case .stringOrList:
            if node.string != nil { return }
            Schema.list(.string).validate(node, &diagnostics, context: context)
        case .list(let item):
            guard let items = node.sequence else { return mismatch("a list") }
            for element in items {
                if element.isNull {
                    diagnostics.append(.error("wrong-type", "\(context) has an empty (null) item", at: element.location))
                } else {
                    item.validate(element, &diagnostics, context: "an item of \(context)")
                }
            }
        case .map(let value):
            guard let entries = node.entries else { return mismatch("a mapping") }
            for entry in entries {
                value.validate(entry.value, &diagnostics, context: "'\(entry.key)' in \(context)")
            }
        case .object(let name, let fields):
            guard let entries = node.entries else { return mismatch("a mapping (\(name))") }
            for entry in entries {
                guard let field = fields[entry.key] else {
                    var message = "unknown key '\(entry.key)' in \(context)"
                    if let guess = Suggestion.closest(to: entry.key, in: fields.keys) { message += "; did you mean '\(guess)'?" }
                    diagnostics.append(.error("unknown-key", message, at: entry.keyLocation,
                                              notes: [.init("allowed keys: \(fields.keys.sorted().joined(separator: ", "))")]))
                    continue
                }
                field.validate(entry.value, &diagnostics, context: "'\(entry.key)'")
            }
        case .scalarOrMapping(let scalar, let mapping):
            if node.entries != nil {
                mapping.validate(node, &diagnostics, context: context)
            } else {
                scalar.validate(node, &diagnostics, context: context)
            }
        }
    }
}

/// "did you mean": the closest known word within a small edit distance.
enum Suggestion {
    static func closest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let limit = max(2, word.count / 3)
        return candidates
            .map { ($0, distance(word.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= limit }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
