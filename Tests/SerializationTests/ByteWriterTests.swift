import Testing
import TestSupport
@testable import Serialization

/// The writers write into bytes; for every document they must write what the String-building
/// writers they replaced wrote (`ReferenceWriters.swift`), on the strings most likely to differ.
@Suite("byte writers against the writers they replaced")
struct ByteWriterTests {
    /// YAML's special scalars, JSON's escapes, and what the escape fast paths must not skip.
    static let hostile: [String] = [
        "", "plain", "yes", "No", "NULL", "null", "Null", "~", "y", "Y", "n", "on", "OFF", "true", "False", "0x1", "0o7", "0b1", "1e3",
        "1_000", "-", "-1", "+1", "- x", "-x", "--", "---", "...", ".5", "5.", ".inf", "-.Inf", "+.INF", ".NaN", ".nan", "a: b", "a:b",
        "a:", ":a", "a #b", "a#b", "#x", "x #", "? x", "?x", "?", ",", ",x", "[a]", "{a}", "a]", "&a", "*a", "!a", "!!str", "|", "|-",
        ">", "%x", "@x", "`x", "'q'", "it's", "\"dq\"", "back\\slash", "\\", "tab\tin", "\t", "new\nline", "trailing\n", "two\n\n",
        "\n", "\n\n", "\nx", " lead", "trail ", " ", "line\n lead", " line\nx", "x\n y", "a\r\nb", "\r", "cr\r", "\u{0}", "a\u{0}b",
        "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFE}", "\u{FFFF}",
        "é", "e\u{301}", "日本語", "🚀", "٣", "Ⅻ", "½", "1:2", "00:10", "2024-01-01", "=", "<<", "{{SessionName}}",
        "system:node:{{EC2PrivateDNSName}}", "arn:aws:iam::111122223333:role/x", "rolecall.dev/team", "k\"e\\y", "multi\nline\ttab",
        "ok\n\u{85}", "block\n\u{7F}", "x\u{2028}\ny", "😀\n🚀\n",
    ]

    static func string(_ random: inout SeededGenerator) -> String {
        if random.next() % 3 == 0 { return hostile[Int(random.next() % UInt64(hostile.count))] }
        return (0..<Int(random.next() % 4)).map { _ in hostile[Int(random.next() % UInt64(hostile.count))] }.joined()
    }

    static func document(_ random: inout SeededGenerator, depth: Int = 0) -> Document {
        switch random.next() % (depth > 3 ? 4 : 7) {
        case 0, 1: return .string(string(&random))
        case 2: return random.next() % 2 == 0 ? .int(Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)) : .bool(random.next() % 2 == 0)
        case 3: return random.next() % 4 == 0 ? .null : .string(string(&random))
        case 4: return .list((0..<Int(random.next() % 4)).map { _ in document(&random, depth: depth + 1) })
        default: return .map((0..<Int(random.next() % 4)).map { _ in (string(&random), document(&random, depth: depth + 1)) })
        }
    }

    @Test func jsonQuotingMatchesOnEveryHostileString() {
        for text in Self.hostile {
            #expect(JSONWriter.quoted(text) == ReferenceJSONWriter.quoted(text), "\(text.debugDescription)")
        }
        var random = SeededGenerator(seed: 1)
        for _ in 0..<5000 {
            let text = Self.string(&random)
            #expect(JSONWriter.quoted(text) == ReferenceJSONWriter.quoted(text), "\(text.debugDescription)")
        }
    }

    /// The escape test reads eight bytes at a time: every byte value at every offset of every
    /// length up to three words and a tail must get the answer the byte-by-byte rule gives.
    @Test func escapeTestAgreesWithTheByteRuleAtEveryOffset() {
        func byByte(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        for length in 1...27 {
            for offset in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[offset] = UInt8(value)
                    let answer = bytes.withUnsafeBufferPointer(JSONByteWriter.needsEscape)
                    if answer != byByte(bytes) { Issue.record("length \(length), byte \(value) at \(offset): \(answer)") }
                }
            }
        }
        // Bytes next to the ones that need escaping, and high bytes, in whole words: no false alarm.
        let neighbours: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        var random = SeededGenerator(seed: 9)
        for _ in 0..<20_000 {
            let bytes = (0..<Int(random.next() % 40)).map { _ in neighbours[Int(random.next() % UInt64(neighbours.count))] }
            #expect(!bytes.withUnsafeBufferPointer(JSONByteWriter.needsEscape))
        }
    }

    @Test func jsonDocumentsMatch() {
        var random = SeededGenerator(seed: 2)
        for _ in 0..<3000 {
            let document = Self.document(&random)
            #expect(JSONWriter.write(document) == ReferenceJSONWriter.write(document), "\(document)")
        }
    }

    /// Indentation at every depth a fragment can reach and beyond.
    @Test func jsonIndentationMatchesAtEveryDepth() {
        for depth in 0...40 {
            var document = Document.map([("leaf", .string("x")), ("list", .list([.string("a"), .string("b")]))])
            for level in 0..<depth { document = level % 2 == 0 ? .list([document, .string("after")]) : .map([("k\(level)", document)]) }
            #expect(JSONWriter.write(document) == ReferenceJSONWriter.write(document), "depth \(depth)")
        }
    }

    @Test func yamlScalarsMatchOnEveryHostileString() {
        var random = SeededGenerator(seed: 3)
        for text in Self.hostile + (0..<5000).map({ _ in Self.string(&random) }) {
            #expect(YAMLWriter.isPlainSafe(text) == ReferenceYAMLWriter.isPlainSafe(text), "\(text.debugDescription)")
            #expect(YAMLWriter.scalar(text) == ReferenceYAMLWriter.scalar(text), "\(text.debugDescription)")
            #expect(YAMLWriter.quoted(text) == ReferenceYAMLWriter.quoted(text), "\(text.debugDescription)")
            #expect(YAMLWriter.write(.string(text)) == ReferenceYAMLWriter.write(.string(text)), "\(text.debugDescription)")
            #expect(YAMLWriter.write(.map([(text, .list([.string(text)]))])) == ReferenceYAMLWriter.write(.map([(text, .list([.string(text)]))])),
                    "\(text.debugDescription)")
        }
    }

    @Test func yamlDocumentsAndStreamsMatch() {
        var random = SeededGenerator(seed: 4)
        for _ in 0..<3000 {
            let documents = (0..<Int(random.next() % 3)).map { _ in Self.document(&random) }
            #expect(YAMLWriter.writeStream(documents) == ReferenceYAMLWriter.writeStream(documents), "\(documents)")
            if let document = documents.first {
                #expect(YAMLWriter.write(document) == ReferenceYAMLWriter.write(document), "\(document)")
            }
        }
    }
}
