import Foundation
@testable import PluginAPI
import Testing
import TestSupport

/// The guards' substring search reads the bytes of native strings directly; it must answer
/// what Foundation's search answers, with indices that are valid in the searched text.
@Suite("TextSearch finds what Foundation finds")
struct TextSearchTests {
    static let alphabet = ["a", "b", "{", "}", "{{", "}}", ":", "é", "日", "{{SessionName}}", "x"]

    @Test func randomTextAndNeedlesAgreeWithFoundation() {
        var generator = SeededGenerator(seed: 0x7E575EA)
        var found = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
            let needle = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
            // A substring that starts inside the text, as the username scanner passes.
            let skip = Int.random(in: 0...min(2, text.count), using: &generator)
            let slice = text.dropFirst(skip)
            let expected = slice.range(of: needle, options: .literal)
            let actual = TextSearch.range(of: needle, in: slice)
            #expect(actual == expected, "\(needle.debugDescription) in \(String(slice).debugDescription)")
            // The fallback for text that is not contiguous, which native strings never are.
            #expect(TextSearch.indexSearch(needle, in: slice) == expected, "index search: \(needle.debugDescription) in \(String(slice).debugDescription)")
            if let actual { #expect(String(text[actual]) == needle); found += 1 }
        }
        #expect(found > 500, "too few matches to prove anything: \(found)")
    }

    @Test func emptyTextsAndNeedlesAreSearchedToo() {
        #expect(!TextSearch.contains("", "{{"))
        #expect(TextSearch.indexSearch("", in: Substring("abc")) == Substring("abc").startIndex..<Substring("abc").startIndex)
        #expect(TextSearch.range(of: "", in: Substring("abc")) == Substring("abc").startIndex..<Substring("abc").startIndex)
    }
}
