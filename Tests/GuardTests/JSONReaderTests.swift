import Foundation
import PluginAPI
import Testing
import TestSupport

@testable import LockoutGuard

/// The lockout proof's own JSON reader: strict RFC 8259, the last of duplicate keys, and the same
/// values as Foundation's `JSONSerialization` (which it replaced) on every document both accept.
@Suite("the lockout proof's JSON reader")
struct JSONReaderTests {
    static func read(_ text: String) -> JSONValue? { try? JSONReader.parse(text) }

    @Test(arguments: [
        ("{}", JSONValue.object([])),
        ("[]", .array([])),
        (" \t\r\n[ 1 , -0 , 0.5 , -12.25e+3 , 1E-2 , 1e400 ] \n", .array(["1", "-0", "0.5", "-12.25e+3", "1E-2", "1e400"].map(JSONValue.number))),
        ("[true,false,null]", .array([.bool(true), .bool(false), .null])),
        (#"{"a":{"b":[{}]}}"#, .object([.init(key: "a", value: .object([.init(key: "b", value: .array([.object([])]))]))])),
        (#"[""]"#, .array([.string("")])),
        ("\"top\"", .string("top")),
        ("7", .number("7")),
        ("null", .null),
    ])
    func readsValidDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONReader.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "[", "]", "}", "[1", "[1,]", #"{"a":1,}"#, "[,1]", #"{,"a":1}"#, "[1 2]", #"{"a":1 "b":2}"#,
        #"{"a"}"#, #"{"a" 1}"#, "{a:1}", "{1:2}", "{'a':1}", "['a']", "[1]x", "[1][2]", "[1]\u{0}", "\u{FEFF}[1]",
        "\u{A0}[1]", "[\u{0C}1]", "[01]", "[-01]", "[00]", "[1.]", "[.5]", "[-]", "[1e]", "[1e+]", "[+1]", "[0x10]",
        "[Infinity]", "[-Infinity]", "[NaN]", "[True]", "[nul]", "[nulll]", "[truefalse]", "[\"a]", "[\"\\\"]", "[\"\\x41\"]",
        "[\"\\U0041\"]", "[\"\\u004\"]", "[\"\\u00G1\"]", "[\"\\'\"]", "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\ud83dx\"]",
        "[\"\\ud800\\ud800\"]", "[\"\\ud83d\\u0041\"]", "[\"a\tb\"]", "[\"a\nb\"]", "[\"\u{1}\"]", "[\"\u{1F}\"]",
        "[1] // comment", "/* c */ [1]", "[1,,2]", "{\"a\"::1}",
    ])
    func refusesInvalidDocuments(text: String) {
        #expect(Self.read(text) == nil, "\(text.debugDescription)")
    }

