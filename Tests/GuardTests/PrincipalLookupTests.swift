import Model
import Testing
import TestSupport
@testable import LockoutGuard

/// The proof's lookup of a principal's access entry skips entries by their last `/` segment
/// before it works out their authenticator form; it must find exactly the entry the whole index
/// finds (the last one whose folded authenticator form is the key), for keys and entries in and
/// out of ASCII, with paths, regions, capitals, sessions and duplicates.
@Suite("the proof's principal lookup finds what the whole index finds")
struct PrincipalLookupTests {
    static let accounts = ["111122223333", "1", "\u{212A}1"]
    static let names = ["admin", "Admin", "ADMIN", "node", "node-dev", "t0-dev-0", "é", "e\u{301}", "\u{212A}elvin", "kelvin", "a;b", "a\u{37E}b", ""]
    static let paths = ["", "team/", "aws-reserved/sso.amazonaws.com/", "a/b/"]

    static func principal(_ random: inout SeededGenerator) -> String {
        let account = random.pick(accounts), name = random.pick(names), path = random.pick(paths)
        switch random.next() % 7 {
        case 0: return "arn:aws:iam::\(account):user/\(path)\(name)"
        case 1: return "arn:aws:sts::\(account):assumed-role/\(name)/session"
        case 2: return "arn:aws:iam:eu-west-1:\(account):role/\(name)"
        case 3: return name
        case 4: return "ARN:AWS:IAM::\(account):ROLE/\(path)\(name)"
        default: return "arn:aws:iam::\(account):role/\(path)\(name)"
        }
    }

    static func entry(_ arn: String) -> DeployedCluster.AccessEntry {
        .init(principalArn: arn, type: "STANDARD", username: nil, groups: [], clusterPolicies: [])
    }

    @Test func scanAndIndexAgreeWithEveryEntryWorkedOut() {
        var random = SeededGenerator(seed: 0x100C)
        var found = 0
        for _ in 0..<400 {
            let entries = (0..<Int(random.next() % 30)).map { _ in Self.entry(Self.principal(&random)) }
            let keys = (0..<20).map { _ in ARN.caseFolded(ARN.authenticatorForm(Self.principal(&random))) }
            let indexed = DeployedCluster.PrincipalLookup(entries)
            for key in keys {
                let expected = entries.indices.last { DeployedCluster.PrincipalLookup.key(entries[$0].principalArn) == key }
                // A fresh lookup scans; the shared one scans eight times, then builds its index.
                #expect(DeployedCluster.PrincipalLookup(entries).position(of: key) == expected, "\(key.debugDescription) in \(entries.map(\.principalArn))")
                #expect(indexed.position(of: key) == expected, "\(key.debugDescription) in \(entries.map(\.principalArn))")
                if expected != nil { found += 1 }
            }
        }
        #expect(found > 500, "too few keys found to prove anything: \(found)")
    }
}
