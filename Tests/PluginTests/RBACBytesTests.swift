import Model
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
            #expect(emitted == reference, "first difference: \(zip(emitted, reference).first { $0 != $1 }?.0.path ?? "the file list")")
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
            #expect(emitter.emit(access, files: []) == ReferenceRBACEmitter().emit(access, files: []))
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
            #expect(a == ReferenceRBACEmitter().emit(first, files: []))
            #expect(b == ReferenceRBACEmitter().emit(second, files: []))
            #expect(a.map { Array($0.contents.utf8) } != b.map { Array($0.contents.utf8) })
        }
    }

    @Test func everyFixtureClusterMatches() throws {
        for access in [Fixture.fullAccess(), Fixture.fullAccess(authMode: .api), RBACAndKustomizeTests().access()] {
            let emitted = try Fixture.emitter("rbac").emit(access, files: [])
            #expect(!emitted.isEmpty)
            #expect(emitted == ReferenceRBACEmitter().emit(access, files: []))
        }
    }
}
