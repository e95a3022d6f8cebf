@testable import PluginAPI
import Testing
import TestSupport

/// `collisions` compares only templates whose literal prefixes are compatible; it must find
/// exactly the pairs that comparing every pair finds.
@Suite("username collisions: the sorted search finds what comparing every pair finds")
struct UsernameTemplatesTests {
    static let pieces = ["a", "b", ":", "/", "{{SessionName}}", "{{AccountID}}", "{{EC2PrivateDNSName}}", "{{bogus}}", "{{", "}}", "sys", "tem:"]

    @Test func sortedSearchEqualsEveryPair() {
        var generator = SeededGenerator(seed: 0xC0111DE)
        var found = 0
        for _ in 0..<300 {
            let templates = (0..<Int.random(in: 2...30, using: &generator)).map { _ in
                (0..<Int.random(in: 1...5, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            }
            var expected: [(Int, Int)] = []
            for i in templates.indices {
                for j in templates.indices where i < j && UsernameTemplates.canCollide(templates[i], templates[j]) { expected.append((i, j)) }
            }
            let actual = UsernameTemplates.collisions(templates)
            #expect(actual.map { [$0.0, $0.1] } == expected.map { [$0.0, $0.1] }, "\(templates)")
            found += expected.count
        }
        #expect(found > 300, "too few collisions to prove anything: \(found)")
    }

    /// The byte scan for a template's literal start must stop where `pattern` puts its first
    /// placeholder, on braces that open without closing, unknown names, and a name that is a
    /// placeholder only to Swift's canonical equivalence (U+212A KELVIN SIGN for the K).
    @Test func literalPrefixIsWherePatternPutsItsFirstPlaceholder() {
        let pieces = Self.pieces + ["{{Access\u{212A}eyID}}", "{{AccessKeyID}}", "é", "e\u{301}", "{", "}", "{{{", "}}}", "{{SessionNameRaw}}"]
        var generator = SeededGenerator(seed: 0x11DE)
        for _ in 0..<5_000 {
            let template = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let pattern = UsernameTemplates.pattern(template)
            let literalStart = pattern.prefix { $0 != nil }.map { $0! }
            #expect(UsernameTemplates.literalPrefix(template) == literalStart, "\(template.debugDescription)")
        }
    }

    @Test func defaultUsernamesOfDistinctRolesNeverCollide() {
        let templates = (0..<2_000).map { "arn:aws:sts::111122223333:assumed-role/r\($0)/{{SessionName}}" }
        #expect(UsernameTemplates.collisions(templates).isEmpty)
        #expect(UsernameTemplates.collisions(templates + ["arn:aws:sts::111122223333:assumed-role/r7/{{SessionName}}"]).map { [$0.0, $0.1] } == [[7, 2_000]])
    }
}
