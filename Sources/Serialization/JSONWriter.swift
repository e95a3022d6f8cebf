/// Writes `Document`s as JSON with two-space indentation, keys in the order given.
public enum JSONWriter {
    public static func write(_ document: Document) -> String {
        var out = ""
        emit(document, indent: 0, into: &out)
        return out + "\n"
    }

    private static func emit(_ document: Document, indent: Int, into out: inout String) {
        // Only containers indent: scalars, most of a document, allocate no padding.
        var pad: String { String(repeating: "  ", count: indent + 1) }
        var closing: String { String(repeating: "  ", count: indent) }
        switch document {
        case .string(let text): out += quoted(text)
        case .int(let value): out += "\(value)"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .list(let items) where items.isEmpty: out += "[]"
        case .map(let pairs) where pairs.isEmpty: out += "{}"
        case .list(let items):
            let pad = pad
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += pad
                emit(item, indent: indent + 1, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .map(let pairs):
            let pad = pad
            out += "{\n"
            for (index, (key, value)) in pairs.enumerated() {
                out += pad + quoted(key) + ": "
                emit(value, indent: indent + 1, into: &out)
                out += index == pairs.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    public static func quoted(_ text: String) -> String {
        // Most strings (names, ARNs) need no escape: copy them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
