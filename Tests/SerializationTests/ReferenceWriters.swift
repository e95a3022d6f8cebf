import Serialization

// The writers as they were before they wrote into bytes, kept verbatim as oracles: the byte
// writers must produce exactly these bytes for every document.

/// `JSONWriter` before `JSONByteWriter`.
enum ReferenceJSONWriter {
    static func write(_ document: Document) -> String {
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

    static func quoted(_ text: String) -> String {
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
                    out += "\\u" + String(scalar.value, radix: 16).referencePadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// `YAMLWriter` before it wrote into bytes.
enum ReferenceYAMLWriter {
    static func write(_ document: Document) -> String {
        var out = ""
        emit(document, indent: 0, into: &out, inlineStart: true)
        return out
    }

    /// Several documents separated by `---`.
    static func writeStream(_ documents: [Document]) -> String {
        documents.map(write).joined(separator: "---\n")
    }

    /// Indentation strings, made once: the writer runs for every object of every cluster.
    private static let pads = (0..<64).map { String(repeating: " ", count: $0) }

    private static func padding(_ count: Int) -> String {
        count < pads.count ? pads[count] : String(repeating: " ", count: count)
    }

    private static func emit(_ document: Document, indent: Int, into out: inout String, inlineStart: Bool) {
        let pad = padding(indent)
        switch document {
        case .map(let pairs) where pairs.isEmpty:
            out += "{}\n"
        case .list(let items) where items.isEmpty:
            out += "[]\n"
        case .map(let pairs):
            for (index, (key, value)) in pairs.enumerated() {
                if !(index == 0 && inlineStart) { out += pad }
                out += scalar(key)
                out += ":"
                switch value {
                case .map(let inner) where !inner.isEmpty:
                    out += "\n"
                    out += padding(indent + 2)
                    emit(value, indent: indent + 2, into: &out, inlineStart: true)
                case .list(let inner) where !inner.isEmpty:
                    out += "\n"
                    out += pad
                    emit(value, indent: indent, into: &out, inlineStart: true)
                case .string(let text) where fitsLiteralBlock(text):
                    out += " " + block(text, indent: indent + 2)
                default:
                    out += " "
                    emit(value, indent: indent + 2, into: &out, inlineStart: true)
                }
            }
        case .list(let items):
            for (index, item) in items.enumerated() {
                if !(index == 0 && inlineStart) { out += pad }
                out += "- "
                if case .string(let text) = item, fitsLiteralBlock(text) {
                    out += block(text, indent: indent + 2)
                } else {
                    emit(item, indent: indent + 2, into: &out, inlineStart: true)
                }
            }
        case .string(let text):
            out += scalar(text)
            out += "\n"
        case .int(let value): out += "\(value)\n"
        case .bool(let value): out += (value ? "true" : "false") + "\n"
        case .null: out += "null\n"
        }
    }

    /// Whether `block` carries `text` exactly: it has a line break, only printable characters
    /// (a literal block has no escapes), no leading spaces on its first lines (they would be read
    /// as indentation), and at most one final newline (`|` and `|-` drop the rest). Other
    /// multi-line strings are double-quoted with escapes.
    static func fitsLiteralBlock(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return false }
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        guard !body.isEmpty, !body.hasSuffix("\n") else { return false }
        guard text.unicodeScalars.allSatisfy({ $0 == "\n" || $0 == "\t" || !needsEscape($0) }) else { return false }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") { return false }
            if !line.isEmpty { break }
        }
        return true
    }

    /// `|` (or `|-` without a final newline) and the text indented below.
    private static func block(_ text: String, indent: Int) -> String {
        let pad = padding(indent)
        let keepsNewline = text.hasSuffix("\n")
        let body = keepsNewline ? String(text.dropLast()) : text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        return (keepsNewline ? "|\n" : "|-\n") + lines.map { $0.isEmpty ? "\n" : pad + $0 + "\n" }.joined()
    }

    /// A scalar string, quoted unless it is plainly safe.
    static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "",
    ]

    /// One pass over the UTF-8 bytes: this runs for every string of every emitted file.
    static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if (bytes.count <= 5 && reserved.contains(text.lowercased())) || looksNumeric(text) { return false }
        if leadingIndicators.contains(first) || last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte >= 0x7f || forbidden[Int(byte)] { return false }
            if (previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ")) || (previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#")) { return false }
            previous = byte
        }
        return true
    }

    private static let leadingIndicators = Set("-?:,[]{}#&*!|>'\"%@`. ".utf8)
    /// By byte, for the scan every plain scalar takes.
    private static let forbidden: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "{}[],#&*!|>'\"%@`".utf8 { table[Int(byte)] = true }
        return table
    }()

    private static func looksNumeric(_ text: String) -> Bool {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard let first = body.first else { return false }
        if first.isNumber || first == "." { return true }
        return [".inf", ".nan"].contains(body.lowercased())
    }

    /// Double-quoted with JSON-compatible escapes (YAML's double-quoted style is a superset).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if needsEscape(scalar) {
                    out += scalar.value < 0x100 ? "\\x" + String(scalar.value, radix: 16).referencePadded(to: 2)
                        : "\\u" + String(scalar.value, radix: 16).referencePadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Characters YAML does not allow raw (C0 and C1 controls, DEL, non-characters) or reads as
    /// line breaks (NEL, U+2028, U+2029), and the byte-order mark.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7f...0x9f, 0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff: true
        default: false
        }
    }
}

extension String {
    fileprivate func referencePadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
