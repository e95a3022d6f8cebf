import Diagnostics
import Foundation
import Testing
@testable import Fragments

@Suite("YAMLReader values and locations")
struct YAMLReaderValueTests {
    @Test("scalars keep their text and whether they were quoted")
    func scalarsAndQuoting() throws {
        let (node, diagnostics) = read("plain: true\nsingle: 'true'\ndouble: \"x\"\nnumber: 012\n")
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        #expect(root["plain"]?.content == .scalar("true", quoted: false))
        #expect(root["single"]?.content == .scalar("true", quoted: true))
        #expect(root["double"]?.content == .scalar("x", quoted: true))
        #expect(root["number"]?.string == "012")
        #expect(root["plain"]?.bool == true && root["single"]?.bool == nil)
    }

    @Test("plain empty, ~ and null spellings are null; quoted ones are strings", arguments: [
        ("a:\n", true), ("a: ~\n", true), ("a: null\n", true), ("a: Null\n", true), ("a: NULL\n", true),
        ("a: 'null'\n", false), ("a: \"~\"\n", false), ("a: ''\n", false), ("a: nil\n", false),
    ])
    func nullSpellings(text: String, isNull: Bool) throws {
        let root = try #require(read(text).0)
        #expect(root["a"]?.isNull == isNull)
    }

    @Test("lines and columns are 1-based and point at keys and values")
    func locations() throws {
        let root = try #require(read("kind: Team\ngroups:\n  dev:\n    access: {ns: edit}\n", path: "teams/p.yaml").0)
        let dev = try #require(root["groups"]?["dev"])
        #expect(root.location.line == 1 && root.location.column == 1)
        #expect(position(Diagnostic.error("", "", at: root["groups"]!.keyLocation("dev")!)) == [3, 3])
        #expect(dev.keyLocation("access").map { [$0.line, $0.column] } == [4, 5])
        #expect(dev["access"]?["ns"]?.location.line == 4 && dev["access"]?["ns"]?.location.column == 18)
        #expect(dev.location.path == "teams/p.yaml")
    }

    @Test("CRLF line endings read like LF")
    func crlf() throws {
        let root = try #require(read("kind: Team\r\nname: x\r\nnamespaces: [a, b]\r\n").0)
        #expect(root["name"]?.string == "x")
        #expect(root["namespaces"]?.strings == ["a", "b"])
    }

    @Test("the commit is carried into every location")
    func commitInLocations() throws {
        let (node, _) = YAMLReader.read(Data("a:\n  b: c\n".utf8), path: "teams/x.yaml", commit: "abc123", limits: .standard)
        #expect(node?["a"]?["b"]?.location.commit == "abc123")
        let (_, errors) = YAMLReader.read(Data("a: [\n".utf8), path: "teams/x.yaml", commit: "abc123", limits: .standard)
        #expect(errors.first?.location.commit == "abc123")
    }

    @Test("Node.strings reads a list or a single scalar as a list")
    func stringsAccessor() throws {
        let root = try #require(read("one: a\nmany: [a, b]\nmap: {k: v}\n").0)
        #expect(root["one"]?.strings == ["a"])
        #expect(root["many"]?.strings == ["a", "b"])
        #expect(root["map"]?.strings == nil)
        #expect(root["map"]?.kindName == "a mapping" && root["many"]?.kindName == "a list")
    }
}

@Suite("YAMLReader refusals")
struct YAMLReaderRefusalTests {
    @Test("input over maxBytes is refused before parsing; exactly maxBytes is read")
    func sizeLimit() {
        let limits = with { $0.maxBytes = 16 }
        #expect(codes(read("a: 0123456789012", limits: limits).1) == [])
        #expect(codes(read("a: 01234567890123", limits: limits).1) == ["fragment-too-large"])
        let big = "a: " + String(repeating: "x", count: 256 * 1024)
        #expect(codes(read(big).1) == ["fragment-too-large"])
    }

    @Test("NUL bytes mark a binary file")
    func nulBytes() {
        #expect(codes(readBytes(Array("kind: Team\n".utf8) + [0] + Array("name: x\n".utf8)).1) == ["binary-file"])
    }

