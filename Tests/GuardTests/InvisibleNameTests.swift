import Testing
@testable import ValidityGuard

/// Group names with invisible characters are refused; ASCII names are judged by their bytes,
/// which must give the answer the Unicode properties give.
@Suite("invisible characters in names: the byte test agrees with the Unicode properties")
struct InvisibleNameTests {
    static func byProperties(_ name: String) -> Bool {
        name.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }

    @Test func everyASCIIScalarAndTheUsualSuspects() {
        var names = (0..<0x80).map { "team\(Character(Unicode.Scalar(UInt8($0))))ops" }
        names += ["", "ops", "\u{A0}", "a\u{85}b", "a\u{200B}b", "a\u{2028}b", "\u{FEFF}ops", "é", "e\u{301}", "日本", "a\u{3000}b", "ops\u{7F}"]
        for name in names {
            #expect(ValidityGuard.hasInvisible(name) == Self.byProperties(name), "\(name.debugDescription)")
        }
    }
}
