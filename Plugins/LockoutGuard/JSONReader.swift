/// A JSON value as read from the bytes: objects keep every member in document order, duplicates
/// included, and a lookup answers with the last of them, as JSON readers do (Foundation, Go's
/// encoding/json, Python's json): the proof must see the value EKS and Terraform would see.
/// Numbers keep their text; the proof reads none.
enum JSONValue: Equatable, Sendable {
    struct Member: Equatable, Sendable {
        var key: String
        var value: JSONValue
    }

    case object([Member])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The value of the last member named `key`. Keys compare as Swift strings (canonically
    /// equivalent ones are one key), as they did through Foundation's dictionaries.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    var isObject: Bool { if case .object = self { true } else { false } }

    /// An object's members, one per key, the last of duplicates kept.
    var members: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// An array of strings only; nil when any item is something else (as a cast to `[String]` was).
    var strings: [String]? {
        guard let items = array else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let text = item.string else { return nil }
            out.append(text)
        }
        return out
    }
}

/// What of a document to build: the members named (and, with `other`, every other member),
/// each with what to keep of its value; an array passes its selection to every item. A member
/// not kept is still read and checked exactly as a kept one (the same code, building nothing),
/// so a selective read refuses what a full read refuses, at the same byte.
indirect enum JSONSelection: Sendable {
    case everything
    case named(Named)

    /// The members named (and, with `other`, every other member), each with what to keep of it.
    static func members(_ named: [String: JSONSelection], other: JSONSelection? = nil) -> JSONSelection {
        .named(Named(named, other: other))
    }

    struct Named: Sendable {
        let byKey: [String: JSONSelection]
        let other: JSONSelection?
        /// The names as bytes, when every one is ASCII. A key of ASCII bytes, written without an
        /// escape, is then one of them exactly when its bytes are: two ASCII strings are
        /// canonically equivalent only when identical. (A name outside ASCII could equal an
        /// ASCII key, as U+212A KELVIN SIGN equals "K": then every key is compared as a string.)
        let asciiNames: ASCIINames?

        /// The names, all ASCII, packed in one buffer, so a lookup compares bytes without
        /// retaining a name for each candidate.
        final class ASCIINames: Sendable {
            let packed: [UInt8]
            let spans: [(start: Int, count: Int)]
            let names: [String]
            let selections: [JSONSelection]

            init(_ byKey: [String: JSONSelection]) {
                var packed: [UInt8] = []
                var spans: [(start: Int, count: Int)] = []
                for name in byKey.keys {
                    spans.append((packed.count, name.utf8.count))
                    packed.append(contentsOf: name.utf8)
                }
                self.packed = packed
                self.spans = spans
                names = Array(byKey.keys)
                selections = Array(byKey.values)
            }

            /// The position of the name whose bytes are `key`, if one is.
            func position(of key: UnsafeBufferPointer<UInt8>) -> Int? {
                packed.withUnsafeBufferPointer { packed in
                    spans.withUnsafeBufferPointer { spans in
                        for index in spans.indices where spans[index].count == key.count {
                            let start = spans[index].start
                            var offset = 0
                            while offset < key.count, packed[start + offset] == key[offset] { offset += 1 }
                            if offset == key.count { return index }
                        }
                        return nil
                    }
                }
            }
        }

        init(_ byKey: [String: JSONSelection], other: JSONSelection?) {
            self.byKey = byKey
            self.other = other
            asciiNames = byKey.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) ? ASCIINames(byKey) : nil
        }

        /// The member whose key is the ASCII bytes `key` (no escape): its name (the selection's own
        /// string, not a new one, when it is named; nil when it falls to `other`) and what to keep
        /// of it. Nil when the names are not all ASCII (the caller compares the key as a string).
        func member(asciiKey key: UnsafeBufferPointer<UInt8>) -> (name: String?, kept: JSONSelection?)? {
            guard let asciiNames else { return nil }
            guard let found = asciiNames.position(of: key) else { return (nil, other) }
            return (asciiNames.names[found], asciiNames.selections[found])
        }
    }

    /// What to keep of member `key`'s value; nil: nothing. Keys compare as Swift strings, as lookups do.
    func member(_ key: String) -> JSONSelection? {
        switch self {
        case .everything: .everything
        case .named(let named): named.byKey[key] ?? named.other
        }
    }
}

