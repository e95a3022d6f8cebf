import Foundation
import Testing
@testable import Serialization

@Suite("YAMLWriter block scalars")
struct YAMLBlockScalarTests {
    @Test("a multi-line value with a final newline is a literal block `|`")
    func literalKeepsFinalNewline() {
        let doc = Document.map([("mapRoles", .string("- rolearn: arn:aws:iam::1:role/a\n  username: a\n"))])
        #expect(YAMLWriter.write(doc) == "mapRoles: |\n  - rolearn: arn:aws:iam::1:role/a\n    username: a\n")
    }

    @Test("a multi-line value without a final newline is a stripped literal block `|-`")
    func literalStripsWithoutFinalNewline() {
        #expect(YAMLWriter.write(.map([("text", .string("one\ntwo"))])) == "text: |-\n  one\n  two\n")
    }

    @Test("empty lines inside a block carry no indentation")
    func emptyLinesInsideBlock() {
        #expect(YAMLWriter.write(.map([("text", .string("a\n\nb\n"))])) == "text: |\n  a\n\n  b\n")
    }

    @Test("a multi-line list item is a block indented under its dash")
    func blockInList() {
        #expect(YAMLWriter.write(.strings(["one\ntwo\n", "single"])) == "- |\n  one\n  two\n- single\n")
    }

    @Test("a block inside a mapping inside a list is indented past the mapping's keys")
    func blockInNestedMapping() {
        let doc = Document.map([("data", .list([.map([("name", .string("x")), ("text", .string("a\nb\n"))])]))])
        #expect(YAMLWriter.write(doc) == "data:\n- name: x\n  text: |\n    a\n    b\n")
    }

    /// Multi-line strings a literal block cannot carry as they are (leading spaces, extra final
    /// newlines, carriage returns, control characters) must still read back unchanged.
    static let trickyMultiLine: [String] = [
        "one\ntwo\n", "one\ntwo", "a\n\nb", "\nleading empty line", "  indented first line\nsecond",
        "first\n  indented second\n", "trailing newlines\n\n", "trailing newlines\n\n\n", "\n", "\n\n",
        "windows\r\nline\r\n", "tab\tinside\nnext", "bell\u{7}\nnext", "nel\u{85}\nnext", "spaces after  \nnext  ",
        "# not a comment\n- not a list\nkey: not a map\n", "\"quoted\"\n'single'\n", "ends with space line\n  ",
    ]

    @Test("multi-line strings read back unchanged through PyYAML, as values and list items")
    func multiLineRoundTrip() throws {
        guard PyYAML.available else {
            print("skipping multiLineRoundTrip: python3 with PyYAML is not available")
            return
        }
        let texts = Self.trickyMultiLine
        let doc = Document.map([
            ("list", .strings(texts)),
            ("map", .map(texts.enumerated().map { ("k\($0.offset)", .string($0.element)) })),
            ("nested", .list([.map(texts.enumerated().map { ("k\($0.offset)", .string($0.element)) })])),
        ])
        let yaml = YAMLWriter.write(doc)
        let loaded = try #require(try PyYAML.load(yaml) as? [String: Any])
        let list = try #require(loaded["list"] as? [String])
        let map = try #require(loaded["map"] as? [String: String])
        let nested = try #require((loaded["nested"] as? [[String: String]])?.first)
        for (index, text) in texts.enumerated() {
            #expect(list[index] == text, "list item \(text.debugDescription) read back as \(list[index].debugDescription)")
            #expect(map["k\(index)"] == text, "value \(text.debugDescription) read back as \(map["k\(index)"].debugDescription)")
            #expect(nested["k\(index)"] == text, "nested \(text.debugDescription) read back as \(nested["k\(index)"].debugDescription)")
        }
    }
}

@Suite("YAMLWriter structure")
struct YAMLStructureTests {
    @Test("scalars at the top level end with a newline", arguments: [
        (Document.string("x"), "x\n"), (.int(-42), "-42\n"), (.bool(true), "true\n"), (.bool(false), "false\n"),
        (.null, "null\n"), (.list([]), "[]\n"), (.map([]), "{}\n"),
    ])
    func topLevelScalars(document: Document, expected: String) {
        #expect(YAMLWriter.write(document) == expected)
    }

