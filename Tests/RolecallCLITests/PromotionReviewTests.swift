import Foundation
import GitStore
import Testing
import TestSupport

/// `promote dev staging` carries only a source that reached dev's own source branch and that
/// rendered/dev really renders: a hand-made rendered/dev commit cannot smuggle a commit in.
@Suite("promotion carries only reviewed commits")
struct PromotionReviewTests {
    @Test(arguments: RefStorage.allCases)
    func aHandMadeRenderedCommitNamingAnUnreviewedCommitOnADeletedBranchIsRefused(storage: RefStorage) throws {
        let (source, main) = try PromoteWorkflowTests.compiledDev()
        // An attacker's commit, never merged: it gives the attacker's role cluster-admin.
        var evil = WorkflowFragments.promoting
        evil["environments/dev.yaml"] = evil["environments/dev.yaml"]!.replacingOccurrences(of: "role/eks-admin]", with: "role/eks-admin, arn:aws:iam::111122223333:role/Attacker]")
        evil["environments/staging.yaml"] = evil["environments/staging.yaml"]!.replacingOccurrences(of: "role/eks-admin]", with: "role/eks-admin, arn:aws:iam::111122223333:role/Attacker]")
        let unreviewed = try source.commit(evil, on: "attack", parent: main)
        // Its genuine rendering, committed by hand on rendered/dev, then the branch deleted.
        #expect(try source.rolecall(["compile", "--ref", "attack", "--env", "dev", "--output-branch", "scratch/{env}"]).status == 0)
        let scratch = try #require(try source.tip("scratch/dev"))
        let renderedDev = try #require(try source.tip("rendered/dev"))
        let forged = try source.repository.createCommit(tree: try source.repository.commit(scratch).tree, parents: [renderedDev],
                                                        message: "compile dev from \(unreviewed.short)\n\nSource-Commit: \(unreviewed.hex)\nSource-Ref: main\n")
        try source.repository.updateReference("refs/heads/rendered/dev", to: forged, expecting: renderedDev, message: "forge")
        try Tool.git(["branch", "-D", "attack", "scratch/dev"], in: source.path)
        try storage.apply(to: source)

        let result = try source.failing(["promote", "dev", "staging"], status: 1)
        #expect(result.stderr.contains("rolecall: promotion refused: rendered/dev records Source-Commit \(unreviewed.short), which is not on main, the branch dev compiles from"), "\(result.stderr)")
        #expect(try source.tip("env/staging") == nil)
        #expect(try source.rendered("staging") == nil)
    }

    @Test func aRenderedTreeThatIsNotWhatTheReviewedSourceCompilesToIsRefused() throws {
        let (source, main) = try PromoteWorkflowTests.compiledDev()
        let tip = try #require(try source.tip("rendered/dev"))
        var files = try source.repository.files(in: try source.repository.commit(tip).tree)
        files["clusters/dev-eu-1/aws-auth.yaml"]! += Data("# tampered\n".utf8)
        let forged = try source.repository.createCommit(tree: try source.repository.writeTree(files: files), parents: [tip],
                                                        message: "compile dev from \(main.short)\n\nSource-Commit: \(main.hex)\nSource-Ref: main\n")
        try source.repository.updateReference("refs/heads/rendered/dev", to: forged, expecting: tip, message: "forge")

        let result = try source.failing(["promote", "dev", "staging"], status: 1)
        #expect(result.stderr.contains("rolecall: promotion refused: rendered/dev is not what rolecall 0.1.0 compiles from its Source-Commit \(main.short) (changed clusters/dev-eu-1/aws-auth.yaml)"), "\(result.stderr)")
    }

    @Test func aLaterEnvironmentPromotesOnlyWhatIsOnItsOwnEnvBranch() throws {
        var files = WorkflowFragments.promoting
        files["environments/prod.yaml"] = WorkflowFragments.environment("prod", cluster: "prod-eu-1", promotesFrom: "staging")
        let (source, _) = try PromoteWorkflowTests.compiledDev(files)
        #expect(try source.rolecall(["promote", "dev", "staging"]).status == 0)
        // rendered/staging recompiled from main's newer commit, which never went through env/staging.
        let newer = try source.commit(files.merging(["teams/orders.yaml": WorkflowFragments.team("orders")]) { $1 })
        #expect(try source.rolecall(["compile", "--ref", "main", "--env", "staging"]).status == 0)

        let result = try source.failing(["promote", "staging", "prod"], status: 1)
        #expect(result.stderr.contains("rendered/staging records Source-Commit \(newer.short), which is not on env/staging, the branch staging compiles from"), "\(result.stderr)")
    }

    @Test(arguments: [["promote", "", "staging"], ["promote", "dev", ""], ["promote", "dev", "nope"], ["promote", "nope", "staging"]])
    func promoteArgumentsThatNameNoEnvironmentAreUsageErrors(arguments: [String]) throws {
        let (source, _) = try PromoteWorkflowTests.compiledDev()
        let result = try source.failing(arguments, status: 2)
        #expect(result.stderr.lowercased().contains("error: "), "\(result.stderr)")
    }
}
