import Foundation
import GitStore
import Testing
import TestSupport

/// CI runs `compile` without --ref on every merge: any error in the source must fail it
/// (exit 1) with the cause first, and write nothing.
@Suite("compile fails on any source error")
struct SourceErrorTests {
    /// A way to break environments/prod.yaml, and the one error it must give.
    struct Breakage: CustomTestStringConvertible, Sendable {
        var name: String
        var files: @Sendable ([String: String]) -> [String: String]
        var error: String
        var testDescription: String { name }
    }

    static let prod = "environments/prod.yaml"
    static let breakages: [Breakage] = [
        Breakage(name: "YAML error", files: { var f = $0; f[prod] = f[prod]!.replacingOccurrences(of: "authMode: both", with: "authMode: [both"); return f },
                 error: "environments/prod.yaml:4:9: error: invalid YAML: "),
        Breakage(name: "missing extends parent", files: { var f = $0; f[prod] = f[prod]!.replacingOccurrences(of: "name: prod\n", with: "name: prod\nextends: nothing\n"); return f },
                 error: "environments/prod.yaml:3:10: error: environment 'prod' extends 'nothing', which does not exist"),
        Breakage(name: "extends cycle", files: {
            var f = $0
            f[prod] = f[prod]!.replacingOccurrences(of: "name: prod\n", with: "name: prod\nextends: shared\n")
            f["environments/shared.yaml"] = "kind: Environment\nname: shared\nabstract: true\nextends: prod\n"
            return f
        }, error: "environments/shared.yaml:4:10: error: environment 'shared' extends itself through a cycle: prod -> shared -> prod"),
        Breakage(name: "wrong kind", files: { var f = $0; f[prod] = f[prod]!.replacingOccurrences(of: "kind: Environment", with: "kind: Team"); return f },
                 error: "environments/prod.yaml:1:7: error: `kind: Team` at this path"),
        Breakage(name: "wrong name", files: { var f = $0; f[prod] = f[prod]!.replacingOccurrences(of: "name: prod", with: "name: production"); return f },
                 error: "environments/prod.yaml:2:7: error: `name: production` does not match the file name"),
    ]

    @Test func theUnbrokenFixtureCompilesCleanly() throws {
        let source = try CLISource()
        let main = try source.commit(HostileFragments.threeEnvironments)
        for branch in ["env/staging", "env/prod"] {
            try source.repository.updateReference("refs/heads/" + branch, to: main, expecting: nil, message: "promoted")
        }
        let result = try source.rolecall(["compile"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("error"), "\(result.output)")
        #expect(try source.rendered("prod")?.trailer("Source-Ref") == "env/prod")
    }

    @Test(arguments: breakages, [[String](), ["--env", "prod"], ["--ref", "main"], ["--ref", "main", "--env", "prod"]])
    func aBrokenEnvironmentFailsCompileWithItsCauseOnly(breakage: Breakage, arguments: [String]) throws {
        let source = try CLISource()
        let files = breakage.files(HostileFragments.threeEnvironments)
        let first = try source.commit(files)
        // prod and staging have source branches (promoted as is), so without --ref they would compile.
        for branch in ["env/staging", "env/prod"] {
            try source.repository.updateReference("refs/heads/" + branch, to: first, expecting: nil, message: "promoted")
        }

        let result = try source.failing(["compile"] + arguments, status: 1)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "one root cause, one error: \(result.stdout)")
        #expect(errors.first?.hasPrefix(breakage.error) == true, "\(result.stdout)")
        #expect(result.stdout.contains("1 error, 0 warnings\n"), "\(result.stdout)")
        #expect(!result.output.contains("neither an environment nor a cluster"), "\(result.output)")
        #expect(!result.output.contains("is not defined"), "\(result.output)")
        #expect(result.stderr.hasSuffix("rolecall: nothing written: fix the errors above\n"), "\(result.stderr)")
        if arguments.contains("prod") {
            #expect(result.stderr.contains("rolecall: environment 'prod' failed to load\n"), "\(result.stderr)")
        }
    }

    @Test func anUnknownPromotesFromIsAnErrorNotASkip() throws {
        let source = try CLISource()
        var files = HostileFragments.threeEnvironments
        files["environments/staging.yaml"] = WorkflowFragments.environment("staging", cluster: "staging-eu-1", promotesFrom: "dve")
        try source.commit(files)
        let result = try source.failing(["compile"], status: 1)
        #expect(result.stdout.contains("environments/staging.yaml:12:15: error: promotesFrom 'dve' is not a compiled environment"), "\(result.stdout)")
        #expect(try source.rendered("dev") == nil)
    }

    @Test func aRepositoryWhoseDefaultBranchIsMasterCompilesFromMaster() throws {
        let source = try CLISource()
        let master = try source.repository.commitFiles(WorkflowFragments.promoting, branch: "master")
        try Tool.git(["symbolic-ref", "HEAD", "refs/heads/master"], in: source.path)
        let result = try source.rolecall(["compile"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("dev from master@\(master.short): rendered/dev: created "), "\(result.stdout)")
        #expect(try source.rendered("dev")?.trailer("Source-Ref") == "master")
    }

    @Test func aConfiguredSourceBranchFeedsTheFirstEnvironment() throws {
        let source = try CLISource()
        try source.commit(WorkflowFragments.promoting)
        let trunk = try source.repository.commitFiles(WorkflowFragments.promoting.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 }, branch: "trunk")
        let result = try source.rolecall(["compile", "--source-branch", "trunk"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("dev from trunk@\(trunk.short): rendered/dev: created "), "\(result.stdout)")

        let missing = try source.failing(["compile", "--source-branch", "trunk2"], status: 2)
        #expect(missing.stderr.contains("--source-branch 'trunk2' is not a local branch"), "\(missing.stderr)")
    }

    @Test func withoutMainAndWithADetachedHeadCompileSaysWhatToDo() throws {
        let source = try CLISource()
        let commit = try source.repository.commitFiles(WorkflowFragments.promoting, branch: "release")
        try Tool.git(["update-ref", "--no-deref", "HEAD", commit.hex], in: source.path)
        let result = try source.failing(["compile"], status: 2)
        #expect(result.stderr.contains("no source branch: there is no local branch `main` and HEAD names no branch"), "\(result.stderr)")
        #expect(result.stderr.contains("--source-branch"), "\(result.stderr)")
    }
}
