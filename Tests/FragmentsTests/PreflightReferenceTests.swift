import Diagnostics
import Foundation
import Testing
import TestSupport
@testable import Fragments

@Suite("the byte line scan agrees with the character scan")
struct PreflightReferenceTests {
    /// Pieces of fragments, hostile ones included: quotes, anchors, aliases, comments, block
    /// scalars, flow brackets, list markers, deep indentation and characters of several bytes.
    static let pieces = [
        "a", "key", ": ", "- ", "  ", "    ", "\t", "'", "''", "\"", "\\", "#", " #", "&", "*", " &x", " *x", "[", "]", "{", "}", ", ",
        "|", ">-", "|+2", " |", "? ", "é", "日本", "Ω&", "*'", "http://x/*", "R&D", "\n", "\n", "\n", "\n  ", "\n    ", "\n- ",
        String(repeating: " ", count: 330), String(repeating: "- ", count: 41), String(repeating: "[", count: 41),
    ]

    /// Where the byte scan differs from the character scan on purpose: a block scalar opened on
    /// a list item's line, whose text must be indented deeper than the item (or its key), not
    /// just than the line (tested on its own below).
    static let blockScalarInListItem = try! NSRegularExpression(pattern: #"(?m)^ *- .*(^|\s)[|>][-+0-9]*\s*([ \t]#.*)?$"#)

    static func differsOnPurpose(_ text: String) -> Bool {
        blockScalarInListItem.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func agree(_ text: String) -> (Bool, String) {
        let old = CharacterPreflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40)
        let new = Preflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40)
        let same = old?.code == new?.code && old?.message == new?.message && old?.location == new?.location
        return (same, "\(text.debugDescription): \(String(describing: old)) against \(String(describing: new))")
    }

    @Test func randomFragmentsAreJudgedAlike() {
        var generator = SeededGenerator(seed: 0x9F1167)
        var flagged = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...40, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            if Self.differsOnPurpose(text) { continue }
            let (same, why) = Self.agree(text)
            #expect(same, "\(why)")
            if !same { return }
            if CharacterPreflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40) != nil { flagged += 1 }
        }
        // Both verdicts occur, or the comparison proves little.
        #expect(flagged > 1_000 && flagged < 17_000, "\(flagged) of 20000 flagged")
    }

    @Test func everyFragmentOfTheExampleRepositoryIsJudgedAlike() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = FileManager.default.enumerator(at: root.appendingPathComponent("teams"), includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let environments = FileManager.default.enumerator(at: root.appendingPathComponent("environments"), includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let fragments = (files + environments).filter { $0.pathExtension == "yaml" }
        #expect(!fragments.isEmpty)
        for file in fragments {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard !Self.differsOnPurpose(text) else { continue }
            let (same, why) = Self.agree(text)
            #expect(same, "\(why)")
        }
    }

    /// The character scan never split CRLF text ("\r\n" is one `Character`), so it judged a
    /// whole Windows-edited file as its first line: indentation and list markers below line 1,
    /// and anything after a comment, went unscanned.
    @Test func crlfTextIsScannedLineByLine() {
        let deep = Preflight.scan("a:\r\n" + String(repeating: " ", count: 400) + "b: 1\r\n", path: "teams/x.yaml", commit: nil, maxDepth: 40)
        #expect(deep?.code == "fragment-too-complex")
        #expect(deep?.location.line == 2)
        let anchor = Preflight.scan("# shared\r\nbase: &b {k: v}\r\nother: *b\r\n", path: "teams/x.yaml", commit: nil, maxDepth: 40)
        #expect(anchor?.code == "yaml-anchor")
        #expect(anchor.map { [$0.location.line, $0.location.column] } == [2, 7])
        let dashes = Preflight.scan("# list\r\n" + String(repeating: "- ", count: 41) + "x\r\n", path: "teams/x.yaml", commit: nil, maxDepth: 40)
        #expect(dashes?.code == "fragment-too-complex")
        #expect(Preflight.scan("a: 1\r\nb:\r\n  - x\r\n", path: "teams/x.yaml", commit: nil, maxDepth: 40) == nil)
    }

    static func scan(_ text: String) -> Diagnostic? { Preflight.scan(text, path: "teams/x.yaml", commit: nil, maxDepth: 40) }

    /// The parser ends lines at a lone CR, NEL, LS and PS; the scan would read such a file as
    /// fewer lines than the parser does, so it refuses them, naming the line.
    @Test(arguments: [("# c\rm1:\r  &x k: 1\r", 1, 4), ("a: 1\nb: x\u{85}y\n", 2, 5), ("a: 1\n\nnote: \u{2028}\n", 3, 7),
                      ("a: \"p\u{2029}q\"\n", 1, 6), ("a: 1\r", 1, 5)])
    func foreignLineBreaksAreRefused(text: String, line: Int, column: Int) {
        let problem = Self.scan(text)
        #expect(problem?.code == "line-break")
        #expect(problem.map { [$0.location.line, $0.location.column] } == [line, column])
        #expect(codes(read(text).1) == ["line-break"])
    }

    /// A block scalar on a list item's line holds the lines indented deeper than the item, or
    /// than the key when the item is a mapping; the lines at the key's column are YAML again.
    @Test func blockScalarsInListItemsEndWhereTheParserEndsThem() {
        #expect(Self.scan("- k: |\n  &x v: 1\n")?.code == "yaml-anchor")
        #expect(Self.scan("items:\n- k: |\n  &x v: 1\n")?.code == "yaml-anchor")
        for text in ["- |\n  &text, *text\n", "- - |\n   &text\n", "items:\n- k: |\n    &text\n  v: 1\n", "- k: >-\n   *wild\n"] {
            #expect(Self.scan(text) == nil, "\(text.debugDescription)")
            #expect(read(text).1.isEmpty, "\(text.debugDescription)")
        }
    }

    /// Columns count Unicode scalars, as the parser's marks do: a combining accent is a column.
    @Test func columnsCountScalars() {
        let problem = Self.scan("a: [e\u{301}, &x 1]\n")
        #expect(problem?.code == "yaml-anchor")
        #expect(problem?.location.column == 9)
        #expect(Self.scan("a: e\u{301}\u{2028}\n")?.location.column == 6)
    }
}
