import Serialization
import Testing

/// `hasSameBytes(as:)` is byte equality, never Swift's canonical equivalence.
@Suite("same bytes")
struct SameBytesTests {
    @Test func sameBytesIsByteEqualityNotCanonicalEquivalence() {
        let long = String(repeating: "a", count: 40)
        let pairs: [(String, String, Bool)] = [
            ("", "", true), ("a", "a", true), ("a", "b", false), ("a", "ab", false), (long, long + "", true), (long, long + "b", false),
            ("caf\u{E9}", "cafe\u{301}", false), ("\u{212A}", "K", false), ("é", "é", true), (long + "é", long + "e\u{301}", false),
        ]
        for (a, b, same) in pairs {
            #expect(a.hasSameBytes(as: b) == same, "\(a.debugDescription) \(b.debugDescription)")
            #expect(a.hasSameBytes(as: b) == Array(a.utf8).elementsEqual(Array(b.utf8)))
        }
        let shared = long + "x"
        #expect(shared.hasSameBytes(as: shared))
        #expect(shared.hasSameBytes(as: String(decoding: Array(shared.utf8), as: UTF8.self)))
    }
}
