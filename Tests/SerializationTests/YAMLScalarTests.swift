import Foundation
import Testing
@testable import Serialization

/// Strings YAML (1.1 or 1.2) would read as something else, or that cannot start a plain scalar.
let mustQuote: [String] = [
    "", "true", "True", "TRUE", "false", "yes", "No", "on", "OFF", "y", "N", "null", "Null", "~",
    "123", "-1", "+1", "0.5", ".5", "1e3", "0x1F", "0o17", "1_000", "12:30", "2024-01-01", ".inf", "-.inf", ".NaN",
    "{{EC2PrivateDNSName}}", "system:node:{{SessionName}}", "a: b", "a #b", "key:", "- item", "-", "?", "? x",
    "*", "*alias", "&anchor", "!tag", "|", "> x", "'x'", "\"x\"", "%x", "@x", "`x`", ".hidden",
    " lead", "trail ", "[a]", "{a}", "a,b", "a\tb", "é", "#x", "a\u{7f}b", "line\u{1}",
]

/// Strings that read back unchanged when written plain; these should stay readable.
let staysPlain: [String] = [
    "arn:aws:iam::111122223333:role/x",
    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_abc",
    "arn:aws:sts::111122223333:assumed-role/Dev/x",
    "system:masters", "system:bootstrappers", "eks:kube-proxy-windows", "payments:developers",
    "rbac.authorization.k8s.io/v1", "v1", "ConfigMap", "aws-auth", "kube-system", "pods/log",
    "a:b", "hello world", "a=b", "a-", "x_1", "mapRoles",
]

@Suite("YAMLWriter scalars")
struct YAMLScalarTests {
    @Test("strings YAML would misread are double-quoted", arguments: mustQuote)
    func quotesAmbiguousStrings(text: String) {
        let written = YAMLWriter.scalar(text)
        #expect(written.hasPrefix("\"") && written.hasSuffix("\""), "\(text.debugDescription) was written \(written)")
    }

    @Test("ordinary identifiers and ARNs stay plain", arguments: staysPlain)
    func keepsSafeStringsPlain(text: String) {
        #expect(YAMLWriter.scalar(text) == text)
    }

    @Test("double-quoted strings escape quotes, backslashes, line breaks and control characters", arguments: [
        ("a\"b", #""a\"b""#), ("a\\b", #""a\\b""#), ("a\nb", #""a\nb""#), ("a\tb", #""a\tb""#),
        ("a\rb", #""a\rb""#), ("\u{1}", #""\x01""#), ("\u{1f}", #""\x1f""#), ("\u{7f}", #""\x7f""#),
        ("true", #""true""#), ("", #""""#),
    ])
    func quotedEscapes(text: String, expected: String) {
        #expect(YAMLWriter.quoted(text) == expected)
    }

    @Test("node usernames are quoted where they sit in a document")
    func nodeUsernameQuotedInDocument() {
        let doc = Document.map([("username", .string("system:node:{{EC2PrivateDNSName}}")), ("rolearn", .string("arn:aws:iam::111122223333:role/node"))])
        #expect(YAMLWriter.write(doc) == """
            username: "system:node:{{EC2PrivateDNSName}}"
            rolearn: arn:aws:iam::111122223333:role/node

            """)
    }

    @Test("keys follow the same quoting rules as values")
    func keysAreQuoted() {
        let doc = Document.map([("true", .int(1)), ("*", .string("edit")), ("a: b", .null), ("plain", .bool(false))])
        #expect(YAMLWriter.write(doc) == "\"true\": 1\n\"*\": edit\n\"a: b\": null\nplain: false\n")
    }

    @Test("every string in the tables reads back unchanged through PyYAML, as a value and as a key")
    func roundTripThroughPyYAML() throws {
        guard PyYAML.available else {
            print("skipping roundTripThroughPyYAML: python3 with PyYAML is not available")
            return
        }
        let extra = ["a\u{85}b", "\u{80}", "x\u{9f}y", "a\u{2028}b", "a\u{2029}b", "\u{feff}bom", "\u{fffe}", "emoji 🚀", "a\u{0}b"]
        let texts = mustQuote + staysPlain + extra
        let doc = Document.map([
            ("values", .strings(texts)),
            ("keys", .map(texts.enumerated().map { ($0.element, .int($0.offset)) })),
        ])
        let loaded = try #require(try PyYAML.load(YAMLWriter.write(doc)) as? [String: Any])
        let values = try #require(loaded["values"] as? [Any])
        #expect(values.count == texts.count)
        for (text, value) in zip(texts, values) {
            #expect(value as? String == text, "\(text.debugDescription) read back as \(value)")
        }
        let keys = try #require(loaded["keys"] as? [String: Int])
        for (index, text) in texts.enumerated() {
            #expect(keys[text] == index, "key \(text.debugDescription) did not read back")
        }
    }
}
