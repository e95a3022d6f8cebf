import Diagnostics
import Foundation
import Testing
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

    static func agree(_ text: String) -> (Bool, String) {
        let old = CharacterPreflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40)
        let new = Preflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40)
        let same = old?.code == new?.code && old?.message == new?.message && old?.location == new?.location
        return (same, "\(text.debugDescription): \(String(describing: old)) against \(String(describing: new))")
    }

    @Test func randomFragmentsAreJudgedAlike() {
        var generator = SystemRandomNumberGenerator()
        var flagged = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...40, using: &generator)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let (same, why) = Self.agree(text)
            #expect(same, "\(why)")
            if !same { return }
            if CharacterPreflight.scan(text, path: "teams/x.yaml", commit: "c", maxDepth: 40) != nil { flagged += 1 }
        }
        // Both verdicts occur, or the comparison proves little.
        #expect(flagged > 1_000 && flagged < 19_000, "\(flagged) of 20000 flagged")
    }

    @Test func everyFragmentOfTheExampleRepositoryIsJudgedAlike() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = FileManager.default.enumerator(at: root.appendingPathComponent("teams"), includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let environments = FileManager.default.enumerator(at: root.appendingPathComponent("environments"), includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let fragments = (files + environments).filter { $0.pathExtension == "yaml" }
        #expect(!fragments.isEmpty)
        for file in fragments {
            let text = try String(contentsOf: file, encoding: .utf8)
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
}
