import Testing
@testable import Model

@Suite("ARN")
struct ARNTests {
    @Test("ARNs are split into partition, service, account, type, path and name", arguments: [
        ("arn:aws:iam::111122223333:role/Dev", "aws", "iam", "111122223333", "role", "/", "Dev"),
        ("arn:aws:iam::111122223333:role/teams/payments/Dev", "aws", "iam", "111122223333", "role", "/teams/payments/", "Dev"),
        ("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_abc",
         "aws", "iam", "111122223333", "role", "/aws-reserved/sso.amazonaws.com/eu-west-1/", "AWSReservedSSO_X_abc"),
        ("arn:aws:iam::111122223333:user/alice", "aws", "iam", "111122223333", "user", "/", "alice"),
        ("arn:aws:iam::111122223333:user/people/alice", "aws", "iam", "111122223333", "user", "/people/", "alice"),
        ("arn:aws-cn:iam::123456789012:role/x", "aws-cn", "iam", "123456789012", "role", "/", "x"),
        ("arn:aws:sts::111122223333:assumed-role/Dev/session", "aws", "sts", "111122223333", "assumed-role", "/Dev/", "session"),
    ])
    func parsing(text: String, partition: String, service: String, account: String, type: String, path: String, name: String) throws {
        let arn = try #require(ARN(text))
        #expect(arn.partition == partition && arn.service == service && arn.account == account)
        #expect(arn.resourceType == type && arn.path == path && arn.name == name)
        #expect(arn.text == text)
    }

    @Test("strings that are not resource ARNs do not parse", arguments: [
        "", "Dev", "arn:aws:iam::111122223333", "arn:aws:iam::111122223333:root", "arn::iam::1:role/x",
        "arn:aws::::role/x", "urn:aws:iam::1:role/x", "arn:aws:iam:1:role/x",
    ])
    func invalid(text: String) {
        #expect(ARN(text) == nil)
    }

    @Test("pathless drops the path, which is what aws-iam-authenticator compares", arguments: [
        ("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_abc",
         "arn:aws:iam::111122223333:role/AWSReservedSSO_X_abc"),
        ("arn:aws:iam::111122223333:role/teams/Dev", "arn:aws:iam::111122223333:role/Dev"),
        ("arn:aws:iam::111122223333:role/Dev", "arn:aws:iam::111122223333:role/Dev"),
        ("arn:aws:iam::111122223333:user/people/alice", "arn:aws:iam::111122223333:user/alice"),
        ("arn:aws-us-gov:iam::1:role/p/x", "arn:aws-us-gov:iam::1:role/x"),
    ])
    func pathless(text: String, expected: String) throws {
        #expect(try #require(ARN(text)).pathless == expected)
    }

    @Test("the authenticator's form of a role drops its path and region; a user's is its text", arguments: [
        ("arn:aws:iam::111122223333:role/Dev", "arn:aws:iam::111122223333:role/Dev"),
        ("arn:aws:iam::111122223333:role/p/q/Dev", "arn:aws:iam::111122223333:role/Dev"),
        ("arn:aws:iam:eu-west-1:111122223333:role/Dev", "arn:aws:iam::111122223333:role/Dev"),
        ("arn:aws:iam::111122223333:user/p/alice", "arn:aws:iam::111122223333:user/p/alice"),
        ("not an arn", "not an arn"),
    ])
    func authenticatorForm(text: String, expected: String) {
        #expect(ARN.authenticatorForm(text) == expected)
    }

    @Test("a role's default username is its assumed-role session; a user's is its ARN", arguments: [
        ("arn:aws:iam::111122223333:role/Dev", "arn:aws:sts::111122223333:assumed-role/Dev/{{SessionName}}"),
        ("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_X_abc",
         "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_X_abc/{{SessionName}}"),
        ("arn:aws-cn:iam::123456789012:role/x", "arn:aws-cn:sts::123456789012:assumed-role/x/{{SessionName}}"),
        ("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice"),
        ("arn:aws:iam::111122223333:user/people/alice", "arn:aws:iam::111122223333:user/people/alice"),
    ])
    func defaultUsername(text: String, expected: String) throws {
        #expect(try #require(ARN(text)).defaultUsername == expected)
    }

    @Test("a combining mark on ':' or '/' makes it no separator: non-ASCII ARNs split on Characters")
    func nonASCIISeparators() throws {
        #expect(ARN("arn:aws:iam::1:\u{301}role/x") == nil)
        let arn = try #require(ARN("arn:aws:iam::1:role/p/\u{301}x"))
        #expect(arn.path == "/" && arn.name == "p/\u{301}x")
        #expect(try #require(ARN("arn:aws:iam::1:rôle/é/x")).path == "/é/")
    }

    @Test("the byte scan of ASCII ARNs finds the fields the Character split finds")
    func asciiFieldsAgreeWithTheCharacterSplit() {
        let pieces = ["arn", ":", ":", "/", "/", "aws", "iam", "role", "user", "1", "eu-west-1", "", " ", "\r\n", "\r", "\n", "*", "é",
                      "arn:aws:iam::1:role/", "arn:aws:iam::1:user/", "arn:aws:iam:r:1:role/"]
        var state: UInt64 = 7
        for _ in 0..<20_000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var bits = state
            for _ in 0..<Int(bits % 12) {
                bits /= 17
                text += pieces[Int(bits % UInt64(pieces.count))]
            }
            let slow = ARN.fields(text).map { [$0.partition, $0.service, $0.region, $0.account, $0.resourceType, $0.path, $0.name] }
            let fast = ARN.asciiFields(text).map { [$0.partition, $0.service, $0.region, $0.account, $0.resourceType, $0.path, $0.name] }
            if text.utf8.allSatisfy({ $0 < 0x80 }) { #expect(slow == fast, "\(text.debugDescription)") }
            // The authenticator's form as it was computed before its shortcuts, compared byte for byte.
            let form = ARN(text).map { $0.resourceType == "role" ? $0.pathless : $0.text } ?? text
            #expect(Array(ARN.authenticatorForm(text).utf8) == Array(form.utf8), "\(text.debugDescription)")
        }
    }

    /// Case folding skips the copy only where lowering changes nothing.
    @Test(arguments: ["arn:aws:iam::111122223333:role/dev", "arn:aws:iam::111122223333:role/Dev", "ARN:AWS:IAM::1:ROLE/X", "", "rôle/Élan",
                      "arn:aws:iam::1:role/\u{130}", "a-z_0-9:/+=,.@"])
    func caseFoldingIsLowercasing(text: String) {
        #expect(ARN.caseFolded(text) == text.lowercased())
        #expect(ARN.caseFolded(text).utf8.elementsEqual(text.lowercased().utf8))
    }

    /// The word test against the byte rule, with each kind of byte at every offset of every
    /// length up to 26: the bounds of the capitals and of ASCII, and their neighbours.
    @Test func lowercaseTestAgreesWithTheByteRuleAtEveryOffset() {
        func byByte(_ bytes: [UInt8]) -> Bool { !bytes.contains { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) } }
        for length in 0...26 {
            for special: UInt8 in [0x40, 0x41, 0x4D, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7F, 0x80, 0xC3, 0xFF, 0x00, 0x3F, 0x20] {
                for offset in 0..<max(length, 1) {
                    var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                    if offset < length { bytes[offset] = special }
                    let answer = bytes.withUnsafeBufferPointer(ARN.isLowercaseASCII)
                    #expect(answer == byByte(bytes), "length \(length), 0x\(String(special, radix: 16)) at \(offset)")
                }
            }
        }
    }
}
