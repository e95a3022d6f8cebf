import Foundation
import Model
import PluginAPI
import TestSupport
@testable import AccessEntries
import Testing

@Suite("access entries emitter")
struct AccessEntriesEmitterTests {
    static let adminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

    func json(_ access: ClusterAccess, _ path: String) throws -> [String: Any] {
        let file = try Fixture.emitter("access-entries").emit(access, files: []).named(path)
        #expect(!file.isKubernetesResource)
        return try #require(try JSONSerialization.jsonObject(with: Data(file.contents.utf8)) as? [String: Any])
    }

    func entries(_ access: ClusterAccess) throws -> [String: [String: Any]] {
        let document = try json(access, "access-entries.json")
        #expect(document["clusterName"] as? String == access.cluster.name)
        let list = try #require(document["accessEntries"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["principalArn"] as? String ?? "", $0) })
    }

    @Test func nodeRolesGetNodeTypesWithoutGroupsOrUsername() throws {
        let entries = try entries(Fixture.fullAccess())
        let expected = [Fixture.role("eks-node"): "EC2_LINUX", Fixture.role("eks-windows"): "EC2_WINDOWS", Fixture.role("eks-fargate"): "FARGATE_LINUX"]
        for (arn, type) in expected {
            let entry = try #require(entries[arn], "no entry for \(arn)")
            #expect(entry["type"] as? String == type)
            #expect(entry["kubernetesGroups"] == nil)
            #expect(entry["username"] == nil)
            #expect(entry["accessPolicies"] == nil)
        }
    }

    @Test func systemMastersBecomesClusterAdminPolicyAtClusterScopeNeverAGroup() throws {
        let entries = try entries(Fixture.fullAccess())
        let ops = try #require(entries[Fixture.role("ops")])
        #expect(ops["type"] as? String == "STANDARD")
        #expect(ops["kubernetesGroups"] == nil)
        let policies = try #require(ops["accessPolicies"] as? [[String: Any]])
        #expect(policies.count == 1)
        #expect(policies[0]["policyArn"] as? String == Self.adminPolicy)
        #expect((policies[0]["accessScope"] as? [String: Any])?["type"] as? String == "cluster")
        for entry in entries.values {
            #expect(!((entry["kubernetesGroups"] as? [String]) ?? []).contains("system:masters"))
        }
    }

    @Test func aGroupWithSystemMastersAndClusterRolesKeepsOnlyItsOwnGroup() throws {
        let environment = Fixture.environment(groups: [
            Fixture.group("breakglass", members: [Fixture.role("breakglass")], clusterRoles: ["cluster-admin"], systemMasters: true),
        ])
        let entry = try #require(try entries(Fixture.access(environment))[Fixture.role("breakglass")])
        #expect(entry["kubernetesGroups"] as? [String] == ["breakglass"])
        #expect((entry["accessPolicies"] as? [[String: Any]])?.first?["policyArn"] as? String == Self.adminPolicy)
    }

    @Test func standardEntriesCarryGroupsAndOnlyCustomUsernames() throws {
        let entries = try entries(Fixture.fullAccess())
        let developer = try #require(entries[Fixture.role("PaymentsDeveloper")])
        #expect(developer["type"] as? String == "STANDARD")
        #expect(developer["kubernetesGroups"] as? [String] == ["payments:developers"])
        #expect(developer["username"] == nil)
        #expect(developer["accessPolicies"] == nil)
        let alice = try #require(entries[Fixture.user("alice")])
        #expect(alice["type"] as? String == "STANDARD")
        #expect(alice["username"] as? String == "alice")
        #expect(entries.count == 7)
    }

