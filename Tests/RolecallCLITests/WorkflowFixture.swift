import Foundation
import TestSupport
import GitStore

/// Fragments and helpers for the end-to-end GitOps workflow tests (check, diff, promote,
/// verify, init, compile from branches, concurrent compiles).
enum WorkflowFragments {
    static let account = "111122223333"

    /// The IAM role of the developers of `team` (`orders` -> `role/OrdersDeveloper`).
    static func developerARN(_ team: String) -> String {
        "arn:aws:iam::\(account):role/\(team.prefix(1).uppercased() + team.dropFirst())Developer"
    }

    /// A single-file team owning namespace `name`, its developers bound to ClusterRole `role` there.
    static func team(_ name: String, role: String = "edit") -> String {
        """
        kind: Team
        name: \(name)
        namespaces: [\(name)]
        groups:
          developers:
            members: [\(developerARN(name))]
            access: {\(name): \(role)}

        """
    }

    /// The access facts (as `check --base` words them) a `team(name)` adds to a cluster.
    static func addedFacts(ofTeam name: String, role: String = "edit") -> [String] {
        let arn = developerARN(name)
        let roleName = arn.split(separator: "/").last!
        return [
            "identity \(arn) as arn:aws:sts::\(account):assumed-role/\(roleName)/{{SessionName}} in groups [\(name):developers]",
            "namespace \(name) owned by team \(name)",
            "group \(name):developers gets ClusterRole \(role) in namespace \(name)",
        ].sorted()
    }

    /// `CLISource.environment(name, cluster:)` promoted from `from`.
    static func environment(_ name: String, cluster: String, promotesFrom from: String?) -> String {
        CLISource.environment(name, cluster: cluster) + (from.map { "promotesFrom: \($0)\n" } ?? "")
    }

    /// `dev` (fed by main, cluster dev-eu-1) and `staging` (promoted from dev, cluster staging-eu-1),
    /// plus the two teams of `CLISource.clean`.
    static var promoting: [String: String] {
        var files = CLISource.clean
        files["environments/staging.yaml"] = environment("staging", cluster: "staging-eu-1", promotesFrom: "dev")
        return files
    }
}

extension CLISource {
    /// Runs the built `rolecall` on this repository (`--repo` appended).
    func rolecall(_ arguments: [String]) throws -> ToolResult {
        try RolecallBinary.run(arguments + ["--repo", path])
    }

    /// Commits exactly `files` on top of `parent` to `branch` (created or moved).
    @discardableResult
    func commit(_ files: [String: String], on branch: String, parent: ObjectID?) throws -> ObjectID {
        try repository.commitFiles(files, parents: parent.map { [$0] } ?? [], branch: branch)
    }

    func tip(_ branch: String) throws -> ObjectID? {
        try repository.referenceTarget("refs/heads/" + branch)
    }

    /// The file `path` of commit `commit` as text.
    func file(_ path: String, at commit: ObjectID) throws -> String? {
        let info = try repository.commit(commit)
        guard let entry = try repository.entry(at: path, in: info.tree) else { return nil }
        return String(decoding: try repository.blob(entry.id), as: UTF8.self)
    }

    /// A commit made by hand on top of `branch` (no trailers), with `path` rewritten by `edit`.
    @discardableResult
    func handEdit(_ branch: String, path: String, _ edit: (String) -> String) throws -> ObjectID {
        guard let tip = try tip(branch) else { throw FixtureError("no branch \(branch)") }
        var files = try repository.files(in: try repository.commit(tip).tree)
        guard let old = files[path] else { throw FixtureError("\(branch) has no \(path)") }
        files[path] = Data(edit(String(decoding: old, as: UTF8.self)).utf8)
        let commit = try repository.createCommit(tree: try repository.writeTree(files: files), parents: [tip], message: "hand edit\n")
        try repository.updateReference("refs/heads/" + branch, to: commit, expecting: tip, message: "hand edit")
        return commit
    }

    /// `branch`'s commits, tip first, following first parents only.
    func firstParentHistory(_ branch: String) throws -> [CommitInfo] {
        var history: [CommitInfo] = []
        var next = try tip(branch)
        while let id = next {
            let commit = try repository.commit(id)
            history.append(commit)
            next = commit.parents.first
        }
        return history
    }
}

/// A `rolecall` process started in the background, with output captured through files.
final class LaunchedRolecall {
    private let process = Process()
    private let scratch: TemporaryDirectory
    private let outPath: String, errPath: String

    init(_ arguments: [String]) throws {
        guard let executable = RolecallBinary.path else { throw FixtureError("rolecall executable not found next to the test bundle") }
        scratch = try TemporaryDirectory("launched")
        outPath = scratch.sub("out")
        errPath = scratch.sub("err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_COMMITTER_NAME"] = "Fixture"
        environment["GIT_COMMITTER_EMAIL"] = "fixture@example.com"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
    }

    func start() throws { try process.run() }

    func wait() -> ToolResult {
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus,
                          stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
