/// Writes `Document`s as block-style YAML. Strings are left plain only when YAML reads them
/// back as the same string; multi-line strings become literal block scalars (`|`), which is how
/// the `aws-auth` ConfigMap carries `mapRoles`.
public enum YAMLWriter {
    public static func write(_ document: Document) -> String {
        var out: [UInt8] = []
        emit(document, indent: 0, into: &out, inlineStart: true)
        return String(decoding: out, as: UTF8.self)
    }

    /// Several documents separated by `---`, written into one buffer.
    public static func writeStream(_ documents: [Document]) -> String {
        var out: [UInt8] = []
        for (index, document) in documents.enumerated() {
            if index > 0 { out.append(contentsOf: "---\n".utf8) }
            emit(document, indent: 0, into: &out, inlineStart: true)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func pad(_ count: Int, into out: inout [UInt8]) {
        for _ in 0..<count { out.append(UInt8(ascii: " ")) }
    }

    private static func emit(_ document: Document, indent: Int, into out: inout [UInt8], inlineStart: Bool) {
        switch document {
        case .map(let pairs) where pairs.isEmpty:
            out.append(contentsOf: "{}\n".utf8)
        case .list(let items) where items.isEmpty:
            out.append(contentsOf: "[]\n".utf8)
        case .map(let pairs):
            for (index, (key, value)) in pairs.enumerated() {
                if !(index == 0 && inlineStart) { pad(indent, into: &out) }
                appendScalar(key, into: &out)
                out.append(UInt8(ascii: ":"))
                switch value {
                case .map(let inner) where !inner.isEmpty:
                    out.append(UInt8(ascii: "\n"))
                    pad(indent + 2, into: &out)
                    emit(value, indent: indent + 2, into: &out, inlineStart: true)
                case .list(let inner) where !inner.isEmpty:
                    out.append(UInt8(ascii: "\n"))
                    pad(indent, into: &out)
                    emit(value, indent: indent, into: &out, inlineStart: true)
                case .string(let text) where fitsLiteralBlock(text):
                    out.append(UInt8(ascii: " "))
                    block(text, indent: indent + 2, into: &out)
                default:
                    out.append(UInt8(ascii: " "))
                    emit(value, indent: indent + 2, into: &out, inlineStart: true)
                }
            }
        case .list(let items):
            for (index, item) in items.enumerated() {
                if !(index == 0 && inlineStart) { pad(indent, into: &out) }
                out.append(contentsOf: "- ".utf8)
                if case .string(let text) = item, fitsLiteralBlock(text) {
                    block(text, indent: indent + 2, into: &out)
                } else {
                    emit(item, indent: indent + 2, into: &out, inlineStart: true)
                }
            }
        case .string(let text):
            appendScalar(text, into: &out)
            out.append(UInt8(ascii: "\n"))
        case .int(let value): out.append(contentsOf: "\(value)\n".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true\n" : "false\n").utf8)
        case .null: out.append(contentsOf: "null\n".utf8)
        }
    }

    /// Whether `block` carries `text` exactly: it has a line break, only printable characters
    /// (a literal block has no escapes), no leading spaces on its first lines (they would be read
    /// as indentation), and at most one final newline (`|` and `|-` drop the rest). Other
    /// multi-line strings are double-quoted with escapes.
    static func fitsLiteralBlock(_ text: String) -> Bool {
        let newline = UInt8(ascii: "\n")
        guard text.utf8.withContiguousStorageIfAvailable({ $0.contains(newline) }) ?? text.utf8.contains(newline) else { return false }
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
    static func block(_ text: String, indent: Int, into out: inout [UInt8]) {
        let keepsNewline = text.hasSuffix("\n")
        let body = keepsNewline ? String(text.dropLast()) : text
        out.append(contentsOf: (keepsNewline ? "|\n" : "|-\n").utf8)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.isEmpty {
                pad(indent, into: &out)
                out.append(contentsOf: line.utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// A scalar string, quoted unless it is plainly safe.
    public static func scalar(_ text: String) -> String {
        isPlainSafe(text) ? text : quoted(text)
    }

    static func appendScalar(_ text: String, into out: inout [UInt8]) {
        if isPlainSafe(text) { out.append(contentsOf: text.utf8) } else { appendQuoted(text, into: &out) }
    }

    private static let reserved: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "",
    ]

    /// One pass over the UTF-8 bytes: this runs for every string of every emitted file.
    static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if (bytes.count <= 5 && mayBeReserved(first) && reserved.contains(text.lowercased())) || looksNumeric(text) { return false }
        if leadingIndicators[Int(first)] || last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        return bytes.withContiguousStorageIfAvailable(holdsOnlyPlainBytes) ?? holdsOnlyPlainBytes(bytes)
    }

    /// Printable ASCII, no indicator inside, no `: ` and no ` #`.
    private static func holdsOnlyPlainBytes(_ bytes: some Sequence<UInt8>) -> Bool {
        let forbidden = Self.forbidden
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte >= 0x7f || forbidden[Int(byte)] { return false }
            if (previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ")) || (previous == UInt8(ascii: " ") && byte == UInt8(ascii: "#")) { return false }
            previous = byte
        }
        return true
    }

    /// Every reserved word starts with one of these, in either case: a string whose first byte is
    /// another ASCII byte lowercases to no reserved word.
    private static func mayBeReserved(_ first: UInt8) -> Bool {
        first >= 0x80 || reservedInitials[Int(first)]
    }

    /// Tables by byte, for the checks every scalar takes.
    private static func table(_ bytes: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in bytes.utf8 { table[Int(byte)] = true }
        return table
    }

    private static let reservedInitials = table("tTfFyYnNoO~")
    private static let leadingIndicators = table("-?:,[]{}#&*!|>'\"%@`. ")
    private static let forbidden = table("{}[],#&*!|>'\"%@`")

    private static func looksNumeric(_ text: String) -> Bool {
        // An ASCII first byte other than a sign, followed by an ASCII byte or by nothing, is the
        // whole first Character: a digit or a '.' starts a number, nothing else does.
        let bytes = text.utf8
        if let first = bytes.first, first < 0x80, first != UInt8(ascii: "-"), first != UInt8(ascii: "+"),
           bytes.count == 1 || bytes[bytes.index(after: bytes.startIndex)] < 0x80 {
            return (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: ".")
        }
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard let first = body.first else { return false }
        if first.isNumber || first == "." { return true }
        return [".inf", ".nan"].contains(body.lowercased())
    }

    /// Double-quoted with JSON-compatible escapes (YAML's double-quoted style is a superset).
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Printable ASCII without a quote or a backslash needs no escape: copied whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            default:
                if needsEscape(scalar) {
                    let wide = scalar.value >= 0x100
                    out.append(contentsOf: (wide ? "\\u" : "\\x").utf8)
                    for shift in stride(from: wide ? 12 : 4, through: 0, by: -4) {
                        out.append(hexDigits[Int((scalar.value >> UInt32(shift)) & 0xF)])
                    }
                } else {
                    out.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Characters YAML does not allow raw (C0 and C1 controls, DEL, non-characters) or reads as
    /// line breaks (NEL, U+2028, U+2029), and the byte-order mark.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7f...0x9f, 0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff: true
        default: false
        }
    }
}
