import Diagnostics
import Model
import Testing
import TestSupport

@testable import Compiler

/// The facts a reviewer reads are put together part by part into one buffer: they must read
/// exactly as the interpolated text they replaced, on names of every kind.
@Suite("check --base: the facts of a cluster's access")
struct AccessFactsTests {
    static let names = ["", "a", "team:dev", "é", "e\u{301}", "日本", "🚀", "with space", "x, y", "\u{0}", "arn:aws:iam::111122223333:role/path/R"]

    /// The facts of the three kinds now written part by part, as they were interpolated (the
    /// accesses below hold no others).
    static func reference(_ access: ClusterAccess) -> Set<String> {
        var facts: Set<String> = []
        for identity in access.identities {
            facts.insert("identity \(identity.arn) as \(identity.username) in groups [\(identity.groups.joined(separator: ", "))]")
        }
        for namespace in access.namespaces { facts.insert("namespace \(namespace.name) owned by team \(namespace.team)") }
        for binding in access.roleBindings {
            facts.insert("group \(binding.groups.joined(separator: ", ")) gets \(binding.roleRef.kind.rawValue) \(binding.roleRef.name) in namespace \(binding.namespace)")
        }
        return facts
    }

    @Test func factsReadAsTheInterpolatedText() {
        var random = SeededGenerator(seed: 0xFAC7)
        func name() -> String { Self.names[Int(random.next() % UInt64(Self.names.count))] + Self.names[Int(random.next() % UInt64(Self.names.count))] }
        func names() -> [String] { (0..<Int(random.next() % 4)).map { _ in name() } }
        let here = SourceLocation(path: "teams/t.yaml", line: 1, column: 1)
        let cluster = ClusterSpec(name: "c1", account: Located("111122223333", at: here), location: here)
        let environment = EnvironmentSpec(name: "dev", authMode: Located(AuthMode.api, at: here), clusters: [cluster], location: here)
        for _ in 0..<200 {
            var access = ClusterAccess(environment: environment, cluster: cluster)
            for _ in 0..<8 {
                access.identities.append(Identity(kind: .role, arn: name(), username: name(), groups: names(), origin: .cluster, location: here, customUsername: true))
                access.namespaces.append(NamespaceObject(name: name(), team: name(), location: here))
                access.roleBindings.append(RoleBindingObject(namespace: name(), name: name(), roleRef: RoleRef(kind: random.next() % 2 == 0 ? .role : .clusterRole, name: name()),
                                                             groups: names(), team: name(), location: here))
            }
            // By bytes: a Set of Strings holds "é" and "e\u{301}" equal.
            #expect(Set(AccessDiff.facts(access).map { Array($0.utf8) }) == Set(Self.reference(access).map { Array($0.utf8) }))
        }
    }
}
