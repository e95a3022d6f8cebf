import Diagnostics
import Foundation
import Model
import ModelBuilding
import Testing

/// Model values cross process boundaries (out-of-process plugins) and key caches: they must
/// survive a JSON round trip unchanged and hash by value.
@Suite("Model values are Codable and Hashable")
struct ModelValueTests {
    static let files = [
        ("environments/prod.yaml", """
        kind: Environment
        name: prod
        kubernetesVersion: "1.31"
        clusters:
          c1: {account: "111122223333", labels: {tier: web}, nodeRoles: [arn:aws:iam::111122223333:role/node]}
        groups:
          admins: {members: [arn:aws:iam::111122223333:role/admin], clusterRoles: [cluster-admin]}
        policy: {breakGlass: [arn:aws:iam::111122223333:role/admin], teamWildcards: forbid}

        """),
        ("teams/web.yaml", """
        kind: Team
        name: web
        namespaces: [web]
        groups:
          developers:
            members: [{arn: "arn:aws:iam::111122223333:user/bob", username: bob}]
            access: {web: deployer}
        roles:
          deployer:
            rules: [{apiGroups: [apps], resources: [deployments], verbs: [get, update]}]

        """),
    ]

    @Test func aBuiltClusterAccessSurvivesAJSONRoundTrip() throws {
        let access = try build(Self.files, environment: "prod", cluster: "c1").access
        let data = try JSONEncoder().encode(access)
        let decoded = try JSONDecoder().decode(ClusterAccess.self, from: data)
        #expect(decoded == access)
        #expect(decoded.identities.map(\.authenticatorARN) == access.identities.map(\.authenticatorARN))
    }

    @Test func equalInputsBuildEqualAccessThatHashesAlike() throws {
        let first = try build(Self.files, environment: "prod", cluster: "c1").access
        let second = try build(Self.files, environment: "prod", cluster: "c1").access
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        var changed = second
        changed.identities.removeLast()
        #expect(changed != first)
    }

    @Test func specsHavePublicInitialisers() {
        let here = Diagnostics.SourceLocation(path: "plugin-test.yaml", line: 1, column: 1)
        let cluster = ClusterSpec(name: "c1", account: Located("111122223333", at: here), location: here)
        let environment = EnvironmentSpec(name: "dev", authMode: Located(AuthMode.api, at: here), clusters: [cluster], location: here)
        let access = ClusterAccess(environment: environment, cluster: cluster)
        #expect(access.authMode == .api && access.identities.isEmpty)
    }

    /// Identity keeps its fields behind one shared reference: copies must still be values,
    /// every field must take part in equality, and the encoding must keep the keys it had.
    @Test func anIdentityIsAValue() throws {
        let here = Diagnostics.SourceLocation(path: "teams/web.yaml", line: 3, column: 5)
        let original = Identity(kind: .role, arn: "arn:aws:iam::111122223333:role/path/dev", username: "dev", groups: ["web:developers"],
                                origin: .team("web", group: "developers"), location: here, customUsername: true)
        var copy = original
        copy.groups.append("web:readers")
        copy.accessPolicies.append(AccessPolicyGrant(policy: Located("AmazonEKSViewPolicy", at: here), namespaces: nil, location: here))
        #expect(original.groups == ["web:developers"] && original.accessPolicies.isEmpty)
        #expect(copy.groups == ["web:developers", "web:readers"] && copy.accessPolicies.count == 1)
        #expect(original.authenticatorARN == "arn:aws:iam::111122223333:role/dev" && original.parsedARN?.name == "dev")

        let changes: [(inout Identity) -> Void] = [
            { $0.kind = .user }, { $0.arn += "x" }, { $0.username = "other" }, { $0.groups = [] }, { $0.origin = .cluster },
            { $0.location.line += 1 }, { $0.customUsername = false }, { $0.usernameLocation = here }, { $0.eksManaged = true },
            { $0.accessPolicies = copy.accessPolicies },
        ]
        for (index, change) in changes.enumerated() {
            var changed = original
            change(&changed)
            #expect(changed != original, "change \(index) left the identity equal")
            #expect(Set([changed, original]).count == 2, "change \(index) hashed alike and compared equal")
        }
        let rebuilt = Identity(kind: .role, arn: original.arn, username: "dev", groups: ["web:developers"], origin: .team("web", group: "developers"),
                               location: here, customUsername: true)
        #expect(rebuilt == original && rebuilt.hashValue == original.hashValue, "equal identities built apart must hash alike")
        var grown = rebuilt
        grown.groups.append("web:readers")
        #expect(grown == copy.withoutPolicies && grown.hashValue == copy.withoutPolicies.hashValue)

        var moved = original
        moved.arn = "arn:aws:iam::111122223333:role/other/ops"
        #expect(moved.authenticatorARN == "arn:aws:iam::111122223333:role/ops" && moved.parsedARN?.name == "ops")
        #expect(original.authenticatorARN == "arn:aws:iam::111122223333:role/dev")

        let data = try JSONEncoder().encode(copy)
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
        #expect(Set(keys) == ["kind", "arn", "username", "groups", "origin", "location", "customUsername", "authenticatorARN", "parsedARN",
                              "accessPolicies", "eksManaged"])
        #expect(try JSONDecoder().decode(Identity.self, from: data) == copy)
    }
}

extension Identity {
    /// The same identity with its access policies taken away.
    var withoutPolicies: Identity {
        var identity = self
        identity.accessPolicies = []
        return identity
    }
}
