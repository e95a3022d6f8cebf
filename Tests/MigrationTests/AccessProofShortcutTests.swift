import Authorization
import Model
import TestSupport
import Testing
@testable import Migration

/// The proof answers a namespace where neither side grants the principal anything of its own
/// as one neutral namespace; it must find exactly the differences that asking every namespace
/// finds, in the same order.
@Suite("import proof: namespaces answered alike")
struct AccessProofShortcutTests {
    static let rows = """
        - rolearn: arn:aws:iam::111122223333:role/dev
          username: dev:{{SessionName}}
          groups: [devs]
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops
          groups: [ops]

    """

    static func rbac(_ items: [String]) -> String {
        let namespaces = ["a", "b", "c", "team-1", "team-2", "rolecall-import-probe"].map { "- {apiVersion: v1, kind: Namespace, metadata: {name: \($0)}}\n" }
        return "apiVersion: v1\nkind: List\nitems:\n" + namespaces.joined() + items.joined()
    }

    static func binding(_ kind: String, _ namespace: String?, group: String, role: String, roleKind: String = "ClusterRole", subject: String = "Group") -> String {
        let metadata = namespace.map { "{name: b-\(group.replacingOccurrences(of: ":", with: "-"))-\(role), namespace: \($0)}" } ?? "{name: b-\(group.replacingOccurrences(of: ":", with: "-"))-\(role)}"
        return """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: \(kind)
          metadata: \(metadata)
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: \(roleKind), name: \(role)}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: \(subject), name: "\(group)"}]

        """
    }

    static func entries(_ policy: String, namespaces: [String]) -> String {
        """
        {"accessEntry": {"clusterName": "c", "principalArn": "arn:aws:iam::111122223333:role/viewer", "kubernetesGroups": [], "username": "viewer", "type": "STANDARD"}}
        {"clusterName": "c", "principalArn": "arn:aws:iam::111122223333:role/viewer", "associatedAccessPolicies": [
          {"policyArn": "arn:aws:eks::aws:cluster-access-policy/\(policy)", "accessScope": {"type": "namespace", "namespaces": [\(namespaces.map { "\"\($0)\"" }.joined(separator: ", "))]}}]}
        """
    }

    /// Every request asked of every principal, both sides: what the proof did before the shortcut.
    static func exhaustive(before: ClusterAuthorization, after: ClusterAuthorization, requests: [AuthorizationRequest]) -> [AccessProof.Difference] {
        var differences: [AccessProof.Difference] = []
        for old in before.principals {
            guard let new = after.principals.first(where: { $0.matchedARN.lowercased() == old.matchedARN.lowercased() }) else { continue }
            for request in requests {
                let a = AccessProof.answer(before, old, request), b = AccessProof.answer(after, new, request)
                if a != b { differences.append(AccessProof.Difference(arn: old.arn, request: AccessProof.describe(request), before: a, after: b)) }
            }
            for (oldSession, newSession, name) in Self.sessions(old, new, subjects: before.policy.bindings + after.policy.bindings) {
                for request in requests {
                    let a = AccessProof.answer(before, oldSession, request), b = AccessProof.answer(after, newSession, request)
                    if a != b { differences.append(AccessProof.Difference(arn: old.arn, request: "\(AccessProof.describe(request)) (as \(name))", before: a, after: b)) }
                }
            }
        }
        return differences
    }

    /// Every subject of every binding tried against the principal's templates: what the proof
    /// did before its subject index.
    static func sessions(_ old: Principal, _ new: Principal, subjects bindings: [PolicyBinding]) -> [(Principal, Principal, String)] {
        guard AccessProof.templated(old.username) || AccessProof.templated(new.username) || (old.groups + new.groups).contains(where: AccessProof.templated) else { return [] }
        var seen: Set<Subject> = []
        return bindings.flatMap(\.subjects).filter { !AccessProof.templated($0.name) && seen.insert($0).inserted }
            .compactMap { AccessProof.sessionPair(old, new, as: $0) }
    }

