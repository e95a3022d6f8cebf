import Testing
import TestSupport
@testable import Serialization

/// `YAMLBlockWriter` writes without a `Document`; for every document of the shapes it can
/// write (mappings at the top, string and mapping items, the special strings of
/// `ByteWriterTests.hostile`) it must write exactly what `YAMLWriter` writes of that document.
@Suite("YAML block writer against YAMLWriter")
struct YAMLBlockWriterTests {
    /// A mapping whose values are strings, lists of strings or mappings, or mappings nested
    /// again; empty ones too.
    static func mapping(_ random: inout SeededGenerator, depth: Int = 0, atLeast minimum: Int = 0) -> Document {
        .map((0..<(minimum + Int(random.next() % 4))).map { _ in (ByteWriterTests.string(&random), value(&random, depth: depth)) })
    }

    static func value(_ random: inout SeededGenerator, depth: Int) -> Document {
        switch random.next() % (depth > 2 ? 2 : 5) {
        case 0, 1: .string(ByteWriterTests.string(&random))
        case 2: .strings((0..<Int(random.next() % 3)).map { _ in ByteWriterTests.string(&random) })
        case 3: mapping(&random, depth: depth + 1)
        default: .list((0..<Int(random.next() % 3)).map { _ in
            // An empty mapping item is `- {}`, which no emitter writes: items hold a key at least.
            random.next() % 2 == 0 ? .string(ByteWriterTests.string(&random)) : mapping(&random, depth: depth + 1, atLeast: 1)
        })
        }
    }

    /// `document`, a mapping, driven through the block writer as an emitter would write it.
    static func write(_ pairs: [(String, Document)], indent: Int, into yaml: inout YAMLBlockWriter) {
        for (key, value) in pairs {
            switch value {
            case .string(let text): yaml.field(key, text, indent: indent)
            case .map(let inner) where inner.isEmpty: yaml.emptyMap(key, indent: indent)
            case .list(let items) where items.isEmpty: yaml.emptyList(key, indent: indent)
            case .map(let inner):
                yaml.open(key, indent: indent)
                write(inner, indent: indent + 2, into: &yaml)
            case .list(let items):
                yaml.open(key, indent: indent)
                for item in items {
                    switch item {
                    case .string(let text): yaml.stringItem(text, indent: indent)
                    case .map(let inner) where !inner.isEmpty:
                        yaml.item(indent: indent)
                        write(inner, indent: indent + 2, into: &yaml)
                    default: Issue.record("unsupported item \(item)")
                    }
                }
            default: Issue.record("unsupported value \(value)")
            }
        }
    }

    static func blockWritten(_ documents: [Document]) -> String {
        var yaml = YAMLBlockWriter()
        for document in documents {
            guard case .map(let pairs) = document, !pairs.isEmpty else { Issue.record("unsupported document"); continue }
            yaml.startDocument()
            write(pairs, indent: 0, into: &yaml)
        }
        return yaml.finish()
    }

    @Test func streamsMatchOnGeneratedDocuments() {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<4000 {
            let documents = (0..<Int(random.next() % 3 + 1)).map { _ in Self.mapping(&random, atLeast: 1) }
            // By bytes: String's == would take a composed accent for a decomposed one.
            #expect(Array(Self.blockWritten(documents).utf8) == Array(YAMLWriter.writeStream(documents).utf8), "\(documents)")
        }
    }

    @Test func everyHostileStringAsKeyValueAndItem() {
        for text in ByteWriterTests.hostile {
            let document = Document.map([(text, .string(text)), ("list", .strings([text, text])), (text, .map([(text, .string(text))])),
                                         ("items", .list([.map([(text, .string(text)), ("k", .strings([text]))])]))])
            #expect(Array(Self.blockWritten([document, document]).utf8) == Array(YAMLWriter.writeStream([document, document]).utf8),
                    "\(text.debugDescription)")
        }
    }
}
