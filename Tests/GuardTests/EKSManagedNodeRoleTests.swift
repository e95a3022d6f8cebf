import Foundation
import Model
import Testing

/// `eksManagedNodeRoles`: node roles whose access entries EKS creates itself (managed node
/// groups, Fargate profiles). They stay in aws-auth and in the lockout proof; Terraform adopts
/// the existing entry through an import block instead of creating it (which fails with 409).
@Suite("EKS-managed node roles")
struct EKSManagedNodeRoleTests {
    static func environment(mode: String = "both", managed: String = "[arn:aws:iam::111122223333:role/MNG-Node, arn:aws:iam::111122223333:role/fargate-pods]") -> String {
        """
        kind: Environment
        name: dev
        authMode: \(mode)
        clusters:
          c1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/mng-node, arn:aws:iam::111122223333:role/self-managed]
            windowsNodeRoles: [arn:aws:iam::111122223333:role/win]
            fargateRoles: [arn:aws:iam::111122223333:role/fargate-pods]
            eksManagedNodeRoles: \(managed)
        groups:
          admins:
            members: [arn:aws:iam::111122223333:role/admin]
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/admin]

        """
    }

    static func compile(_ environment: String) throws -> (files: [String: String], codes: [String]) {
        let compiled = try GuardFixture.accesses(environment: environment, teams: [:])[0]
        return (Dictionary(uniqueKeysWithValues: compiled.files.map { ($0.path, $0.contents) }), compiled.diagnostics.map(\.code))
    }

    static func json(_ text: String?) throws -> [String: Any] {
        let text = try #require(text)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func managedEntriesAreMarkedAndImportedNotCreatedAndStillInAwsAuth() throws {
        let (files, codes) = try Self.compile(Self.environment())
        #expect(codes == [])
        let entries = (try Self.json(files["access-entries.json"])["accessEntries"] as? [[String: Any]]) ?? []
        let managed = entries.filter { $0["managedBy"] as? String == "eks" }.compactMap { $0["principalArn"] as? String }.sorted()
        // Matched case-insensitively, as the authenticator matches node roles.
        #expect(managed == ["arn:aws:iam::111122223333:role/fargate-pods", "arn:aws:iam::111122223333:role/mng-node"])

        let terraform = try Self.json(files["access-entries.tf.json"])
        let resources = (terraform["resource"] as? [String: Any])?["aws_eks_access_entry"] as? [String: [String: Any]] ?? [:]
        let imports = terraform["import"] as? [[String: String]] ?? []
        #expect(imports.count == 2)
        for block in imports {
            // Every import targets an entry the file declares, with the provider's `<cluster>:<principal>` id.
            let to = try #require(block["to"])
            #expect(to.hasPrefix("aws_eks_access_entry."))
            let resource = try #require(resources[String(to.dropFirst("aws_eks_access_entry.".count))], "\(to) is not declared")
            #expect(block["id"] == "c1:\(resource["principal_arn"] as? String ?? "")")
            #expect(managed.contains(resource["principal_arn"] as? String ?? ""))
        }
        // aws-auth keeps them: the ConfigMap rolecall applies replaces the rows EKS wrote.
        let awsAuth = try #require(files["aws-auth.yaml"])
        #expect(awsAuth.contains("rolearn: arn:aws:iam::111122223333:role/mng-node"))
        #expect(awsAuth.contains("rolearn: arn:aws:iam::111122223333:role/fargate-pods"))
    }

    @Test func withoutManagedRolesThereIsNoImportBlock() throws {
        let (files, _) = try Self.compile(Self.environment(managed: "[]"))
        #expect(try Self.json(files["access-entries.tf.json"])["import"] == nil)
        #expect(!(files["access-entries.json"] ?? "").contains("managedBy"))
    }

    @Test func aManagedRoleThatIsNoNodeRoleIsAnError() throws {
        let codes = try Self.compile(Self.environment(managed: "[arn:aws:iam::111122223333:role/typo]")).codes
        #expect(codes == ["unknown-managed-node-role"])
    }

    @Test func hybridRolesAreNeverEKSManaged() throws {
        let environment = Self.environment(mode: "api", managed: "[arn:aws:iam::111122223333:role/hybrid]")
            .replacingOccurrences(of: "    fargateRoles:", with: "    hybridNodeRoles: [arn:aws:iam::111122223333:role/hybrid]\n    fargateRoles:")
        #expect(environment.contains("hybridNodeRoles"))
        let findings = try GuardFixture.accesses(environment: environment, teams: [:])[0].diagnostics
        #expect(findings.map(\.code) == ["unknown-managed-node-role"])
        #expect(findings.first?.message.contains("EKS creates access entries itself only for managed node groups and Fargate profiles") == true, "\(findings.map(\.message))")
    }

    @Test func theLockoutProofStillCoversManagedRoles() throws {
        // In api mode the proof reads the managed entry from access-entries.json: it must be a plain EC2_LINUX entry.
        #expect(try Self.compile(Self.environment(mode: "api")).codes == [])
        #expect(try Self.compile(Self.environment(mode: "configmap")).codes == [])
    }
}
