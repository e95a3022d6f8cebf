import Diagnostics
@testable import Fragments
import Testing
import TestSupport

/// The render cache keys on `Node.fingerprint`: two trees must get the same bytes exactly when
/// they are equal (the commit stamped on locations aside), whatever their shapes, paths and
/// strings. Trees are drawn from small pools so that equal and nearly equal ones are common.
@Suite("node fingerprints")
struct FingerprintTests {
    static let paths = ["teams/a.yaml", "teams/b.yaml", "", "teams/a.yaml\u{0}", "environments/base.yaml"]
    static let texts = ["", "a", "b", "ab", "1", "true", "\u{0}", "\u{1}a", "é", "e\u{301}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]

    static func location(_ random: inout SeededGenerator) -> Diagnostics.SourceLocation {
        Diagnostics.SourceLocation(path: random.pick(paths), line: Int(random.next() % 3), column: Int(random.next() % 3),
                       commit: random.chance(30) ? "abc" : nil)
    }

    static func node(_ random: inout SeededGenerator, depth: Int = 0) -> Node {
        let content: Node.Content
        switch random.next() % (depth > 2 ? 2 : 4) {
        case 0: content = .null
        case 1: content = .scalar(random.pick(texts), quoted: random.chance(50))
        case 2: content = .sequence((0..<Int(random.next() % 3)).map { _ in node(&random, depth: depth + 1) })
        default:
            content = .mapping((0..<Int(random.next() % 3)).map { _ in
                Node.Entry(key: random.pick(texts), keyLocation: location(&random), value: node(&random, depth: depth + 1))
            })
        }
        return Node(content, at: location(&random), overrides: (0..<Int(random.next() % 2)).map { _ in location(&random) })
    }

    static func withoutCommits(_ node: Node) -> Node {
        func clear(_ location: Diagnostics.SourceLocation) -> Diagnostics.SourceLocation { var location = location; location.commit = nil; return location }
        var node = node
        node.location = clear(node.location)
        node.overrides = node.overrides.map(clear)
        switch node.content {
        case .sequence(let items): node.content = .sequence(items.map(withoutCommits))
        case .mapping(let entries):
            node.content = .mapping(entries.map { Node.Entry(key: $0.key, keyLocation: clear($0.keyLocation), value: withoutCommits($0.value)) })
        default: break
        }
        return node
    }

    static func fingerprint(_ node: Node) -> [UInt8] {
        var bytes: [UInt8] = []
        node.fingerprint(into: &bytes)
        return bytes
    }

    @Test func equalFingerprintsExactlyForEqualTrees() {
        var random = SeededGenerator(seed: 0xF1)
        var distinct: [(tree: Node, fingerprint: [UInt8])] = []
        var equalPairs = 0
        for _ in 0..<800 {
            let tree = Self.node(&random)
            let plain = Self.withoutCommits(tree), bytes = Self.fingerprint(tree)
            if let equal = distinct.first(where: { $0.tree == plain }) {
                #expect(equal.fingerprint == bytes, "two fingerprints for \(plain)")
                equalPairs += 1
            } else {
                #expect(!distinct.contains { $0.fingerprint == bytes }, "one fingerprint for \(plain) and another tree")
                distinct.append((plain, bytes))
            }
        }
        #expect(equalPairs > 50 && distinct.count > 300, "\(equalPairs) equal, \(distinct.count) distinct")
    }

    @Test func aPathEqualToThePreviousOneIsNotConfusedWithANewOne() {
        // The same tree but for which location holds a path: the elided "same path" must
        // not read as another path.
        let a = Diagnostics.SourceLocation(path: "a", line: 1, column: 1), b = Diagnostics.SourceLocation(path: "b", line: 1, column: 1)
        let trees = [[a, a, b], [a, b, b], [a, b, a], [b, a, a]].map { locations in
            Node(.sequence([Node(.null, at: locations[1]), Node(.null, at: locations[2])]), at: locations[0])
        }
        #expect(Set(trees.map(Self.fingerprint)).count == 4)
    }

    @Test func canonicallyEquivalentPathsAreTwoPaths() {
        // Swift's == holds these equal; git holds two files.
        let composed = Diagnostics.SourceLocation(path: "teams/caf\u{E9}.yaml", line: 1, column: 1)
        let decomposed = Diagnostics.SourceLocation(path: "teams/cafe\u{301}.yaml", line: 1, column: 1)
        let one = Node(.sequence([Node(.null, at: composed)]), at: composed)
        let other = Node(.sequence([Node(.null, at: decomposed)]), at: composed)
        #expect(Self.fingerprint(one) != Self.fingerprint(other))
    }
}
