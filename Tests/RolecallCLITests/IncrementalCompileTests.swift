import Foundation
import GitStore
import Testing
import TestSupport

/// `rolecall compile` reuses what the output branches hold, and says so; a compile whose
/// fragments did not change reads none of them.
@Suite("incremental compile")
struct IncrementalCompileTests {
    /// `teams/billing.yaml` with a wildcard role: a warning every compile must report.
    static var warned: [String: String] {
        var files = CLISource.clean
        files["teams/billing.yaml"] = """
        kind: Team
        name: billing
        namespaces: [billing]
        groups:
          engineers:
            members: [arn:aws:iam::111122223333:role/BillingEngineer]
            access: {billing: everything}
        roles:
          everything:
            rules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]

        """
        return files
    }

    /// The finding lines of a compile's output, without the commit they name.
    static func findings(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": error: ") }
            .map { $0.replacingOccurrences(of: #"\[commit [0-9a-f]+\]"#, with: "", options: .regularExpression) }
    }

    @Test func aCompileOfUnchangedFragmentsReadsNoneOfThemAndReportsTheSameFindings() throws {
        let source = try CLISource()
        try source.commit(Self.warned)
        let cold = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(cold.status == 0, "\(cold.output)")
        #expect(cold.stdout.contains("warning: role 'everything' of team 'billing' uses a wildcard"), "\(cold.output)")
        #expect(cold.stdout.contains("clusters: 2 rendered, 0 reused"), "\(cold.output)")

        // A commit beside the fragments: new source commit, same fragments.
        var files = Self.warned
        files["README.md"] = "# access\n"
        try source.commit(files)
        // Take a fragment out of the object database: a compile that parsed would fail.
        let blob = try source.repository.entry(at: "teams/payments.yaml", in: try source.repository.commit(try source.repository.resolveCommit("main")).tree)!.id
        let loose = URL(fileURLWithPath: source.repository.gitDirectory).appendingPathComponent("objects/\(blob.hex.prefix(2))/\(blob.hex.dropFirst(2))")
        try FileManager.default.removeItem(at: loose)

        let replayed = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(replayed.status == 0, "\(replayed.output)")
        #expect(Self.findings(replayed.stdout) == Self.findings(cold.stdout), "the same findings, replayed from the record")
        #expect(replayed.stdout.contains("rendered/dev: committed"), "\(replayed.output)")
        #expect(replayed.stdout.contains("clusters: 0 rendered, 2 reused"), "\(replayed.output)")
        // The replayed commit links the record the cold one wrote, byte for byte.
        for branch in ["rendered/dev", "rendered/staging"] {
            let record = { (commit: String) in try Tool.git(["rev-parse", "\(commit):.rolecall/cache.json"], in: source.path) }
            #expect(try record(branch) == (try record(branch + "^")), "\(branch)")
        }
        let again = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(again.status == 0 && again.stdout.contains("rendered/dev: unchanged"), "\(again.output)")

        // --strict makes the replayed warning an error, and nothing is written.
        let strict = try RolecallBinary.run(["compile", "--strict", "--repo", source.path])
        #expect(strict.status == 1 && strict.stderr.contains("nothing written"), "\(strict.output)")

        // Without the cache the missing fragment is read, and the compile fails, moving nothing.
        let before = try source.branches()
        let uncached = try RolecallBinary.run(["compile", "--no-cache", "--repo", source.path])
        #expect(uncached.status != 0, "\(uncached.output)")
        #expect(try source.branches() == before)
    }

    @Test func aOneTeamChangeRendersOnlyTheClustersItReaches() throws {
        let source = try CLISource()
        var files = CLISource.clean
        files["teams/billing.yaml"] = files["teams/billing.yaml"]!.replacingOccurrences(of: "namespaces: [billing]", with: "namespaces: [billing]\nplacement: {environments: [staging]}")
        try source.commit(files)
        #expect(try RolecallBinary.run(["compile", "--repo", source.path]).status == 0)
        files["teams/billing.yaml"] = files["teams/billing.yaml"]!.replacingOccurrences(of: "role/BillingEngineer]", with: "role/BillingEngineer, arn:aws:iam::111122223333:role/BillingLead]")
        try source.commit(files)
        let result = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("clusters: 1 rendered, 1 reused"), "\(result.output)")
        #expect(result.stdout.contains("rendered/dev: committed") && result.stdout.contains("rendered/staging: committed"), "\(result.output)")
        // What was written is what a compile without the cache writes.
        let verify = try RolecallBinary.run(["verify", "--repo", source.path])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// One output branch for several environments (`--output-branch out --env E`, one job per
    /// environment): the tip holds another environment's bundle of the same source. Replaying it
    /// would publish dev's clusters as staging; the compile must render staging's own.
    @Test func aTipOfAnotherEnvironmentIsNeverReplayed() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let dev = try RolecallBinary.run(["compile", "--repo", source.path, "--env", "dev", "--output-branch", "out"])
        #expect(dev.status == 0, "\(dev.output)")
        let staging = try RolecallBinary.run(["compile", "--repo", source.path, "--env", "staging", "--output-branch", "out"])
        #expect(staging.status == 0, "\(staging.output)")
        let cold = try RolecallBinary.run(["compile", "--repo", source.path, "--env", "staging", "--output-branch", "cold", "--no-cache"])
        #expect(cold.status == 0, "\(cold.output)")
        let files = try Tool.git(["ls-tree", "-r", "--name-only", "out"], in: source.path)
        #expect(files.contains("clusters/staging-eu-1/") && !files.contains("clusters/dev-eu-1/"), "\(files)")
        #expect(try Tool.git(["rev-parse", "out^{tree}"], in: source.path) == (try Tool.git(["rev-parse", "cold^{tree}"], in: source.path)))
    }

    /// Every object file of the repository, by path.
    static func objects(_ source: CLISource) throws -> Set<String> {
        let root = URL(fileURLWithPath: source.repository.gitDirectory).appendingPathComponent("objects")
        return Set(FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
    }

    @Test func aDryRunWritesNoObject() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let before = try Self.objects(source)
        let result = try RolecallBinary.run(["compile", "--dry-run", "--repo", source.path])
        #expect(result.status == 0 && result.stdout.contains("would write rendered/dev (dry run)"), "\(result.output)")
        #expect(result.stdout.contains("clusters: 2 rendered, 0 reused"), "\(result.output)")
        #expect(try Self.objects(source) == before)
    }

    /// Everything but the summary line, which says how much was reused.
    static func report(_ output: String) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("check ok:") && !$0.hasPrefix("check failed:") }
            .joined(separator: "\n")
    }

    /// A merge request's check: the clusters the output branches hold under the head's key are
    /// taken from their records, and the report is the one a check without them prints, also
    /// when the branches already hold the head (its clusters are reused, and still compared).
    @Test func aCheckTakesWhatTheOutputBranchesHoldAndReportsWhatAFullCheckReports() throws {
        let source = try CLISource()
        let main = try source.commit(Self.warned)
        #expect(try RolecallBinary.run(["compile", "--repo", source.path]).status == 0)
        var files = Self.warned
        files["teams/orders.yaml"] = WorkflowFragments.team("orders").replacingOccurrences(of: "namespaces: [orders]", with: "namespaces: [orders]\nplacement: {environments: [staging]}")
        #expect(files["teams/orders.yaml"]!.contains("placement:"))
        try source.commit(files, on: "feature", parent: main)

        for format in ["text", "json", "markdown"] {
            let full = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature", "--no-cache", "--format", format])
            let cached = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature", "--format", format])
            #expect(full.status == 0 && cached.status == 0, "\(full.output)\n\(cached.output)")
            #expect(Self.report(cached.stdout) == Self.report(full.stdout), "\(format)")
            #expect(full.stdout.contains("team-orders") || full.stdout.contains("orders"), "\(full.stdout)")
        }
        let cached = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature"])
        #expect(cached.stdout.contains("warning: role 'everything' of team 'billing' uses a wildcard"), "\(cached.output)")
        #expect(cached.stdout.contains("2 clusters (1 checked already"), "\(cached.output)")
        #expect(cached.stdout.contains("staging/staging-eu-1 (changed)") && !cached.stdout.contains("dev/dev-eu-1 (changed)"), "\(cached.output)")

        // The output branches now hold the head: both clusters are reused, the changed one is still compared.
        #expect(try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "feature"]).status == 0)
        let merged = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature"])
        let full = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature", "--no-cache"])
        #expect(merged.stdout.contains("2 clusters (2 checked already"), "\(merged.output)")
        #expect(Self.report(merged.stdout) == Self.report(full.stdout), "\(merged.output)")
        #expect(Self.report(merged.stdout) == Self.report(cached.stdout), "\(merged.output)")
    }

    /// check reads the output branches: a name git reads as another ref is refused there too.
    @Test func checkRefusesAnOutputBranchGitReadsAsAnotherRef() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(["check", "--repo", source.path, "--output-branch", "heads/{env}"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("output branch 'heads/dev' (--output-branch 'heads/{env}' for environment 'dev') is not a valid branch name"), "\(result.output)")
    }

    /// A cluster moved to another environment leaves the first one's output branch: destructive,
    /// whichever environments the check is asked about.
    @Test func aClusterMovedToAnotherEnvironmentIsRemovedFromTheFirst() throws {
        let source = try CLISource()
        let main = try source.commit(CLISource.clean)
        #expect(try RolecallBinary.run(["compile", "--repo", source.path]).status == 0)
        var files = CLISource.clean
        files["environments/dev.yaml"] = files["environments/dev.yaml"]!.replacingOccurrences(of: "clusters:\n", with: "clusters:\n  staging-eu-1:\n    account: \"111122223333\"\n    nodeRoles: [arn:aws:iam::111122223333:role/eks-node-staging-eu-1]\n")
        files["environments/staging.yaml"] = CLISource.environment("staging", cluster: "staging-eu-2")
        try source.commit(files, on: "feature", parent: main)
        for arguments in [[], ["--no-cache"]] {
            let result = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature"] + arguments)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stdout.contains("staging/staging-eu-1: cluster staging-eu-1 is no longer compiled"), "\(result.output)")
            #expect(result.stdout.contains("staging/staging-eu-1 (removed)") && result.stdout.contains("dev/staging-eu-1 (added)"), "\(result.output)")
        }
    }
}
