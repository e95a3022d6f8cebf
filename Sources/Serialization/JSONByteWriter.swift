/// Writes JSON straight into bytes, the one owner of the layout `JSONWriter` promises: two-space
/// indentation, keys in the order written, `[]` and `{}` for empty containers. Emitters whose
/// output is large and regular (access entries) write through it without building a `Document`.
///
///     var json = JSONByteWriter()
///     json.object { json in
///         json.member("name", "dev")
///         json.key("tags")
///         json.strings(["a", "b"])
///     }
///     let text = json.finish()  // ends with a newline
public struct JSONByteWriter {
    public private(set) var bytes: [UInt8] = []
    /// For each open container, whether it holds an item yet (the next one needs a comma).
    private var holdsItems: [Bool] = []
    /// A key was written and its value comes next, on the key's line.
    private var afterKey = false

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The document, with the final newline.
    public consuming func finish() -> String {
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public mutating func object(_ body: (inout JSONByteWriter) -> Void) {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        holdsItems.append(false)
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONByteWriter) -> Void) {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        holdsItems.append(false)
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Starts a member of the enclosing object: its value is the next thing written.
    public mutating func key(_ key: String) {
        nextItem()
        appendQuoted(key)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        afterKey = true
    }

    public mutating func string(_ text: String) {
        beforeValue()
        appendQuoted(text)
    }

    public mutating func int(_ value: Int) {
        beforeValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        beforeValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func strings(_ values: [String]) {
        array { json in for value in values { json.string(value) } }
    }

    public mutating func member(_ key: String, _ text: String) {
        self.key(key)
        string(text)
    }

    public mutating func member(_ key: String, strings values: [String]) {
        self.key(key)
        strings(values)
    }

    public mutating func value(_ document: Document) {
        switch document {
        case .string(let text): string(text)
        case .int(let value): int(value)
        case .bool(let value): bool(value)
        case .null: null()
        case .list(let items): array { json in for item in items { json.value(item) } }
        case .map(let pairs): object { json in for (key, value) in pairs { json.key(key); json.value(value) } }
        }
    }

    /// Inside an array a value starts a new item; after a key it stays on the key's line.
    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
        } else if !holdsItems.isEmpty {
            nextItem()
        }
    }

    private mutating func nextItem() {
        if holdsItems[holdsItems.count - 1] { bytes.append(UInt8(ascii: ",")) }
        holdsItems[holdsItems.count - 1] = true
        newline(depth: holdsItems.count)
    }

    private mutating func close(_ bracket: UInt8) {
        if holdsItems.removeLast() { newline(depth: holdsItems.count) }
        bytes.append(bracket)
    }

    private mutating func newline(depth: Int) {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth * 2 { bytes.append(UInt8(ascii: " ")) }
    }

    /// Escapes are all ASCII, and every byte of a multi-byte UTF-8 sequence is 0x80 or above, so
    /// escaping by byte is escaping by scalar. Most strings (names, ARNs) need none: copied whole.
    mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let escaped = Self.escaped
        let copied = text.utf8.withContiguousStorageIfAvailable { buffer in
            for byte in buffer where escaped[Int(byte)] { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied != true {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case 0..<0x20:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    /// By byte: the controls, the quote and the backslash.
    private static let escaped: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
}
