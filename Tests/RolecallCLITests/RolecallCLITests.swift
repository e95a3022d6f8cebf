import Foundation
import TestSupport
import GitStore
import Testing

@Suite("rolecall command line")
struct RolecallCLITests {
    @Test func theExecutableIsBuiltNextToTheTests() throws {
        #expect(RolecallBinary.path != nil, "rolecall not found next to \(Bundle.main.bundleURL.path)")
    }

    @Test func checkExitsZeroOnACleanRepository() throws {
        let source = try CLISource()
        let commit = try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(["check", "--repo", source.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("check ok"))
        #expect(result.stdout.contains(commit.short))
        #expect(!result.output.contains("error:"))
    }

    @Test func checkExitsOneAndPointsAtTheFileLineAndColumnOfAnError() throws {
        let source = try CLISource()
        let commit = try source.commit(CLISource.withTypo)
        let result = try RolecallBinary.run(["check", "--repo", source.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.output.contains("teams/billing.yaml:4:1: error: "))
        #expect(result.output.contains("grops"))
        #expect(result.output.contains("[commit \(commit.short)]"))
        #expect(result.output.contains("check failed"))
    }

    @Test func checkDiscoversTheRepositoryFromTheCurrentFolder() throws {
        let source = try CLISource()
        try source.commit(CLISource.withTypo)
        let nested = source.path + "/teams"
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: true)
        let result = try RolecallBinary.run(["check"], in: nested)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.output.contains("teams/billing.yaml:4:1: error: "))
    }

    @Test(arguments: [["check", "--bogus"], ["compile", "--no-such-option"], ["frobnicate"], ["compile", "--env", "dev", "--env", "staging", "--output-branch", "out"],
                       ["check", "--env", "nope"], ["compile", "--ref", "main", "--env", "nope"], ["diff", "main", "main", "--env", "nope"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(arguments + ["--repo", source.path])
        #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(try source.rendered("dev") == nil)
    }

    @Test func anUnknownRefExitsTwoAndSaysWhy() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(["check", "--repo", source.path, "--ref", "no-such-branch"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot resolve 'no-such-branch'"))
    }

    @Test func compileRefMainWritesEveryRenderedBranch() throws {
        let source = try CLISource()
        let commit = try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for environment in ["dev", "staging"] {
            let tip = try #require(try source.rendered(environment), "no rendered/\(environment)")
            #expect(tip.trailer("Source-Commit") == commit.hex)
            #expect(tip.trailer("Source-Ref") == "main")
            #expect(tip.message.hasPrefix("compile \(environment) from \(commit.short)"))
        }
        let cluster = try source.repository.entry(at: "clusters/dev-eu-1/kustomization.yaml", in: try #require(try source.rendered("dev")).tree)
        #expect(cluster?.kind == .blob)
        #expect(try source.repository.resolveCommit("main") == commit)

        // Compiling the same source again moves no branch.
        let before = try source.branches()
        let again = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try source.branches() == before)
    }

    @Test func compileWithoutRefCompilesFromMainAndOnlyTheChosenEnvironment() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--env", "dev"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try source.rendered("dev")?.trailer("Source-Ref") == "main")
        #expect(try source.rendered("staging") == nil)
    }

    @Test func compileDryRunWritesNoBranch() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let before = try source.branches()
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main", "--dry-run"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try source.branches() == before)
        #expect(try source.repository.referenceNames(under: "refs/heads/rendered/").isEmpty)
    }

    @Test func compileWithAnErrorWritesNothingAndLeavesRenderedBranchesWhereTheyWere() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean)
        let first = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let before = try source.branches()
        #expect(before.keys.contains("refs/heads/rendered/dev"))

        let broken = try source.commit(CLISource.withTypo)
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.output.contains("teams/billing.yaml:4:1: error: "))
        #expect(result.stderr.contains("nothing written"))
        var expected = before
        expected["refs/heads/main"] = broken
        #expect(try source.branches() == expected)
    }

    @Test func anErrorInOneEnvironmentStopsTheCleanOnesFromBeingWrittenToo() throws {
        let source = try CLISource()
        try source.commit(CLISource.withStagingError)
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.output.contains("environments/staging.yaml:3:11: error: "))
        #expect(try source.repository.referenceNames(under: "refs/heads/rendered/").isEmpty)
    }
}
