import Model
@testable import RBAC
import PluginAPI

import Testing
import TestSupport

/// The RBAC emitter writes into bytes; on every cluster it must write what it wrote through
/// `Document` trees (`ReferenceRBACEmitter`), including on names YAML reads specially.
@Suite("RBAC emitter against the Document writer it replaced")
struct RBACBytesTests {
    static let strings = [
        "payments", "payments-batch", "", "yes", "No", "null", "~", "0x1", "1e3", "-1", ".inf", "a: b", "a #b", "#x", "?x", "[a]", "{a}",
        "&a", "*a", "!a", "|", ">", "'q'", "\"dq\"", "back\\slash", "tab\tin", "new\nline", "trailing\n", " lead", "trail ", "\u{85}",
        "\u{2028}", "é", "日本語", "🚀", "system:masters", "payments:developers", "arn:aws:iam::111122223333:role/x", "*", "pods/exec",
    ]

    /// Files as bytes: `EmittedFile`'s `==` compares strings by canonical equivalence.
    static func bytes(_ files: [EmittedFile]) -> [[UInt8]] {
        files.map { Array($0.path.utf8) + [0] + Array($0.contents.utf8) + [$0.isKubernetesResource ? 1 : 0] }
    }

    static func pick(_ random: inout SeededGenerator) -> String { strings[Int(random.next() % UInt64(strings.count))] }

    static func picks(_ random: inout SeededGenerator, upTo count: UInt64) -> [String] {
        (0..<Int(random.next() % (count + 1))).map { _ in pick(&random) }
    }

    static func rules(_ random: inout SeededGenerator) -> [Rule] {
        (0..<Int(random.next() % 3)).map { _ in
            random.next() % 4 == 0
                ? Rule(verbs: picks(&random, upTo: 2), nonResourceURLs: [pick(&random)] + picks(&random, upTo: 1), location: Fixture.here)
                : Rule(apiGroups: picks(&random, upTo: 2), resources: picks(&random, upTo: 2), verbs: picks(&random, upTo: 3),
                       resourceNames: random.next() % 3 == 0 ? [pick(&random)] : [], location: Fixture.here)
        }
    }

    static func access(_ random: inout SeededGenerator) -> ClusterAccess {
        var environment = Fixture.environment()
        if random.next() % 2 == 0 { environment.pruneProtection = Fixture.at(false) }
        let count = { (random: inout SeededGenerator) in Int(random.next() % 4) }
        return ClusterAccess(
            environment: environment, cluster: environment.clusters[0],
            namespaces: (0..<count(&random)).map { _ in NamespaceObject(name: pick(&random), team: pick(&random), location: Fixture.here) },
            roles: (0..<count(&random)).map { _ in
                RoleObject(namespace: pick(&random), name: pick(&random), rules: rules(&random), team: pick(&random), location: Fixture.here)
            },
            roleBindings: (0..<count(&random)).map { _ in
                RoleBindingObject(namespace: pick(&random), name: pick(&random),
                                  roleRef: RoleRef(kind: random.next() % 2 == 0 ? .role : .clusterRole, name: pick(&random)),
                                  groups: picks(&random, upTo: 3), team: pick(&random), location: Fixture.here)
            },
            clusterRoles: (0..<count(&random)).map { _ in ClusterRoleObject(name: pick(&random), rules: rules(&random), location: Fixture.here) },
            clusterRoleBindings: (0..<count(&random)).map { _ in
                ClusterRoleBindingObject(name: pick(&random), clusterRole: pick(&random), groups: picks(&random, upTo: 3), location: Fixture.here)
            })
    }

    @Test func generatedClustersMatchByteForByte() throws {
        var random = SeededGenerator(seed: 21)
        for _ in 0..<2000 {
            let access = Self.access(&random)
            let emitted = try Fixture.emitter("rbac").emit(access, files: [])
            let reference = ReferenceRBACEmitter().emit(access, files: [])
            #expect(Self.bytes(emitted) == Self.bytes(reference), "first difference: \(zip(emitted, reference).first { Self.bytes([$0]) != Self.bytes([$1]) }?.0.path ?? "the file list")")
        }
    }

