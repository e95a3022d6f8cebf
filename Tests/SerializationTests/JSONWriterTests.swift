import Foundation
import Testing
@testable import Serialization

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("strings escape quotes, backslashes and control characters", arguments: [
        ("plain", #""plain""#), ("a\"b", #""a\"b""#), ("a\\b", #""a\\b""#), ("a\nb", #""a\nb""#),
        ("a\tb", #""a\tb""#), ("a\rb", #""a\rb""#), ("\u{0}", #""\u0000""#), ("\u{1f}", #""\u001f""#),
        ("\u{7f}", "\"\u{7f}\""), ("é 🚀", "\"é 🚀\""), ("a/b", #""a/b""#), ("{{SessionName}}", #""{{SessionName}}""#),
    ])
    func stringEscapes(text: String, expected: String) {
        #expect(JSONWriter.quoted(text) == expected)
    }

    @Test("scalars and empty containers", arguments: [
        (Document.string("x"), "\"x\"\n"), (.int(-7), "-7\n"), (.bool(true), "true\n"), (.bool(false), "false\n"),
        (.null, "null\n"), (.list([]), "[]\n"), (.map([]), "{}\n"),
    ])
    func scalars(document: Document, expected: String) {
        #expect(JSONWriter.write(document) == expected)
    }

    @Test("containers are indented by two spaces with keys in the order given")
    func layout() {
        let doc = Document.map([
            ("z", .int(1)),
            ("a", .list([.string("x"), .map([("k", .null)]), .list([])])),
            ("m", .map([])),
        ])
        #expect(JSONWriter.write(doc) == """
            {
              "z": 1,
              "a": [
                "x",
                {
                  "k": null
                },
                []
              ],
              "m": {}
            }

            """)
    }

    @Test("output parses back as the same values, including every control character")
    func roundTripThroughJSONSerialization() throws {
        let everyControl = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let texts = ["", "quote \" back \\ slash", everyControl, "\u{2028}\u{2029}\u{85}", "日本語", "key: value"]
        let doc = Document.map(texts.enumerated().map { ("k\($0.offset) \($0.element)", .string($0.element)) }
                               + [("n", .int(Int.min)), ("b", .bool(false)), ("nil", .null)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONWriter.write(doc).utf8)) as? [String: Any])
        for (index, text) in texts.enumerated() {
            #expect(object["k\(index) \(text)"] as? String == text)
        }
        #expect((object["n"] as? NSNumber)?.int64Value == Int64(Int.min))
        #expect(object["b"] as? Bool == false)
        #expect(object["nil"] is NSNull)
    }
}

@Suite("Document")
struct DocumentTests {
    @Test("mappings compare in order: the same pairs in another order are different documents")
    func mappingEqualityIsOrdered() {
        let ab = Document.map([("a", .int(1)), ("b", .int(2))])
        #expect(ab == .map([("a", .int(1)), ("b", .int(2))]))
        #expect(ab != .map([("b", .int(2)), ("a", .int(1))]))
        #expect(ab != .map([("a", .int(1))]))
        #expect(ab != .map([("a", .int(1)), ("b", .int(3))]))
    }

    @Test("documents of different kinds are never equal", arguments: [
        (Document.string("1"), Document.int(1)), (.bool(true), .string("true")), (.null, .string("null")),
        (.list([]), .map([])), (.null, .list([])),
    ])
    func kindsDiffer(lhs: Document, rhs: Document) {
        #expect(lhs != rhs)
    }

    @Test("sorted(_:) orders keys, strings(_:) makes a list of strings")
    func helpers() {
        #expect(Document.sorted(["b": .int(2), "a": .int(1), "C": .int(0)]) == .map([("C", .int(0)), ("a", .int(1)), ("b", .int(2))]))
        #expect(Document.strings(["x", "y"]) == .list([.string("x"), .string("y")]))
    }
}