/// A strict RFC 8259 reader, written for the lockout proof so that it judges the emitted bytes
/// with a parser that shares nothing with the writer. It refuses what the RFC refuses, including
/// what Foundation lets through (trailing commas, a byte-order mark), since a consumer that refuses
/// the file reads no access entries at all; it takes any value at the top, and numbers of any size.
/// Nesting stops at 512 levels, Foundation's limit, so hostile input cannot exhaust the stack.
enum JSONReader {
    struct Failure: Error, Equatable {
        /// Byte offset of the problem.
        var offset: Int
        var reason: String
    }

    static let maximumDepth = 512

    static func parse(_ text: String) throws -> JSONValue {
        try parse(text, keeping: .everything)
    }

    /// The document with only what `selection` keeps built: the proof reads a few fields of
    /// files of a megabyte, and building every value cost more than checking the bytes.
    static func parse(_ text: String, keeping selection: JSONSelection) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var cursor = Cursor(bytes: bytes)
            return try cursor.document(selection)
        }
    }

    /// Bytes that are not UTF-8 are refused, as RFC 8259 (section 8.1) asks.
    static func parse(bytes: [UInt8]) throws -> JSONValue {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Failure(offset: 0, reason: "not UTF-8") }
        return try parse(text)
    }

    /// Reads over UTF-8 that Swift has already validated: a slice between two ASCII bytes is whole
    /// scalars, so it decodes without repair.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func document(_ selection: JSONSelection) throws -> JSONValue {
            let value = try self.value(selection)
            skipWhitespace()
            guard index == bytes.count else { throw failure("content after the value") }
            return value
        }

        func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

        mutating func skipWhitespace() {
            guard let base = bytes.baseAddress else { return }
            while index < bytes.count {
                switch base[index] {
                case 0x20, 0x09, 0x0A, 0x0D:
                    index += 1
                    // Indentation is runs of spaces: a word at a time. Little-endian, so the
                    // lowest byte that is no space, the first, ends the run.
                    while index + 8 <= bytes.count {
                        let others = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
                        if others != 0 {
                            index += others.trailingZeroBitCount / 8
                            break
                        }
                        index += 8
                    }
                default: return
                }
            }
        }

        /// The next byte after whitespace, not consumed.
        mutating func peek() throws -> UInt8 {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            return bytes[index]
        }

        mutating func expect(_ byte: UInt8) throws {
            guard try peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
            index += 1
        }

        /// The value here, built as far as `selection` keeps it; nil: read and checked, not built
        /// (the result is then a placeholder nobody sees).
        mutating func value(_ selection: JSONSelection?) throws -> JSONValue {
            let build = selection != nil
            switch try peek() {
            case UInt8(ascii: "{"): return try object(selection)
            case UInt8(ascii: "["): return try array(selection)
            case UInt8(ascii: "\""): return .string(try string(build: build))
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number(build: build))
            default: throw failure("not a value")
            }
        }

        mutating func enter() throws {
            depth += 1
            guard depth <= JSONReader.maximumDepth else { throw failure("nested deeper than \(JSONReader.maximumDepth)") }
        }

        mutating func object(_ selection: JSONSelection?) throws -> JSONValue {
            try enter()
            index += 1
            var members: [JSONValue.Member] = []
            // Kept objects (access entries, resources) hold a few members: one allocation.
            if selection != nil { members.reserveCapacity(4) }
            if try peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
                    let (key, kept) = try key(selection)
                    try expect(UInt8(ascii: ":"))
                    let value = try value(kept)
                    if kept != nil { members.append(JSONValue.Member(key: key, value: value)) }
                    let next = try peek()
                    index += 1
                    if next == UInt8(ascii: "}") { break }
                    guard next == UInt8(ascii: ",") else { index -= 1; throw failure("expected ',' or '}'") }
                }
            }
            depth -= 1
            return .object(members)
        }

        mutating func array(_ selection: JSONSelection?) throws -> JSONValue {
            try enter()
            index += 1
            var items: [JSONValue] = []
            if try peek() == UInt8(ascii: "]") {
                index += 1
            } else {
                while true {
                    let item = try value(selection)
                    if selection != nil { items.append(item) }
                    let next = try peek()
                    index += 1
                    if next == UInt8(ascii: "]") { break }
                    guard next == UInt8(ascii: ",") else { index -= 1; throw failure("expected ',' or ']'") }
                }
            }
            depth -= 1
            return .array(items)
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { throw failure("not a value") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw failure("not a value") }
            index += count
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
        mutating func number(build: Bool) throws -> String {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs digits") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, isDigit(bytes[index]) { throw failure("a number with a leading zero") }
            } else {
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a fraction needs digits") }
                skipDigits()
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard index < bytes.count, isDigit(bytes[index]) else { throw failure("an exponent needs digits") }
                skipDigits()
            }
            return build ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) : ""
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        mutating func skipDigits() {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }

        /// A member's key at its opening quote, and what to keep of its value. The key is built
        /// only when its member is kept: most keys of a selective read are only looked up, and
        /// an ASCII key without escapes is looked up by its bytes.
        mutating func key(_ selection: JSONSelection?) throws -> (key: String, kept: JSONSelection?) {
            switch selection {
            case nil:
                _ = try scanString()
                return ("", nil)
            case .everything:
                return (try string(build: true), .everything)
            case .named(let named):
                let key: String
                switch try scanString() {
                case .raw(let range, let isASCII):
                    let raw = UnsafeBufferPointer(rebasing: bytes[range])
                    if isASCII, let (name, kept) = named.member(asciiKey: raw) {
                        return (kept == nil ? "" : name ?? String(decoding: raw, as: UTF8.self), kept)
                    }
                    key = String(decoding: raw, as: UTF8.self)
                case .escaped(let text):
                    key = text
                }
                return (key, named.byKey[key] ?? named.other)
            }
        }

        /// A string at the opening quote. Most strings (names, ARNs) have no escape: one scan, one copy.
        /// Not built (`build` false), it is checked all the same and answers "".
        mutating func string(build: Bool) throws -> String {
            switch try scanString() {
            case .raw(let range, _): build ? String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) : ""
            case .escaped(let text): text
            }
        }

        enum ScannedString {
            /// The bytes between the quotes, none an escape; whether all are ASCII.
            case raw(Range<Int>, isASCII: Bool)
            /// A string with an escape, decoded.
            case escaped(String)
        }

        /// A string at the opening quote, checked to its closing quote. Eight bytes at a time
        /// while none is a quote, a backslash or a control (the same word tests as
        /// `JSONByteWriter.needsEscape`, exact as yes-or-no answers, written again rather than
        /// called: the proof's reader shares no code with the writer it judges), then byte by byte.
        mutating func scanString() throws -> ScannedString {
            index += 1
            let start = index
            var high: UInt64 = 0
            if let base = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101
                while index + 8 <= bytes.count {
                    // Little-endian, so the first byte is the lowest and the first flag the lowest bit.
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    let quotes = word ^ (ones &* 0x22)
                    let backslashes = word ^ (ones &* 0x5C)
                    let found = (((word &- ones &* 0x20) & ~word) | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & (ones &* 0x80)
                    guard found == 0 else {
                        // The lowest flag marks the first such byte exactly (only flags above
                        // the first can be false): step to it, keeping the bytes before it.
                        let before = found.trailingZeroBitCount / 8
                        high |= before == 0 ? 0 : word & (UInt64.max >> (64 - 8 * before))
                        index += before
                        break
                    }
                    high |= word
                    index += 8
                }
            }
            var highByte: UInt8 = high & 0x8080_8080_8080_8080 == 0 ? 0 : 0x80
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return .raw(start..<index - 1, isASCII: highByte < 0x80)
                }
                if byte == UInt8(ascii: "\\") { return .escaped(try escapedString(from: start)) }
                if byte < 0x20 { throw failure("a control character in a string") }
                highByte |= byte
                index += 1
            }
            throw failure("an unterminated string")
        }

        /// The rest of a string that holds an escape, from its first byte `start`.
        mutating func escapedString(from start: Int) throws -> String {
            var out = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw failure("an unterminated string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"): out.append(contentsOf: String(try escapedScalar()).utf8)
                    default: index -= 1; throw failure("an unknown escape")
                    }
                case 0..<0x20:
                    throw failure("a control character in a string")
                default:
                    out.append(byte)
                    index += 1
                }
            }
            throw failure("an unterminated string")
        }

        /// The scalar of `\uXXXX` after its `u`, with the low half of a surrogate pair that must
        /// follow a high one. A lone half is no scalar and no string can hold it: refused.
        mutating func escapedScalar() throws -> Unicode.Scalar {
            let unit = try hexUnit()
            switch unit {
            case 0xD800...0xDBFF:
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("a high surrogate without its low half")
                }
                index += 2
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a high surrogate without its low half") }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
            case 0xDC00...0xDFFF:
                throw failure("a low surrogate without its high half")
            default:
                return Unicode.Scalar(unit)!
            }
        }

        mutating func hexUnit() throws -> UInt32 {
            guard bytes.count - index >= 4 else { throw failure("a \\u escape needs four hex digits") }
            var unit: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("a \\u escape needs four hex digits")
                }
                unit = unit << 4 | UInt32(digit)
                index += 1
            }
            return unit
        }
    }
}
