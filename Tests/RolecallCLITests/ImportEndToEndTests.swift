import Foundation
import TestSupport
import Testing

/// `rolecall import` through the binary, on realistic dumps: fragments written into the working
/// tree of a real repository, the proof printed, and the result compiling as it was proven.
@Suite("import, end to end")
struct ImportEndToEndTests {
    /// A working tree with the three dumps beside it.
    static func workspace(rbac: String = LiveDumpsFixture.rbac) throws -> (temp: TemporaryDirectory, repo: String, dumps: [String]) {
        let temp = try TemporaryDirectory("import")
        let repo = temp.sub("repo")
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        _ = try Tool.git(["init", "-q", "-b", "main"], in: repo)
        var dumps: [String] = []
        for (name, text) in [("aws-auth.yaml", LiveDumpsFixture.awsAuth), ("rbac.yaml", rbac), ("entries.json", LiveDumpsFixture.accessEntries)] {
            let path = temp.sub(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            dumps.append(path)
        }
        return (temp, repo, dumps)
    }

    static func importArguments(_ dumps: [String], repo: String) -> [String] {
        ["import", "--cluster", "legacy-eu-1", "--environment", "prod", "--aws-auth", dumps[0], "--rbac", dumps[1], "--access-entries", dumps[2], "--repo", repo]
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func importWritesFragmentsThatCompileAndProvesEqualAccess() throws {
        let (temp, repo, dumps) = try Self.workspace()
        _ = temp
        let result = try RolecallBinary.run(Self.importArguments(dumps, repo: repo))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("equal: every principal has the same access"), "\(result.stdout)")
        #expect(result.stdout.contains("groups [payments-devs] → [payments:payments-devs]"))
        #expect(result.stdout.contains("ServiceAccount monitoring/prometheus"))
        for path in ["environments/prod.yaml", "teams/payments.yaml", "teams/billing.yaml", "teams/search.yaml"] {
            #expect(FileManager.default.fileExists(atPath: repo + "/" + path), "\(path) not written")
        }
        // What was proven in memory compiles from git the same way.
        _ = try Tool.git(["add", "-A"], in: repo)
        _ = try Tool.git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "import"], in: repo)
        let compiled = try RolecallBinary.run(["compile", "--repo", repo])
        #expect(compiled.status == 0, "\(compiled.output)")
        let terraform = try Tool.git(["show", "rendered/prod:clusters/legacy-eu-1/access-entries.tf.json"], in: repo)
        #expect(terraform.contains("\"id\": \"legacy-eu-1:arn:aws:iam::111122223333:role/eks-mng-node\""), "\(terraform)")
        let whoCan = try RolecallBinary.run(["who-can", "get", "pods", "-n", "search", "--cluster", "legacy-eu-1", "--repo", repo])
        #expect(whoCan.stdout.contains("AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c"), "\(whoCan.stdout)")
        #expect(whoCan.stdout.contains("via access policy AmazonEKSViewPolicy, scope namespaces search"))
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func aGrantFragmentsCannotCarryFailsTheProofWithExitOne() throws {
        let rbac = LiveDumpsFixture.rbac + """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ci-nodes}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:node}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}

        """
        let (temp, repo, dumps) = try Self.workspace(rbac: rbac)
        _ = temp
        let result = try RolecallBinary.run(Self.importArguments(dumps, repo: repo))
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("ClusterRoleBinding ci-nodes refers to ClusterRole system:node, a role Kubernetes or EKS owns"), "\(result.stdout)")
        #expect(result.stdout.contains("arn:aws:iam::111122223333:role/ci-deployer: get pods -n payments: can → no"), "\(result.stdout)")
    }

    @Test func importWithoutPrincipalsIsAUsageError() throws {
        let result = try RolecallBinary.run(["import", "--cluster", "c", "--environment", "e", "--rbac", "/dev/null"])
        #expect(result.status == 2, "\(result.output)")
    }
}
