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
}
