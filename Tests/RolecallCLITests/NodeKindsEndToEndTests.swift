import Foundation
import TestSupport
import Testing

/// `hybridNodeRoles` and `autoModeNodeRoles` from a real repository to the committed access
/// entries, and refused, at their fragment line, in a `configmap` environment.
@Suite("hybrid and Auto Mode node roles, end to end")
struct NodeKindsEndToEndTests {
    static func environment(mode: String) -> String {
        """
        kind: Environment
        name: dev
        authMode: \(mode)
        clusters:
          dev-eu-1:
            account: "111122223333"
            hybridNodeRoles: [arn:aws:iam::111122223333:role/eks-hybrid]
            autoModeNodeRoles: [arn:aws:iam::111122223333:role/eks-auto-custom]
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]
            clusterRoles: [cluster-admin]

        """
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func apiModeCommitsHybridLinuxAndEC2EntriesWithTheAutoNodePolicy() throws {
        let source = try CLISource()
        try source.commit(["environments/dev.yaml": Self.environment(mode: "api")])
        let result = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(result.status == 0, "\(result.output)")
        let text = try Tool.git(["show", "rendered/dev:clusters/dev-eu-1/access-entries.json"], in: source.path)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let entries = try #require(object["accessEntries"] as? [[String: Any]])
        let byARN = Dictionary(uniqueKeysWithValues: entries.map { ($0["principalArn"] as? String ?? "", $0) })
        #expect(byARN["arn:aws:iam::111122223333:role/eks-hybrid"]?["type"] as? String == "HYBRID_LINUX")
        let auto = try #require(byARN["arn:aws:iam::111122223333:role/eks-auto-custom"])
        #expect(auto["type"] as? String == "EC2")
        #expect((auto["accessPolicies"] as? [[String: Any]])?.compactMap { $0["policyArn"] as? String }
                == ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"])
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func configmapModeFailsAtEachHybridAndAutoModeRoleAndWritesNothing() throws {
        let source = try CLISource()
        try source.commit(["environments/dev.yaml": Self.environment(mode: "configmap")])
        let result = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("environments/dev.yaml:7:23: error: node role arn:aws:iam::111122223333:role/eks-hybrid would not join cluster 'dev-eu-1' as a hybrid node: EKS supports hybrid nodes only in clusters whose authentication mode is API or API_AND_CONFIG_MAP"), "\(result.output)")
        #expect(result.stdout.contains("environments/dev.yaml:8:25: error: node role arn:aws:iam::111122223333:role/eks-auto-custom would not join cluster 'dev-eu-1' as a node of an Auto Mode node class"), "\(result.output)")
        #expect(try source.rendered("dev") == nil)
    }
}