    @Test("invalid UTF-8 is refused", arguments: [
        [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80],
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        let (node, diagnostics) = readBytes(Array("a: ".utf8) + bytes + [0x0a])
        #expect(node == nil)
        #expect(codes(diagnostics) == ["not-utf8"])
    }

    @Test("an empty file or one with only comments is an empty fragment", arguments: ["", "\n\n", "# just a comment\n"])
    func emptyFragment(text: String) {
        #expect(codes(read(text).1) == ["empty-fragment"])
    }

    @Test("more than one document is refused, pointing at the second")
    func multipleDocuments() {
        let (node, diagnostics) = read("a: 1\n---\nb: 2\n")
        #expect(node == nil)
        #expect(codes(diagnostics) == ["yaml-syntax"])
        #expect(diagnostics.first?.location.line == 2)
        #expect(read("---\na: 1\n").0 != nil)
    }

    @Test("duplicate keys are refused, naming the key")
    func duplicateKeys() {
        let (node, diagnostics) = read("kind: Team\ngroups:\n  dev: {}\n  ops: {}\n  dev: {}\n")
        #expect(node == nil)
        #expect(codes(diagnostics) == ["duplicate-key"])
        #expect(diagnostics.first?.message.contains("'dev'") == true)
    }

    /// Keys are read as text: a quoted and a plain key of the same text are one key (YAML's
    /// core schema tells `1` from `"1"`, so its parser let the later silently win).
    @Test("keys of the same text are duplicates, quoted or not", arguments: [
        "ns:\n  1: edit\n  \"1\": admin\n", "flags:\n  true: a\n  'true': b\n", "a: 1\n\"a\": 2\n", "0x1: a\n'0x1': b\n",
        // Tags do not make keys different either: the fragment sees text.
        "access:\n  123: view\n  !!int 123: admin\n", "name: a\n!!int name: b\n", "b: 1\n!foo b: 2\n", "k: 1\n!!str k: 2\n",
        "~: a\n!!null ~: b\n", "on: a\n!!bool on: b\n",
    ])
    func duplicateKeysOfTheSameText(text: String) {
        let (node, diagnostics) = read(text)
        #expect(node == nil)
        #expect(codes(diagnostics) == ["duplicate-key"])
    }

    @Test("a duplicate key in a CRLF file points at the value that would win")
    func duplicateKeyInCRLFText() {
        let (_, diagnostics) = read("kind: Team\r\ngroups:\r\n  dev: {}\r\n  ops: {}\r\n  dev: {}\r\n")
        #expect(codes(diagnostics) == ["duplicate-key"])
        #expect(position(diagnostics.first) == [5, 3])
        #expect(diagnostics.first?.notes.first?.location?.line == 3)
    }

    @Test("an anchor on a key is refused, even where the line scan is misled by an apostrophe")
    func anchoredKeysRefused() {
        let (node, diagnostics) = read("note: it is Bob 's\nm1:\n  &x k: 1\nm2:\n  *x : 2\n")
        #expect(node == nil)
        #expect(codes(diagnostics) == ["yaml-anchor"])
    }

    @Test("mapping keys must be scalars", arguments: ["[a, b]: 1\n", "? {a: 1}\n: x\n"])
    func nonStringKeys(text: String) {
        #expect(codes(read(text).1) == ["non-string-key"])
    }

    @Test("syntax errors carry the line of the problem")
    func syntaxErrorLocation() {
        let (_, diagnostics) = read("kind: Team\nname: x\ngroups: [a, b\nother: 1\n")
        #expect(codes(diagnostics) == ["yaml-syntax"])
        #expect((diagnostics.first?.location.line ?? 0) >= 3)
    }

    @Test("more values than maxNodes is too complex")
    func nodeBudget() {
        let text = "items: [" + (0..<50).map(String.init).joined(separator: ", ") + "]\n"
        #expect(codes(read(text, limits: with { $0.maxNodes = 20 }).1) == ["fragment-too-complex"])
        #expect(read(text, limits: with { $0.maxNodes = 60 }).0 != nil)
    }

    @Test("block nesting deeper than maxDepth is refused after parsing")
    func blockNestingDepth() {
        func nested(_ depth: Int) -> String {
            (0..<depth).map { String(repeating: "  ", count: $0) + "k\($0):\n" }.joined() + String(repeating: "  ", count: depth) + "leaf: 1\n"
        }
        #expect(read(nested(30)).0 != nil)
        let (node, diagnostics) = read(nested(45))
        #expect(node == nil)
        #expect(codes(diagnostics) == ["fragment-too-complex"])
    }
}
