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

    /// import, compile, then drift: the original dumps drift until the cutover; the cluster as
    /// rendered does not; one hand-made change in it does, in every format.
    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func driftComparesTheDumpsWithTheRenderedBranch() throws {
        let (temp, repo, dumps) = try Self.workspace()
        #expect(try RolecallBinary.run(Self.importArguments(dumps, repo: repo)).status == 0)
        _ = try Tool.git(["add", "-A"], in: repo)
        _ = try Tool.git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "import"], in: repo)
        #expect(try RolecallBinary.run(["compile", "--repo", repo]).status == 0)
        let before = try Tool.git(["rev-parse", "rendered/prod"], in: repo)

        let original = try RolecallBinary.run(["drift", "--cluster", "legacy-eu-1", "--aws-auth", dumps[0], "--rbac", dumps[1], "--access-entries", dumps[2], "--repo", repo])
        #expect(original.status == 1, "\(original.output)")
        #expect(original.stdout.contains("binding RoleBinding/payments/payments-devs-edit: live, not rendered"), "\(original.stdout)")

        var rendered: [String: String] = [:]
        let listing = try Tool.git(["ls-tree", "-r", "--name-only", "rendered/prod", "clusters/legacy-eu-1/"], in: repo)
        for path in listing.split(separator: "\n").map(String.init) {
            rendered[String(path.dropFirst("clusters/legacy-eu-1/".count))] = try Tool.git(["show", "rendered/prod:\(path)"], in: repo)
        }
        let cutover = try CutoverDumps.make(from: rendered, cluster: "legacy-eu-1")
        func write(_ name: String, _ text: String) throws -> String {
            let path = temp.sub(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let awsAuth = try write("cut-aws-auth.yaml", cutover.awsAuth), entries = try write("cut-entries.json", cutover.accessEntries)
        let clean = try RolecallBinary.run(["drift", "--cluster", "legacy-eu-1", "--env", "prod", "--aws-auth", awsAuth, "--rbac", try write("cut-rbac.yaml", cutover.rbac), "--access-entries", entries, "--repo", repo])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.stdout.contains("drift of cluster legacy-eu-1 from rendered/prod: none"), "\(clean.stdout)")
        #expect(clean.stdout.contains("EKS-managed (not drift):"))

        let edited = cutover.rbac.replacingOccurrences(of: "name: payments:deployers\n  namespace: payments-batch", with: "name: payments:deployers\n  namespace: payments-batch\n  labels: {hand: made}")
            .replacingOccurrences(of: "kind: ClusterRole\n  name: edit\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: payments:deployers", with: "kind: ClusterRole\n  name: admin\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: payments:deployers")
        #expect(edited != cutover.rbac, "the hand-made change did not apply")
        let drifted = try RolecallBinary.run(["drift", "--cluster", "legacy-eu-1", "--aws-auth", awsAuth, "--rbac", try write("edit-rbac.yaml", edited), "--access-entries", entries, "--format", "markdown", "--repo", repo])
        #expect(drifted.status == 1, "\(drifted.output)")
        #expect(drifted.stdout.contains("| binding | <code>RoleBinding/payments"), "\(drifted.stdout)")
        #expect(drifted.stdout.contains("roleRef live ClusterRole admin, rendered ClusterRole edit"), "\(drifted.stdout)")
        // drift reads the branch and never moves it.
        #expect(try Tool.git(["rev-parse", "rendered/prod"], in: repo) == before)
    }

    @Test func importWithoutPrincipalsIsAUsageError() throws {
        let result = try RolecallBinary.run(["import", "--cluster", "c", "--environment", "e", "--rbac", "/dev/null"])
        #expect(result.status == 2, "\(result.output)")
    }

    /// An RBAC dump the reader refuses (a binding without a usable roleRef) is an unreadable dump:
    /// exit 2, as for aws-auth and access entries, never 1, which says the proof differs.
    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func anUnreadableRBACDumpIsExitTwo() throws {
        let broken = LiveDumpsFixture.rbac + """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: broken, namespace: payments}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Group}
          subjects: []

        """
        let (temp, repo, dumps) = try Self.workspace(rbac: broken)
        _ = temp
        let imported = try RolecallBinary.run(Self.importArguments(dumps, repo: repo))
        #expect(imported.status == 2, "\(imported.output)")
        #expect(imported.stderr.contains("RoleBinding broken has no valid roleRef"), "\(imported.output)")
    }

    /// A refused dump is named by the path the user gave, whichever of the three it is.
    @Test func anUnreadableDumpIsNamedByItsFile() throws {
        let (temp, repo, dumps) = try Self.workspace()
        let awsAuth = temp.sub("broken-aws-auth.yaml"), entries = temp.sub("broken-entries.json")
        try Data("apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n    - rolearn: x\n      groups: [a\n".utf8).write(to: URL(fileURLWithPath: awsAuth))
        try Data("{\"accessEntry\": {\"principalArn\": 5}\n".utf8).write(to: URL(fileURLWithPath: entries))
        let badAwsAuth = try RolecallBinary.run(["import", "--cluster", "c", "--environment", "e", "--aws-auth", awsAuth, "--rbac", dumps[1], "--repo", repo])
        #expect(badAwsAuth.status == 2 && badAwsAuth.stderr.contains("\(awsAuth): aws-auth: data.mapRoles is not a YAML list"), "\(badAwsAuth.output)")
        // The parser counts the lines of mapRoles' own text, which begins on line 5 of the file.
        #expect(badAwsAuth.stderr.contains("those lines count from the value's first line, line 5 of the file"), "\(badAwsAuth.output)")
        let badEntries = try RolecallBinary.run(["import", "--cluster", "c", "--environment", "e", "--access-entries", entries, "--repo", repo])
        #expect(badEntries.status == 2 && badEntries.stderr.contains("\(entries): access entries:"), "\(badEntries.output)")
    }
}