    @Test("mappings keep the order they were built in")
    func mappingOrder() {
        let doc = Document.map([("kind", .string("ConfigMap")), ("apiVersion", .string("v1")), ("b", .int(2)), ("a", .int(1))])
        #expect(YAMLWriter.write(doc) == "kind: ConfigMap\napiVersion: v1\nb: 2\na: 1\n")
    }

    @Test("nested mappings indent by two; lists under a key are written at the key's indentation")
    func nestedMappingsAndLists() {
        let doc = Document.map([
            ("metadata", .map([("name", .string("aws-auth")), ("labels", .map([("a", .string("b"))]))])),
            ("groups", .strings(["system:bootstrappers", "system:nodes"])),
            ("empty", .map([])), ("none", .list([])), ("missing", .null),
        ])
        #expect(YAMLWriter.write(doc) == """
            metadata:
              name: aws-auth
              labels:
                a: b
            groups:
            - system:bootstrappers
            - system:nodes
            empty: {}
            none: []
            missing: null

            """)
    }

    @Test("lists of mappings put the first key after the dash and the rest under it")
    func listOfMappings() {
        let doc = Document.list([
            .map([("rolearn", .string("arn:aws:iam::1:role/a")), ("groups", .strings(["g1", "g2"]))]),
            .map([("userarn", .string("arn:aws:iam::1:user/b")), ("extra", .map([("k", .string("v"))]))]),
        ])
        #expect(YAMLWriter.write(doc) == """
            - rolearn: arn:aws:iam::1:role/a
              groups:
              - g1
              - g2
            - userarn: arn:aws:iam::1:user/b
              extra:
                k: v

            """)
    }

    @Test("lists of lists nest dash after dash")
    func listOfLists() {
        let doc = Document.list([.strings(["a", "b"]), .list([.list([.int(1)])]), .list([])])
        #expect(YAMLWriter.write(doc) == "- - a\n  - b\n- - - 1\n- []\n")
    }

    @Test("writeStream separates documents with ---")
    func streamSeparator() {
        #expect(YAMLWriter.writeStream([.map([("a", .int(1))]), .map([("b", .int(2))])]) == "a: 1\n---\nb: 2\n")
        #expect(YAMLWriter.writeStream([.map([("a", .int(1))])]) == "a: 1\n")
        #expect(YAMLWriter.writeStream([]) == "")
    }

    @Test("a deeply mixed document reads back through PyYAML as the same tree")
    func structureRoundTrip() throws {
        guard PyYAML.available else {
            print("skipping structureRoundTrip: python3 with PyYAML is not available")
            return
        }
        let doc = Document.map([
            ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")),
            ("metadata", .map([("name", .string("aws-auth")), ("namespace", .string("kube-system"))])),
            ("data", .map([("mapRoles", .string("- rolearn: arn:aws:iam::1:role/n\n  username: system:node:{{EC2PrivateDNSName}}\n"))])),
            ("matrix", .list([.list([.int(1), .int(2)]), .list([]), .map([]), .list([.map([("deep", .list([.bool(true), .null]))])])])),
            ("flags", .map([("yes", .bool(false)), ("123", .string("123")), ("n", .int(0))])),
        ])
        let expected: [String: Any] = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "aws-auth", "namespace": "kube-system"],
            "data": ["mapRoles": "- rolearn: arn:aws:iam::1:role/n\n  username: system:node:{{EC2PrivateDNSName}}\n"],
            "matrix": [[1, 2], [Any](), [String: Any](), [["deep": [true, NSNull()]]]] as [Any],
            "flags": ["yes": false, "123": "123", "n": 0] as [String: Any],
        ]
        let loaded = try PyYAML.load(YAMLWriter.write(doc))
        #expect(NSDictionary(dictionary: expected).isEqual(loaded), "read back as \(loaded)")
    }
}
