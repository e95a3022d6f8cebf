import Authorization
import Diagnostics
import Model
import Testing
import TestSupport

@testable import Compiler

/// `AccessReview.inputs` describes the bindings of each set of groups once and hands that text
/// to every principal with the same set (and the same username, when some binding names a
/// User). It must answer what describing every principal's own bindings answers.
@Suite("check --base: what a principal's authorization follows from")
struct ReviewInputsTests {
    /// `inputs` as it was before it shared anything: each principal's bindings described alone.
    static func reference(_ authorization: ClusterAuthorization) -> [String: [String]] {
        var inputs: [String: [String]] = [:]
        func list(_ items: [String]) -> String { items.joined(separator: "\u{1F}") }
        for principal in authorization.principals {
            var parts = ["\(principal.path.rawValue) \(principal.username) \(list(principal.effectiveGroups.sorted())) \(principal.isSystemMaster)",
                         principal.policies.map { "\($0.policyARN) \($0.scope.description)" }.joined(separator: ";")]
            for binding in authorization.bindings(naming: principal) {
                parts.append("\(binding.namespace ?? "*") \(binding.roleRef.kind.rawValue) \(binding.roleRef.name)")
                if let (role, builtin) = authorization.role(for: binding.roleRef, in: binding.namespace) {
                    parts.append(builtin.map { "built-in \($0.release) \($0.commit)" }
                        ?? role.rules.map { [$0.apiGroups, $0.resources, $0.verbs, $0.resourceNames, $0.nonResourceURLs].map(list).joined(separator: "\u{1E}") }.joined(separator: "\u{1D}"))
                }
            }
            inputs[principal.arn, default: []] += parts
        }
        return inputs
    }

    static func authorization(_ random: inout SeededGenerator, userSubjects: Bool) -> ClusterAuthorization {
        let groups = ["a", "b", "c", "system:masters", "team:dev"]
        let usernames = ["alice", "bob", "carol"]
        let principals = (0..<40).map { index in
            // Some group twice, as a merged mapping can hold it; system:authenticated written out too.
            let chosen = groups.filter { _ in random.next() % 3 == 0 } + (random.next() % 4 == 0 ? ["a", "system:authenticated"] : [])
            // Shared usernames: principals alike in groups but not in name must still differ when a binding names a User.
            return Principal(arn: "arn:aws:iam::111122223333:role/p\(index % 30)", username: usernames[Int(random.next() % 3)],
                             groups: chosen.shuffled(using: &random), path: random.next() % 2 == 0 ? .awsAuth : .accessEntry,
                             policies: random.next() % 3 == 0 ? [AccessPolicyAssociation(policyARN: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                                                                                         scope: random.next() % 2 == 0 ? .cluster : .namespaces(["ns", "b"]))] : [])
        }
        let roles = (0..<3).map { PolicyRole(name: "r\($0)", namespace: "ns", rules: [Rule(apiGroups: [""], resources: ["pods"], verbs: ["get", "v\($0)"], location: SourceLocation(path: "teams/t.yaml", line: $0 + 1))]) }
        var bindings = groups.enumerated().map { offset, group in
            PolicyBinding(name: "b-\(group)", namespace: offset % 2 == 0 ? "ns" : nil,
                          roleRef: offset % 2 == 0 ? RoleRef(kind: .role, name: "r\(offset % 3)") : RoleRef(kind: .clusterRole, name: offset == 1 ? "view" : "missing"),
                          subjects: [Subject(.group, group)])
        }
        if userSubjects {
            bindings.append(PolicyBinding(name: "b-bob", namespace: "ns", roleRef: RoleRef(kind: .role, name: "r2"), subjects: [Subject(.user, "bob")]))
        }
        return ClusterAuthorization(release: .default, principals: principals, policy: RBACPolicy(roles: roles, bindings: bindings))
    }

    /// Joined into one text, username "a b" with group "c" read as username "a" with group "b c":
    /// the fields tell them apart, so such a principal is evaluated rather than taken as unchanged.
    @Test func mappingsThatReadAlikeAreDifferent() {
        func authorization(username: String, groups: [String]) -> ClusterAuthorization {
            ClusterAuthorization(release: .default, principals: [Principal(arn: "arn:aws:iam::111122223333:role/p", username: username, groups: groups, path: .awsAuth)],
                                 policy: RBACPolicy())
        }
        let before = AccessReview.inputs(authorization(username: "a b", groups: ["c"]))
        let after = AccessReview.inputs(authorization(username: "a", groups: ["b c"]))
        #expect(before != after)
    }

    @Test("shared descriptions answer what each principal's own answers", arguments: [false, true])
    func sharedDescriptionsMatch(userSubjects: Bool) {
        var random = SeededGenerator(seed: userSubjects ? 0xB0B : 0xA11CE)
        for _ in 0..<50 {
            let authorization = Self.authorization(&random, userSubjects: userSubjects)
            let flat = AccessReview.inputs(authorization).mapValues { mappings in
                mappings.flatMap { ["\($0.path.rawValue) \($0.username) \($0.groups.joined(separator: "\u{1F}")) \($0.isSystemMaster)", $0.policies.joined(separator: ";")] + $0.bindings }
            }
            #expect(flat == Self.reference(authorization))
            for principal in authorization.principals {
                #expect(AccessReview.effectiveGroups(principal) == principal.effectiveGroups.sorted())
            }
        }
    }
}
