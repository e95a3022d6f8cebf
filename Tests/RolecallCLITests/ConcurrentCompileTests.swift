import Foundation
import TestSupport
import GitStore
import Testing

/// Eight `rolecall compile` processes racing for one output branch: the compare-and-swap keeps
/// every commit complete, the newest source wins, and output never goes back.
@Suite("concurrent compiles", .serialized)
struct ConcurrentCompileTests {
    static let count = 8
    static let cluster = "dev-eu-1"

    /// The commits a process reports writing (`rendered/dev: created|committed <12 hex>`), and whether it created the branch.
    static func reported(_ result: ToolResult) -> (commits: [String], created: Bool) {
        let pattern = try! NSRegularExpression(pattern: "rendered/dev: (created|committed) ([0-9a-f]{12})")
        let text = result.stdout
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        let commits = matches.compactMap { Range($0.range(at: 2), in: text).map { String(text[$0]) } }
        return (commits, text.contains("rendered/dev: created "))
    }

    /// c1..c8 on main, each adding team `teamN` to the previous one.
    static func chain(_ source: CLISource) throws -> [ObjectID] {
        var files = CLISource.clean
        var commits: [ObjectID] = []
        for index in 1...count {
            files["teams/team\(index).yaml"] = WorkflowFragments.team("team\(index)")
            commits.append(try source.commit(files))
        }
        return commits
    }

    @Test(.timeLimit(.minutes(1)))
    func eightSimultaneousCompilesOfALinearChainLeaveOnlyCompleteBundlesInSourceOrder() throws {
        let source = try CLISource()
        let commits = try Self.chain(source)
        let position = Dictionary(uniqueKeysWithValues: commits.enumerated().map { ($1.hex, $0) })

        let processes = try commits.reversed().map { commit in
            try LaunchedRolecall(["compile", "--repo", source.path, "--ref", commit.hex, "--env", "dev"])
        }
        for process in processes { try process.start() }
        let results = processes.map { $0.wait() }

        for (index, result) in results.enumerated() {
            #expect(result.status == 0, "compile of c\(Self.count - index) exited \(result.status): \(result.output)")
        }
        let creators = results.filter { Self.reported($0).created }.count
        #expect(creators == 1, "exactly one compile creates the branch: \(results.map(\.stdout))")

        let history = try source.firstParentHistory("rendered/dev")
        let tip = try #require(history.first)
        #expect(tip.trailer("Source-Commit") == commits.last!.hex, "rendered/dev must end at the newest source c\(Self.count)")
        // No commit is lost: every commit a process reports is on the branch.
        let onBranch = Set(history.map(\.id.short))
        for (index, result) in results.enumerated() {
            for commit in Self.reported(result).commits {
                #expect(onBranch.contains(commit), "c\(Self.count - index) reported \(commit), which is not on rendered/dev")
            }
        }
        #expect(history.count <= Self.count)

        for commit in history {
            let recorded = commit.trailer("Source-Commit")
            #expect(recorded.flatMap { position[$0] } != nil, "\(commit.id.short) records no known Source-Commit: \(commit.message)")
            #expect(commit.trailer("Source-Ref") == recorded)
            for path in ["clusters/\(Self.cluster)/kustomization.yaml", "clusters/\(Self.cluster)/aws-auth.yaml", ".rolecall/metadata.json"] {
                #expect(try source.repository.entry(at: path, in: commit.tree)?.kind == .blob, "\(commit.id.short) lacks \(path)")
            }
            // The bundle is the one of its recorded source: the newest team of that source is in it.
            if let recorded, let index = position[recorded] {
                let awsAuth = try source.file("clusters/\(Self.cluster)/aws-auth.yaml", at: commit.id) ?? ""
                #expect(awsAuth.contains(WorkflowFragments.developerARN("team\(index + 1)")), "\(commit.id.short) is not the bundle of c\(index + 1)")
                #expect(!awsAuth.contains(WorkflowFragments.developerARN("team\(index + 2)")))
            }
        }
        for (child, parent) in zip(history, history.dropFirst()) {
            guard let childIndex = child.trailer("Source-Commit").flatMap({ position[$0] }),
                  let parentIndex = parent.trailer("Source-Commit").flatMap({ position[$0] }) else { continue }
            #expect(childIndex > parentIndex, "\(child.id.short) renders c\(childIndex + 1) on top of c\(parentIndex + 1): output went back")
        }
        #expect(history.last?.parents.isEmpty == true, "the first rendered commit is the root of the branch")

        // Whatever the interleaving, the result verifies.
        let verify = try source.rolecall(["verify", "--env", "dev"])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test(.timeLimit(.minutes(1)))
    func eightSimultaneousCompilesOfTheSameSourceMakeExactlyOneCommit() throws {
        let source = try CLISource()
        let commit = try source.commit(CLISource.clean)
        let processes = try (0..<Self.count).map { _ in
            try LaunchedRolecall(["compile", "--repo", source.path, "--ref", commit.hex, "--env", "dev"])
        }
        for process in processes { try process.start() }
        let results = processes.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.output)") }
        let creators = results.filter { Self.reported($0).created }.count
        #expect(creators == 1, "exactly one compile creates the branch: \(results.map(\.stdout))")
        let history = try source.firstParentHistory("rendered/dev")
        #expect(history.count == 1)
        #expect(history.first?.trailer("Source-Commit") == commit.hex)
    }
}