    /// Whitespace is skipped a word at a time through runs of spaces: every run length, after
    /// every kind of whitespace, before a token or before a byte that is no whitespace (close to
    /// a space, a control, a high byte), which must be refused exactly where it stands.
    @Test func skipsRunsOfSpacesOfEveryLengthAndStopsAtTheFirstOtherByte() throws {
        for length in 0...26 {
            for lead in ["", "\n", "\t", "\r\n", " \t"] {
                for tail in ["", "\n", "\t "] {
                    let gap = lead + String(repeating: " ", count: length) + tail
                    let text = "[" + gap + "1" + gap + "," + gap + #"{"k""# + gap + ":" + gap + #""v""# + gap + "}" + gap + "]" + gap
                    #expect(try JSONReader.parse(text) == .array([.number("1"), .object([.init(key: "k", value: .string("v"))])]),
                            "\(text.debugDescription)")
                    for stray in ["!", "\u{0}", "\u{1F}", "\u{0B}", "\u{0C}", "\u{A0}", "\u{7F}", "a"] {
                        let refused = "[1," + gap + stray + "]"
                        let offset = refused.utf8.count - stray.utf8.count - 1
                        #expect(throws: JSONReader.Failure(offset: offset, reason: "not a value"), "\(refused.debugDescription)") {
                            try JSONReader.parse(refused)
                        }
                    }
                }
            }
        }
    }

    @Test func refusesBytesThatAreNotUTF8() throws {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(bytes: [0x5B, 0x22, 0xC3, 0x22, 0x5D]) }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(bytes: [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]) }
        #expect(try JSONReader.parse(bytes: Array(#"["é"]"#.utf8)) == .array([.string("é")]))
    }

    @Test func decodesEveryEscape() throws {
        let text = #"["\"\\\/\b\f\n\r\t", "\u0000\u001f\u0041\u00e9\u00E9\u2028\uFEFF\uffff", "\ud83d\ude00\uD83D\uDE00\udbff\udfff\ud800\udc00", "é😀 raw"# + "\u{7F}\"]"
        let expected = ["\"\\/\u{8}\u{C}\n\r\t", "\u{0}\u{1F}Aéé\u{2028}\u{FEFF}\u{FFFF}", "😀😀\u{10FFFF}\u{10000}", "é😀 raw\u{7F}"]
        let read = try #require(try JSONReader.parse(text).strings)
        #expect(read.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) })
    }

    /// A raw U+FEFF at the start of a string or after an escape is part of the string, as EKS and
    /// Terraform read it. Foundation's JSONSerialization dropped it (it decodes each run of
    /// unescaped bytes as if it were a file that may start with a byte-order mark).
    @Test func keepsARawByteOrderMarkInsideAString() throws {
        let read = try JSONReader.parse("[\"\u{FEFF}arn\", \"\\n\u{FEFF}x\", \"a\u{FEFF}\"]").strings
        #expect(read?.map { Array($0.unicodeScalars) } == [Array("\u{FEFF}arn".unicodeScalars), Array("\n\u{FEFF}x".unicodeScalars), Array("a\u{FEFF}".unicodeScalars)])
    }

    @Test func keepsTheLastOfDuplicateKeys() throws {
        let value = try JSONReader.parse(#"{"a": 1, "b": 2, "a": {"x": "first"}, "a": {"x": "last"}}"#)
        #expect(value["a"]?["x"] == .string("last"))
        #expect(value.members?.count == 2)
        #expect(value.members?["a"] == .object([.init(key: "x", value: .string("last"))]))
        // Canonically equivalent keys are one key, as they were in Foundation's dictionaries.
        let equivalent = try JSONReader.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}")
        #expect(equivalent["\u{E9}"] == .number("2"))
        #expect(equivalent.members?.count == 1)
    }

    @Test func nestsAsDeepAsFoundationAndNoDeeper() {
        for depth in [1, 511, 512] {
            #expect(Self.read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) != nil, "\(depth)")
            #expect(Self.read(String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)) != nil, "\(depth)")
        }
        for depth in [513, 100_000] {
            #expect(Self.read(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == nil, "\(depth)")
            #expect(Self.read(String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)) == nil, "\(depth)")
        }
    }

    @Test func readsTheEmittedFilesAsFoundationDoes() throws {
        for mode in ["api", "both"] {
            let (_, files) = try LockoutProofTests.cluster("c1", mode: mode)
            let json = files.filter { $0.path.hasSuffix(".json") }
            #expect(json.count == 2)
            for file in json {
                let foundation = try JSONSerialization.jsonObject(with: Data(file.contents.utf8))
                #expect(Self.agrees(try JSONReader.parse(file.contents), foundation), "\(file.path)")
            }
        }
    }

    @Test("a Terraform file whose resource names collide loses the first entry, and the proof says so")
    func collidingTerraformResourceNamesAreReported() throws {
        let entries = #"{"accessEntries": [{"principalArn": "arn:aws:iam::1:role/a", "type": "STANDARD"}, {"principalArn": "arn:aws:iam::1:role/b", "type": "STANDARD"}]}"#
        let terraform = #"{"resource": {"aws_eks_access_entry": {"x": {"principal_arn": "arn:aws:iam::1:role/a"}, "x": {"principal_arn": "arn:aws:iam::1:role/b"}}}}"#
        let deployed = DeployedCluster(files: [
            EmittedFile(path: "access-entries.json", contents: entries, isKubernetesResource: false),
            EmittedFile(path: "access-entries.tf.json", contents: terraform, isKubernetesResource: false),
        ])
        #expect(deployed.accessEntries.map(\.principalArn) == ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"])
        #expect(deployed.accessEntryProblems == ["the Terraform file declares no aws_eks_access_entry for arn:aws:iam::1:role/a (a resource name collided)"])
    }

    @Test("an access-entries file no strict reader accepts holds no entries")
    func anUnreadableAccessEntriesFileHoldsNoEntries() {
        for contents in [#"{"accessEntries": [{"principalArn": "arn:aws:iam::1:role/a", "type": "STANDARD"},]}"#,
                         "\u{FEFF}" + #"{"accessEntries": [{"principalArn": "arn:aws:iam::1:role/a", "type": "STANDARD"}]}"#] {
            let deployed = DeployedCluster(files: [EmittedFile(path: "access-entries.json", contents: contents, isKubernetesResource: false)])
            #expect(deployed.hasAccessEntries)
            #expect(deployed.accessEntries.isEmpty)
        }
    }

    @Test func readsTheFieldsOfAnEntryAsTheCastsDid() {
        let contents = #"""
        {"accessEntries": [
          {"principalArn": "arn:aws:iam::1:role/a", "type": "STANDARD", "kubernetesGroups": ["g", 1], "username": null},
          {"principalArn": "arn:aws:iam::1:role/b", "type": "STANDARD", "kubernetesGroups": ["g", "h"], "username": "u",
           "accessPolicies": [{"policyArn": "p1", "accessScope": {"type": "cluster"}}, {"policyArn": "p2", "accessScope": {"type": "namespace"}},
                              {"policyArn": 3, "accessScope": {"type": "cluster"}}, "p4", {"policyArn": "p5", "accessScope": "cluster"}]},
          {"principalArn": 7, "type": "STANDARD"}, ["not", "an", "entry"], {"principalArn": "arn:aws:iam::1:role/c"}
        ]}
        """#
        let deployed = DeployedCluster(files: [EmittedFile(path: "access-entries.json", contents: contents, isKubernetesResource: false)])
        #expect(deployed.accessEntries.map(\.principalArn) == ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"])
        #expect(deployed.accessEntries.map(\.groups) == [[], ["g", "h"]])
        #expect(deployed.accessEntries.map(\.username) == [nil, "u"])
        #expect(deployed.accessEntries.map(\.clusterPolicies) == [[], ["p1"]])
    }

    // MARK: differential against Foundation

    @Test func agreesWithFoundationOnGeneratedDocuments() throws {
        var random = SeededGenerator(seed: 8259)
        for round in 0..<3000 {
            let text = Self.document(&random)
            let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let ours = try JSONReader.parse(text)
            #expect(Self.agrees(ours, foundation), "round \(round): \(text.debugDescription)")
        }
    }

    /// Strings are scanned eight bytes at a time: an escape, a quote, a control or a non-ASCII
    /// byte at every offset of strings up to three words and a tail, as a value and as a key
    /// (looked up by its bytes when ASCII), must read as Foundation reads it, or fail where the
    /// byte-by-byte scan failed.
    @Test func stringsOfEveryLengthAndEveryOffsetReadAsFoundationReadsThem() throws {
        // U+212A KELVIN SIGN is canonically "K": a key holding it is one of the selection's ASCII
        // names to Swift, so a key wrongly taken for ASCII would be looked up by its bytes and missed.
        let insertions = [#"\n"#, #"\""#, #"\u00e9"#, "\\", "é", "世", "\u{1F600}", "\u{1}", "\u{1F}", "\"", "\u{7F}", " ", "\u{212A}"]
        for length in 0...26 {
            let plain = String(repeating: "a", count: length)
            for offset in 0...length {
                for insertion in insertions {
                    let text = String(plain.prefix(offset)) + insertion + String(plain.dropFirst(offset))
                    let document = "[\"\(text)\", {\"\(text)\": \"\(text)\"}]"
                    let foundation = try? JSONSerialization.jsonObject(with: Data(document.utf8))
                    let ours = try? JSONReader.parse(document)
                    #expect((ours == nil) == (foundation == nil), "\(document.debugDescription)")
                    if let ours, let foundation { #expect(Self.agrees(ours, foundation), "\(document.debugDescription)") }
                    let keyed = "{\"\(text)\": \"\(text)\", \"\(plain)\": 1}"
                    let withK = String(plain.prefix(offset)) + "K" + String(plain.dropFirst(offset))
                    let selection = JSONSelection.members([plain: .everything, "a" + plain: .everything, withK: .everything])
                    let whole = try? JSONReader.parse(keyed)
                    let selective = try? JSONReader.parse(keyed, keeping: selection)
                    #expect(selective == whole.map { Self.prune($0, selection) }, "\(keyed.debugDescription)")
                    if whole == nil {
                        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(keyed) }
                    }
                }
            }
        }
    }

    /// One byte changed in a valid document: whatever one reader accepts, the other accepts with
    /// the same values, except what Foundation lets through and the RFC does not (trailing commas).
    @Test func agreesWithFoundationOnMutatedDocuments() throws {
        var random = SeededGenerator(seed: 7159)
        let alphabet = Array(#"{}[]:,"\/ubfnrt0123456789.eE+-aelsx "#.utf8) + [0x09, 0x0A, 0x0D, 0x00, 0x1F]
        var refusedByBoth = 0
        for round in 0..<6000 {
            var bytes = Array(Self.document(&random).utf8)
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(random.pick(alphabet), at: at)
            default: bytes[at] = random.pick(alphabet)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes))
            let ours = try? JSONReader.parse(text)
            switch (ours, foundation) {
            case (let ours?, let foundation?):
                #expect(Self.agrees(ours, foundation), "round \(round): \(text.debugDescription)")
            case (let ours?, nil):
                // Foundation takes no scalar at the top without `.fragmentsAllowed`, nor a number beyond a Double.
                #expect((!ours.isObject && ours.array == nil) || Self.holdsNumberBeyondDouble(ours),
                        "round \(round): only Foundation refuses \(text.debugDescription)")
            case (nil, _?):
                #expect(Self.hasTrailingComma(text), "round \(round): only we refuse \(text.debugDescription)")
            case (nil, nil):
                refusedByBoth += 1
            }
        }
        #expect(refusedByBoth > 1000, "the mutations should mostly break the documents")
    }

    static func agrees(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .object:
            guard let members = ours.members, let theirs = theirs as? [String: Any], members.count == theirs.count else { return false }
            return members.allSatisfy { key, value in theirs[key].map { agrees(value, $0) } ?? false }
        case .array(let items):
            guard let theirs = theirs as? [Any], items.count == theirs.count else { return false }
            return zip(items, theirs).allSatisfy { agrees($0, $1) }
        case .string(let text):
            guard let theirs = theirs as? String else { return false }
            return Array(text.unicodeScalars) == Array(theirs.unicodeScalars)
        case .number(let text):
            guard let theirs = theirs as? NSNumber, let value = Double(text) else { return false }
            return value == theirs.doubleValue
        case .bool(let value):
            return (theirs as? NSNumber)?.boolValue == value && !(theirs is String)
        case .null:
            return theirs is NSNull
        }
    }

    static func holdsNumberBeyondDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.contains { holdsNumberBeyondDouble($0.value) }
        case .array(let items): items.contains(where: holdsNumberBeyondDouble)
        case .number(let text): Double(text)?.isFinite != true
        default: false
        }
    }

    /// A `,` before a closing bracket, outside strings.
    static func hasTrailingComma(_ text: String) -> Bool {
        var inString = false, escaped = false, lastToken: UInt8 = 0
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if lastToken == UInt8(ascii: ",") { return true }
            case UInt8(ascii: "\""): inString = true
            default: break
            }
            lastToken = byte
        }
        return false
    }

    // MARK: reading only what the proof needs

    /// A full read with what `selection` does not keep taken away afterwards.
    static func prune(_ value: JSONValue, _ selection: JSONSelection) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.compactMap { member in
                selection.member(member.key).map { JSONValue.Member(key: member.key, value: prune(member.value, $0)) }
            })
        case .array(let items): return .array(items.map { prune($0, selection) })
        default: return value
        }
    }

    static func selection(_ random: inout SeededGenerator, depth: Int = 0) -> JSONSelection {
        guard depth < 4, !random.chance(25) else { return .everything }
        var named: [String: JSONSelection] = [:]
        for key in ["a", "b", "type", "é", "e\u{301}", "", "K", "\u{212A}"] where random.chance(40) { named[key] = selection(&random, depth: depth + 1) }
        return .members(named, other: random.chance(20) ? selection(&random, depth: depth + 1) : nil)
    }

    /// Building only part of a document must give that part exactly, and refuse exactly what a
    /// full read refuses, at the same byte, valid documents and broken ones alike.
    @Test func aSelectiveReadIsTheFullReadPruned() throws {
        var random = SeededGenerator(seed: 0x5E1EC7)
        let alphabet = Array(#"{}[]:,"\/ubfnrt0123456789.eE+-aelsx "#.utf8) + [0x09, 0x0A, 0x0D, 0x00, 0x1F]
        var (kept, refused) = (0, 0)
        for round in 0..<6000 {
            var bytes = Array(Self.document(&random).utf8)
            if round % 2 == 1 {
                let at = Int(random.next() % UInt64(bytes.count))
                bytes[at] = random.pick(alphabet)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            let selection = Self.selection(&random)
            let full = Result { try JSONReader.parse(text) }
            let selective = Result { try JSONReader.parse(text, keeping: selection) }
            switch (full, selective) {
            case (.success(let whole), .success(let part)):
                #expect(part == Self.prune(whole, selection), "round \(round): \(text.debugDescription)")
                if part != whole { kept += 1 }
            case (.failure(let a), .failure(let b)):
                #expect(a as? JSONReader.Failure == b as? JSONReader.Failure, "round \(round): \(text.debugDescription)")
                refused += 1
            default:
                Issue.record("round \(round): one read refused \(text.debugDescription), the other did not")
            }
        }
        #expect(kept > 1000 && refused > 500, "\(kept) pruned, \(refused) refused: the rounds should exercise both")
    }

    /// The proof's own selections keep every field it reads: the cluster it reads back through
    /// them is the one it reads from the whole files, on emitted bundles and on tampered ones
    /// (duplicate entries, keys spelled with escapes, colliding Terraform names, extra fields).
    @Test func theProofReadsThroughItsSelectionsWhatItReadsWhole() throws {
        var bundles: [[EmittedFile]] = []
        for mode in ["api", "both"] { bundles.append(try LockoutProofTests.cluster("c1", mode: mode).1) }
        let entries = #"{"accessEntries": [{"principalArn": "arn:aws:iam::1:role/a", "type": "STANDARD", "kubernetesGroups": ["g"], "extra": {"x": [1]}},"# +
            #" {"principal\u0041rn": "x", "principalArn": "arn:aws:iam::1:role/b", "type": "STANDARD", "username": "u", "accessPolicies": [{"policyArn": "p", "accessScope": {"type": "cluster", "namespaces": []}}]},"# +
            #" {"principalArn": "arn:aws:iam::1:role/a", "type": "EC2_LINUX"}], "accessEntries ": []}"#
        let terraform = #"{"resource": {"aws_eks_access_entry": {"x": {"principal_arn": "arn:aws:iam::1:role/a"}, "x": {"principal_arn": "arn:aws:iam::1:role/b", "type": "STANDARD"}}, "aws_eks_access_policy_association": {"y": {}}}}"#
        bundles.append([EmittedFile(path: "access-entries.json", contents: entries, isKubernetesResource: false),
                        EmittedFile(path: "access-entries.tf.json", contents: terraform, isKubernetesResource: false)])
        for files in bundles {
            let selective = DeployedCluster(files: files)
            let whole = DeployedCluster(files: files, reading: (.everything, .everything))
            #expect(!whole.accessEntries.isEmpty)
            #expect(selective.accessEntries == whole.accessEntries)
            #expect(selective.accessEntryProblems == whole.accessEntryProblems)
        }
    }

    // MARK: generated documents

    static func document(_ random: inout SeededGenerator) -> String {
        var out = ""
        let value: Generated = random.chance(50) ? .object(members(&random, depth: 0)) : .array(items(&random, depth: 0))
        write(value, &random, into: &out)
        return out
    }

    indirect enum Generated {
        case object([(String, Generated)]), array([Generated]), string(String), number(String), bool(Bool), null
    }

    static func members(_ random: inout SeededGenerator, depth: Int) -> [(String, Generated)] {
        // A small pool of keys, so duplicates are common.
        (0..<Int(random.next() % 5)).map { _ in (random.chance(70) ? random.pick(["a", "b", "type", "é", "e\u{301}", "", "K", "\u{212A}"]) : string(&random), value(&random, depth: depth + 1)) }
    }

    static func items(_ random: inout SeededGenerator, depth: Int) -> [Generated] {
        (0..<Int(random.next() % 5)).map { _ in value(&random, depth: depth + 1) }
    }

    static func value(_ random: inout SeededGenerator, depth: Int) -> Generated {
        switch random.next() % (depth > 4 ? 4 : 6) {
        case 0: return .string(string(&random))
        case 1: return .number(number(&random))
        case 2: return random.chance(50) ? .bool(random.chance(50)) : .null
        case 3: return .string(string(&random))
        case 4: return .object(members(&random, depth: depth))
        default: return .array(items(&random, depth: depth))
        }
    }

    static let scalars: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}",
                                            "\u{7F}", "\u{80}", "\u{E9}", "\u{301}", "\u{2028}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{10000}",
                                            "\u{1F600}", "\u{10FFFF}", "世"]

    static func string(_ random: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<Int(random.next() % 8) { text.unicodeScalars.append(random.pick(scalars)) }
        return text
    }

    static func number(_ random: inout SeededGenerator) -> String {
        var text = random.chance(30) ? "-" : ""
        text += random.chance(20) ? "0" : String(1 + random.next() % 99_999)
        if random.chance(30) { text += "." + String(random.next() % 1000) }
        // One exponent digit, so a mutation that adds one stays within a Double.
        if random.chance(30) { text += random.pick(["e", "E"]) + random.pick(["", "+", "-"]) + String(random.next() % 10) }
        return text
    }

    static func write(_ value: Generated, _ random: inout SeededGenerator, into out: inout String) {
        func space() { for _ in 0..<Int(random.next() % 3) { out += random.pick([" ", "\t", "\n", "\r"]) } }
        space()
        switch value {
        case .object(let members):
            out += "{"
            if members.isEmpty { space() }
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                space()
                quote(key, &random, into: &out)
                space()
                out += ":"
                write(value, &random, into: &out)
            }
            out += "}"
        case .array(let items):
            out += "["
            if items.isEmpty { space() }
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, &random, into: &out)
            }
            out += "]"
        case .string(let text): quote(text, &random, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
        space()
    }

    /// Each scalar raw where JSON allows it, as a short escape, or as `\u` (a surrogate pair above
    /// the BMP), in either case of hex digit.
    static func quote(_ text: String, _ random: inout SeededGenerator, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            let short: String? = switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "/": "\\/"
            case "\u{8}": "\\b"
            case "\u{C}": "\\f"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: nil
            }
            // Foundation drops a raw U+FEFF at the start of a string or after an escape (see
            // `keepsARawByteOrderMarkInsideAString`): written escaped, both readers keep it.
            let rawAllowed = scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != "\u{FEFF}"
            switch random.next() % 3 {
            case 0 where rawAllowed: out.unicodeScalars.append(scalar)
            case 1 where short != nil: out += short!
            default:
                let units = scalar.value < 0x10000 ? [scalar.value]
                    : [0xD800 + ((scalar.value - 0x10000) >> 10), 0xDC00 + ((scalar.value - 0x10000) & 0x3FF)]
                for unit in units {
                    let hex = String(unit, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + (random.chance(50) ? hex.uppercased() : hex)
                }
            }
        }
        out += "\""
    }
}
