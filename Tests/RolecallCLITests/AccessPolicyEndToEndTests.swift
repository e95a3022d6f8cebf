import Foundation
import TestSupport
import Testing

/// `accessPolicies:` through the `rolecall` binary: compiled into the committed access entries,
/// answered by `who-can` and `explain` for what the cluster runs, refused in `configmap`.
@Suite("access policies, end to end")
struct AccessPolicyEndToEndTests {
    static func files(mode: String) -> [String: String] {
        [
            "environments/dev.yaml": """
            kind: Environment
            name: dev
            authMode: \(mode)
            clusters:
              dev-eu-1:
                account: "111122223333"
                nodeRoles: [arn:aws:iam::111122223333:role/eks-node]
            groups:
              platform-admins:
                members: [arn:aws:iam::111122223333:role/eks-admin]
                clusterRoles: [cluster-admin]
              auditors:
                members: [arn:aws:iam::111122223333:role/Auditor]
                accessPolicies: [{policy: AmazonEKSAdminViewPolicy, scope: cluster}]
            policy:
              breakGlass: [arn:aws:iam::111122223333:role/eks-admin]

            """,
            "teams/payments.yaml": """
            kind: Team
            name: payments
            namespaces: [payments, payments-batch]
            groups:
              developers:
                members: [arn:aws:iam::111122223333:role/PaymentsDeveloper]
                accessPolicies: [{policy: AmazonEKSEditPolicy, namespaces: [payments-batch]}]

            """,
        ]
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func whoCanAndExplainAnswerForTheCommittedPolicies() throws {
        let source = try CLISource()
        try source.commit(Self.files(mode: "both"))
        let compiled = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(compiled.status == 0, "\(compiled.output)")

        let secrets = try RolecallBinary.run(["who-can", "get", "secrets", "-n", "payments", "--cluster", "dev-eu-1", "--repo", source.path])
        #expect(secrets.status == 0, "\(secrets.output)")
        #expect(secrets.stdout.contains("can  arn:aws:iam::111122223333:role/Auditor"), "\(secrets.stdout)")
        #expect(secrets.stdout.contains("via access policy AmazonEKSAdminViewPolicy, scope cluster"))
        #expect(secrets.stdout.contains("granted at environments/dev.yaml:14:22"), "\(secrets.stdout)")
        #expect(!secrets.stdout.contains("PaymentsDeveloper"), "edit in payments-batch only")

        let batch = try RolecallBinary.run(["who-can", "create", "jobs.batch", "-n", "payments-batch", "--cluster", "dev-eu-1", "--repo", source.path])
        #expect(batch.stdout.contains("arn:aws:iam::111122223333:role/PaymentsDeveloper"), "\(batch.stdout)")
        #expect(batch.stdout.contains("granted at teams/payments.yaml:7:22"), "\(batch.stdout)")

        let explained = try RolecallBinary.run(["explain", "arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/alice", "--cluster", "dev-eu-1", "--repo", source.path])
        #expect(explained.status == 0, "\(explained.output)")
        #expect(explained.stdout.contains("AmazonEKSEditPolicy, scope namespaces payments-batch"), "\(explained.stdout)")
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func configmapModeRefusesEveryPolicyAtItsLineAndWritesNothing() throws {
        let source = try CLISource()
        try source.commit(Self.files(mode: "configmap"))
        let result = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("environments/dev.yaml:14:22: error: platform group 'auditors' associates access policy AmazonEKSAdminViewPolicy, but authMode is configmap"), "\(result.stdout)")
        #expect(result.stdout.contains("teams/payments.yaml:7:22: error: group 'developers' of team 'payments' associates access policy AmazonEKSEditPolicy, but authMode is configmap"), "\(result.stdout)")
        #expect(result.stdout.contains("close to the built-in ClusterRole 'edit'"))
        #expect(try source.rendered("dev") == nil)
    }
}