    /// One emitter, so clusters with the objects of an earlier one reuse its files: each cluster
    /// comes again as it was, under another name with other identities (reused), with prune
    /// protection flipped, or with one object changed (both must be rendered again).
    @Test func clustersSharingObjectsReuseOnlyWhatTheyShare() throws {
        let emitter = try Fixture.emitter("rbac")
        var random = SeededGenerator(seed: 22)
        var recent: [ClusterAccess] = []
        var variations = 0
        for _ in 0..<3000 {
            var access: ClusterAccess
            if let earlier = recent.last(where: { _ in random.next() % 2 == 0 }) ?? recent.first, random.next() % 3 != 0 {
                access = earlier
                variations += 1
                switch random.next() % 6 {
                case 0:
                    access.cluster.name = Self.pick(&random)
                    access.identities = Fixture.fullAccess().identities
                case 1: access.environment.pruneProtection = Fixture.at(!access.environment.protectsFromPrune)
                case 2: if !access.namespaces.isEmpty { access.namespaces[0].team += "x" }
                case 3: if !access.roles.isEmpty { access.roles[0].rules = Self.rules(&random) }
                case 4: if !access.roleBindings.isEmpty { access.roleBindings[0].groups.append(Self.pick(&random)) }
                default: if !access.clusterRoleBindings.isEmpty { access.clusterRoleBindings[0].clusterRole += "x" }
                }
            } else {
                access = Self.access(&random)
            }
            recent = Array((recent + [access]).suffix(6))
            #expect(Self.bytes(emitter.emit(access, files: [])) == Self.bytes(ReferenceRBACEmitter().emit(access, files: [])))
        }
        #expect(variations > 1500)
    }

    /// Swift's `==` holds "é" precomposed equal to "e" and a combining accent; Kubernetes does
    /// not. A cluster whose objects differ from an earlier one's only so must get its own bytes.
    @Test func canonicallyEquivalentNamesAreNotReused() throws {
        let emitter = try Fixture.emitter("rbac")
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        #expect(composed == decomposed)
        let edits: [(inout ClusterAccess, String) -> Void] = [
            { access, text in access.namespaces[0].team = text },
            { access, text in access.roles[0].rules[0].resourceNames = [text] },
            { access, text in access.roleBindings[0].groups = [text] },
            { access, text in access.roleBindings[0].roleRef.name = text },
        ]
        for edit in edits {
            var first = RBACAndKustomizeTests().access(), second = first
            edit(&first, composed)
            edit(&second, decomposed)
            let (a, b) = (emitter.emit(first, files: []), emitter.emit(second, files: []))
            #expect(Self.bytes(a) == Self.bytes(ReferenceRBACEmitter().emit(first, files: [])))
            #expect(Self.bytes(b) == Self.bytes(ReferenceRBACEmitter().emit(second, files: [])))
            #expect(Self.bytes(a) != Self.bytes(b))
        }
    }

    @Test func everyFixtureClusterMatches() throws {
        for access in [Fixture.fullAccess(), Fixture.fullAccess(authMode: .api), RBACAndKustomizeTests().access()] {
            let emitted = try Fixture.emitter("rbac").emit(access, files: [])
            #expect(!emitted.isEmpty)
            #expect(Self.bytes(emitted) == Self.bytes(ReferenceRBACEmitter().emit(access, files: [])))
        }
    }

    /// Shards that come by in turn are each rendered once while their files fit the budget;
    /// over it, the least recently used go first.
    @Test func renderingsAreKeptWithinTheirBudget() {
        let base = RBACAndKustomizeTests().access()
        let shards: [RBACObjects] = (0..<30).map { shard in
            var access = base
            access.namespaces[0].team = "team-\(shard)"
            return RBACObjects(access)
        }
        let render = { (objects: RBACObjects) in RBACEmitter().render(objects) }
        let size = render(shards[0]).reduce(0) { $0 + $1.contents.utf8.count }
        for (budget, expected) in [(1 << 20, 30), (size * 2 + size / 2, 25 * 30)] {
            let recent = RecentRenders(budget: budget)
            var renders = 0
            for round in 0..<(25 * 30) { _ = recent.files(for: shards[round % 30]) { renders += 1; return render($0) } }
            // Thirty sets round robin: all fit in a megabyte; two and a half sets' worth keeps none long enough.
            #expect(renders == expected, "budget \(budget): \(renders) renders")
        }
    }
}