    @Test(arguments: [
        // A cluster-wide grant taken away: a difference in every namespace, the neutral ones included.
        ([binding("ClusterRoleBinding", nil, group: "devs", role: "view"), binding("RoleBinding", "a", group: "devs", role: "edit")],
         [binding("RoleBinding", "b", group: "devs", role: "admin")], "AmazonEKSEditPolicy", ["team-*"], "AmazonEKSViewPolicy", ["team-1"]),
        // A binding in the probe namespace itself: the neutral namespace must be another one.
        ([binding("RoleBinding", "rolecall-import-probe", group: "ops", role: "edit")],
         [binding("ClusterRoleBinding", nil, group: "ops", role: "view")], "AmazonEKSAdminPolicy", ["c"], "AmazonEKSAdminPolicy", ["*"]),
        // A user a session name renders into, bound on one side only; another bound on both.
        ([binding("RoleBinding", "c", group: "devs", role: "view"), binding("RoleBinding", "a", group: "dev:alice", role: "admin", subject: "User"),
          binding("ClusterRoleBinding", nil, group: "dev:bob", role: "view", subject: "User")],
         [binding("RoleBinding", "c", group: "devs", role: "view"), binding("ClusterRoleBinding", nil, group: "dev:bob", role: "view", subject: "User")],
         "AmazonEKSViewPolicy", ["team-2"], "AmazonEKSViewPolicy", ["team-2"]),
    ])
    func theShortcutFindsWhatAskingEveryNamespaceFinds(before: [String], after: [String], oldPolicy: String, oldScope: [String], newPolicy: String, newScope: [String]) throws {
        let old = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth(mapRoles: Self.rows), rbac: Self.rbac(before), accessEntries: Self.entries(oldPolicy, namespaces: oldScope))
        let new = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth(mapRoles: Self.rows), rbac: Self.rbac(after), accessEntries: Self.entries(newPolicy, namespaces: newScope))
        let (a, b) = (old.authorization(release: .default), new.authorization(release: .default))
        let requests = AccessProof.requests(old, after: b)
        let expected = Self.exhaustive(before: a, after: b, requests: requests)
        let found = AccessProof.compare(before: a, after: b, requests: requests)
        let same = found == expected
        let mismatch = zip(found, expected).first { $0 != $1 }.map { "\($0.0) instead of \($0.1)" } ?? "\(found.count) found, \(expected.count) expected"
        #expect(same, "\(mismatch)")
        if before != after { #expect(!expected.isEmpty, "a case that proves nothing: the sides are equal") }
    }

    /// The requests come from both sides: a grant only the compiled side holds, in a namespace
    /// or on a resource the live cluster never mentions, is a difference, not "equal".
    @Test func theProofAsksAboutWhatOnlyTheCompiledSideGrants() throws {
        let widgets = """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: widgets-admin}
          rules: [{apiGroups: [example.com], resources: [widgets], verbs: ["*"]}]

        """
        let view = Self.binding("RoleBinding", "a", group: "devs", role: "view")
        let live = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth(mapRoles: Self.rows), rbac: Self.rbac([view]),
                                      accessEntries: Self.entries("AmazonEKSViewPolicy", namespaces: ["a"]))
        let wider = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth(mapRoles: Self.rows),
                                       rbac: Self.rbac([view, widgets, Self.binding("RoleBinding", "a", group: "devs", role: "widgets-admin")]),
                                       accessEntries: Self.entries("AmazonEKSViewPolicy", namespaces: ["a", "only-compiled"]))
        let (before, after) = (live.authorization(release: .default), wider.authorization(release: .default))
        let differences = AccessProof.compare(before: before, after: after, requests: AccessProof.requests(live, after: after))
        #expect(differences.contains { $0.arn.hasSuffix("role/viewer") && $0.request.contains("only-compiled") }, "\(differences)")
        #expect(differences.contains { $0.arn.hasSuffix("role/dev") && $0.request.contains("widgets") }, "\(differences)")
    }

    /// A dump's role can name any text as a resource: an empty one or a bare subresource is
    /// nothing to ask about, not a reason to stop.
    @Test func oddResourceNamesAreSkipped() throws {
        let odd = """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: odd}
          rules: [{apiGroups: [""], resources: ["", "/status", "widgets/"], verbs: [get]}]

        """
        let live = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth(mapRoles: Self.rows), rbac: Self.rbac([odd]),
                                      accessEntries: Self.entries("AmazonEKSViewPolicy", namespaces: ["a"]))
        let requests = AccessProof.requests(live, after: live.authorization(release: .default))
        #expect(requests.contains { $0.resource == "widgets" && $0.subresource == "" && $0.namespace.isEmpty })
        #expect(!requests.contains { $0.resource == "" && $0.path == nil })
    }
}
