import Foundation
import GitStore
import TestSupport
import Testing

/// Lockout is judged on what is emitted: an environment whose `plugins:` or `authMode` leaves
/// nodes or break-glass without a working mapping fails at the environment line that caused it,
/// and nothing is written, whatever the spec looks like.
@Suite("lockout, judged on the emitted files, end to end")
struct LockoutEndToEndTests {
    static func environment(mode: String, plugins: String?, admin: String = "arn:aws:iam::111122223333:role/eks-admin") -> String {
        """
        kind: Environment
        name: dev
        authMode: \(mode)
        \(plugins.map { "plugins: \($0)" } ?? "# every emitter")
        clusters:
          dev-eu-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node]
          dev-fargate:
            account: "111122223333"
            fargateRoles: [arn:aws:iam::111122223333:role/eks-fargate]
          dev-windows:
            account: "111122223333"
            windowsNodeRoles: [arn:aws:iam::111122223333:role/eks-windows]
        groups:
          platform-admins:
            members: [\(admin)]
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/eks-admin]

        """
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var mode: String
        var plugins: String?
        /// What the first error says is missing, and the line it names.
        var missing: String
        var line: Int
        var testDescription: String { "authMode \(mode), plugins \(plugins ?? "(all)")" }
    }

    static let cases: [Case] = [
        Case(mode: "configmap", plugins: "[access-entries, rbac, kustomize]", missing: "leaves out aws-auth", line: 4),
        Case(mode: "configmap", plugins: "[]", missing: "leaves out rbac, aws-auth", line: 4),
        Case(mode: "configmap", plugins: "[aws-auth, kustomize]", missing: "leaves out rbac", line: 4),
        Case(mode: "api", plugins: "[aws-auth, rbac, kustomize]", missing: "leaves out access-entries", line: 4),
        Case(mode: "api", plugins: "[access-entries]", missing: "leaves out rbac", line: 4),
        Case(mode: "both", plugins: "[rbac, kustomize]", missing: "leaves out aws-auth, access-entries", line: 4),
        Case(mode: "both", plugins: "[]", missing: "leaves out rbac, aws-auth, access-entries", line: 4),
    ]

    @Test(arguments: cases)
    func anEnvironmentThatWouldLockOutFailsAtItsPluginsLineAndWritesNothing(_ c: Case) throws {
        let temp = try TemporaryDirectory("lockout")
        let repository = try Repository(creatingAt: temp.sub("source"))
        try repository.commitFiles(["environments/dev.yaml": Self.environment(mode: c.mode, plugins: c.plugins)])
        try Tool.git(["pack-refs", "--all"], in: repository.gitDirectory)
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))
        for arguments in [["compile", "--ref", "main"], ["compile"], ["check"]] {
            let result = try RolecallBinary.run(arguments + ["--repo", temp.sub("source")])
            #expect(result.status == 1, "\(arguments): \(result.output)")
            let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(!errors.isEmpty && errors.allSatisfy { $0.hasPrefix("environments/dev.yaml:\(c.line):10: error: ") && $0.contains(c.missing) }, "\(arguments): \(result.stdout)")
            #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory)) == before)
        }
    }

    @Test("every emitter and every auth mode: nodes of all three kinds and break-glass pass", arguments: ["configmap", "api", "both"])
    func everyModeWithEveryEmitterCompiles(mode: String) throws {
        let temp = try TemporaryDirectory("lockout")
        let repository = try Repository(creatingAt: temp.sub("source"))
        try repository.commitFiles(["environments/dev.yaml": Self.environment(mode: mode, plugins: nil)])
        let result = try RolecallBinary.run(["compile", "--ref", "main", "--repo", temp.sub("source")])
        #expect(result.status == 0, "\(result.output)")
        // Read back: break-glass reaches cluster-admin through the ClusterRoleBinding in every cluster.
        for cluster in ["dev-eu-1", "dev-fargate", "dev-windows"] {
            let bundle = try EmittedBundle(repository: repository, branch: "rendered/dev", cluster: cluster)
            #expect(bundle.clusterAdminGroups == ["platform-admins"])
            let groups = mode == "api" ? bundle.entries.first { $0.principalArn.hasSuffix("/eks-admin") }?.groups : bundle.mapRoles.first { $0.arn.hasSuffix("/eks-admin") }?.groups
            #expect(groups == ["platform-admins"], "\(cluster)")
        }
    }

    @Test("a break-glass username the authenticator renders only for EC2 instances locks people out")
    func breakGlassWithAnEC2UsernameFails() throws {
        let temp = try TemporaryDirectory("lockout")
        let repository = try Repository(creatingAt: temp.sub("source"))
        let text = Self.environment(mode: "configmap", plugins: nil,
                                    admin: "{arn: \"arn:aws:iam::111122223333:role/eks-admin\", username: \"admin:{{EC2PrivateDNSName}}\"}")
        try repository.commitFiles(["environments/dev.yaml": text])
        let result = try RolecallBinary.run(["compile", "--ref", "main", "--repo", temp.sub("source")])
        #expect(result.status == 1)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.contains { $0.hasPrefix("environments/dev.yaml:17:75: error: username 'admin:{{EC2PrivateDNSName}}' uses {{EC2PrivateDNSName}}") })
        #expect(errors.contains { $0.hasPrefix("environments/dev.yaml:20:16: error: break-glass principal arn:aws:iam::111122223333:role/eks-admin would not reach cluster-admin in cluster 'dev-eu-1': 'admin:{{EC2PrivateDNSName}}' needs {{EC2PrivateDNSName}}") })
        #expect(try repository.referenceTarget("refs/heads/rendered/dev") == nil)
    }
}
