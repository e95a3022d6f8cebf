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
public struct JSONByteWriter: ~Copyable {
    /// The bytes written, in storage of its own: an array's append checks uniqueness and
    /// capacity byte by byte, and the access-entries files are megabytes of short appends. Not
    /// copyable, so the storage has one owner and is freed once.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Open containers.
    private var depth = 0
    /// Whether the innermost open container holds an item yet (the next one needs a comma).
    private var holdsItems = false
    /// The same for each enclosing container, outermost first.
    private var enclosingHoldItems: [Bool] = []
    /// A key was written and its value comes next, on the key's line.
    private var afterKey = false

    public init(reservingCapacity capacity: Int = 0) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The document, with the final newline.
    public consuming func finish() -> String {
        append(UInt8(ascii: "\n"))
        return written
    }

    /// What is written so far, as text.
    var written: String {
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { text in
            text.baseAddress!.initialize(from: base, count: count)
            return count
        }
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
        reserve(2)
        base[count] = UInt8(ascii: ":")
        base[count + 1] = UInt8(ascii: " ")
        count += 2
        afterKey = true
    }

    public mutating func string(_ text: String) {
        beforeValue()
        appendQuoted(text)
    }

    public mutating func int(_ value: Int) {
        beforeValue()
        for byte in String(value).utf8 { append(byte) }
    }

    public mutating func bool(_ value: Bool) {
        beforeValue()
        for byte in (value ? "true" : "false").utf8 { append(byte) }
    }

    public mutating func null() {
        beforeValue()
        for byte in "null".utf8 { append(byte) }
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

    /// Room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).initialize(from: source, count: bytes.count) }
        count += bytes.count
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
        if holdsItems { append(UInt8(ascii: ",")) }
        holdsItems = true
        newline(depth: depth)
    }

    private mutating func open(_ bracket: UInt8) {
        beforeValue()
        append(bracket)
        if depth > 0 { enclosingHoldItems.append(holdsItems) }
        holdsItems = false
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if holdsItems { newline(depth: depth) }
        holdsItems = depth > 0 ? enclosingHoldItems.removeLast() : false
        append(bracket)
    }

    /// A newline and the indentation of `depth`, in one reservation.
    private mutating func newline(depth: Int) {
        let indentation = depth * 2
        reserve(1 + indentation)
        base[count] = UInt8(ascii: "\n")
        (base + count + 1).initialize(repeating: UInt8(ascii: " "), count: indentation)
        count += 1 + indentation
    }

    /// Escapes are all ASCII, and every byte of a multi-byte UTF-8 sequence is 0x80 or above, so
    /// escaping by byte is escaping by scalar. Most strings (names, ARNs) need none: copied whole.
    mutating func appendQuoted(_ text: String) {
        append(UInt8(ascii: "\""))
        let copied = text.utf8.withContiguousStorageIfAvailable { buffer in
            if Self.needsEscape(buffer) { return false }
            append(buffer)
            return true
        }
        if copied != true {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): appendASCII(#"\""#)
                case UInt8(ascii: "\\"): appendASCII(#"\\"#)
                case UInt8(ascii: "\n"): appendASCII(#"\n"#)
                case UInt8(ascii: "\t"): appendASCII(#"\t"#)
                case UInt8(ascii: "\r"): appendASCII(#"\r"#)
                case 0..<0x20:
                    appendASCII(#"\u00"#)
                    append(Self.hexDigits[Int(byte >> 4)])
                    append(Self.hexDigits[Int(byte & 0xF)])
                default: append(byte)
                }
            }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendASCII(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
