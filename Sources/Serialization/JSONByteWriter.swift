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
    /// Open containers.
    private var depth = 0
    /// Whether the innermost open container holds an item yet (the next one needs a comma).
    private var holdsItems = false
    /// The same for each enclosing container, outermost first.
    private var enclosingHoldItems: [Bool] = []
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
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    public mutating func array(_ body: (inout JSONByteWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Starts a member of the enclosing object: its value is the next thing written.
    public mutating func key(_ key: String) {
        precondition(depth > 0, "a key outside any object")
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
        } else if depth > 0 {
            nextItem()
        }
    }

    private mutating func nextItem() {
        if holdsItems { bytes.append(UInt8(ascii: ",")) }
        holdsItems = true
        newline(depth: depth)
    }

    private mutating func open(_ bracket: UInt8) {
        beforeValue()
        bytes.append(bracket)
        if depth > 0 { enclosingHoldItems.append(holdsItems) }
        holdsItems = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if holdsItems { newline(depth: depth) }
        holdsItems = depth > 0 ? enclosingHoldItems.removeLast() : false
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
        let copied = text.utf8.withContiguousStorageIfAvailable { buffer in
            if Self.needsEscape(buffer) { return false }
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

    /// Whether any byte is a control, the quote or the backslash: eight bytes at a time, with the
    /// classic word tests (a byte below n: `(w - n·0x01…) & ~w & 0x80…`; a byte equal to c: the
    /// same for zero in `w ^ c·0x01…`), which are exact as yes-or-no answers.
    static func needsEscape(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let count = buffer.count
        var index = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            let found = ((word &- ones &* 0x20) & ~word) | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
            if found & highs != 0 { return true }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            index += 1
        }
        return false
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
