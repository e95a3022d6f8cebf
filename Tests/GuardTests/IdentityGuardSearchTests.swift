import Foundation
import Testing

@testable import IdentityGuard

@Suite("IdentityGuard's byte-guarded search")
struct IdentityGuardSearchTests {
    @Test("holds answers what Foundation's contains answered, combining marks and all", arguments: [
        "", "*", "a*b", "arn:aws:iam::1:role/x", "?", "a?", "*\u{301}", "a\u{301}*", "\u{FF0A}", "{", "x{{SessionName}}", "}\u{301}", "é?",
    ])
    func holdsAgreesWithFoundation(text: String) {
        for needle in ["*", "?", "{", "}"] {
            #expect(IdentityGuard.holds(text, needle) == text.contains(needle), "\(text.debugDescription) \(needle)")
        }
    }
}