    @Test func terraformHasOneAccessEntryPerPrincipalAndAnAssociationForClusterAdmins() throws {
        let resource = try #require(try json(Fixture.fullAccess(), "access-entries.tf.json")["resource"] as? [String: Any])
        let accessEntries = try #require(resource["aws_eks_access_entry"] as? [String: [String: Any]])
        #expect(accessEntries.count == 7)
        #expect(Set(accessEntries.values.compactMap { $0["principal_arn"] as? String }).count == 7)
        for body in accessEntries.values {
            #expect(body["cluster_name"] as? String == "dev-eu-1")
            #expect(!((body["kubernetes_groups"] as? [String]) ?? []).contains("system:masters"))
        }
        let associations = try #require(resource["aws_eks_access_policy_association"] as? [String: [String: Any]])
        #expect(associations.count == 1)
        let association = try #require(associations.values.first)
        #expect(association["principal_arn"] as? String == Fixture.role("ops"))
        #expect(association["policy_arn"] as? String == Self.adminPolicy)
        let dependsOn = try #require(association["depends_on"] as? [String])
        #expect(dependsOn.count == 1)
        let key = String(try #require(dependsOn.first).dropFirst("aws_eks_access_entry.".count))
        #expect(accessEntries[key]?["principal_arn"] as? String == Fixture.role("ops"))
    }

    static func isTerraformIdentifier(_ name: String) -> Bool {
        name.range(of: #"^[A-Za-z_][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil
    }

    func terraformResourceNames(_ access: ClusterAccess) throws -> [String] {
        let resource = try #require(try json(access, "access-entries.tf.json")["resource"] as? [String: Any])
        return resource.values.compactMap { $0 as? [String: Any] }.flatMap(\.keys)
    }

    @Test func terraformResourceNamesAreValidIdentifiers() throws {
        let names = try terraformResourceNames(Fixture.fullAccess())
        #expect(names.count == 8)
        for name in names { #expect(Self.isTerraformIdentifier(name), "invalid Terraform name '\(name)'") }
    }

    @Test func terraformResourceNamesStayValidForAClusterNameStartingWithADigit() throws {
        // ValidityGuard accepts EKS cluster names that start with a digit ("1-prod").
        let environment = Fixture.environment(clusters: [Fixture.cluster("1-prod")])
        let names = try terraformResourceNames(Fixture.access(environment))
        #expect(!names.isEmpty)
        for name in names { #expect(Self.isTerraformIdentifier(name), "invalid Terraform name '\(name)'") }
    }

    @Test func terraformResourceNamesAreUniqueForPrincipalsWithTheSameName() throws {
        let environment = Fixture.environment(groups: [Fixture.group("admins", members: [
            "arn:aws:iam::111122223333:role/admin", "arn:aws:iam::444455556666:role/admin", "arn:aws:iam::111122223333:role/team-a/admin",
        ], clusterRoles: ["cluster-admin"])])
        let names = try terraformResourceNames(Fixture.access(environment))
        #expect(names.count == 4)
        #expect(Set(names).count == names.count)
    }

    @Test("names are injective: principals whose names differ only where a lossy encoding would fold them stay apart")
    func terraformResourceNamesNeverCollide() throws {
        // `.` is written `_2e` and `_` is written `__`, so `a.b` and `a_2eb` cannot meet; nor can a
        // role and a user of one name, one name in two accounts, or a path and its absence.
        let members = [Fixture.role("a.b"), Fixture.role("a_2eb"), Fixture.role("a__b"), Fixture.role("a_b"), Fixture.user("a.b"),
                       "arn:aws:iam::444455556666:role/a.b", "arn:aws:iam::111122223333:role/p/a.b", Fixture.role("a-0-b"), Fixture.role("a_0_b")]
        let environment = Fixture.environment(groups: [Fixture.group("admins", members: members, clusterRoles: ["cluster-admin"])])
        let names = try terraformResourceNames(Fixture.access(environment))
        #expect(names.count == members.count + 1)
        #expect(Set(names).count == names.count, "\(names.sorted())")
    }

    @Test("the encoding is injective over random IAM names")
    func encodingIsInjective() {
        var rng = SeededGenerator(seed: 0x7E55_0001)
        let alphabet = Array("aZ09+=,.@_-")
        var seen: [String: String] = [:]
        for _ in 0..<20_000 {
            let name = String((0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let encoded = AccessEntriesEmitter.encode(name)
            if let other = seen[encoded] { #expect(other == name, "'\(other)' and '\(name)' both encode to '\(encoded)'") }
            seen[encoded] = name
        }
    }

    @Test func configmapModeEmitsNoAccessEntryFiles() throws {
        #expect(try Fixture.emitter("access-entries").emit(Fixture.fullAccess(authMode: .configmap), files: []).isEmpty)
        let paths = Fixture.emitAll(Fixture.fullAccess(authMode: .configmap)).map(\.path)
        #expect(!paths.contains("access-entries.json"))
        #expect(!paths.contains("access-entries.tf.json"))
    }

    @Test(arguments: [AuthMode.api, .both])
    func apiAndBothModesEmitTheApiAndTerraformFiles(mode: AuthMode) throws {
        let files = try Fixture.emitter("access-entries").emit(Fixture.fullAccess(authMode: mode), files: [])
        #expect(files.map(\.path) == ["access-entries.json", "access-entries.tf.json"])
        #expect(files.allSatisfy { !$0.isKubernetesResource })
    }
}
