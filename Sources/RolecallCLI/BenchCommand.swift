import ArgumentParser
import Compiler
import Dispatch
import Foundation
import GitStore
import Output

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure compile time on a generated repository of many teams and clusters.",
        discussion: """
        Builds a synthetic source repository in a temporary folder (through libgit2, like real input), then times: a cold compile (every blob parsed), a warm compile of a commit that changes one team (parses are cached by blob id), and publishing the bundles. It repeats the cold compile with twice the teams and prints the ratio, which should stay near 2 (linear). Ratios from one run are comparable on a busy machine; absolute times are not.
        """)

    @Option(help: "Teams in the generated repository.")
    var teams = 1000

    @Option(help: "Clusters per environment (two environments).")
    var clusters = 50

    @Option(help: "Members per team group (two groups per team).")
    var members = 3

    func validate() throws {
        guard teams > 0, clusters > 0, members > 0 else { throw ValidationError("--teams, --clusters and --members must be positive") }
        // Beyond these the corpus would not fit in memory (and the counts would overflow); say so up front.
        guard teams <= 100_000, clusters <= 5_000, members <= 1_000 else {
            throw ValidationError("--teams at most 100000, --clusters at most 5000, --members at most 1000")
        }
    }

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rolecall-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = try Repository(creatingAt: folder.path, bare: true)
        // Past a few thousand identities aws-auth outgrows its 1 MiB: use access entries, as a real
        // platform of that size must. Both runs use the same mode, so their ratio compares like with like.
        let authMode = 2 * teams * members * 2 > 6000 ? "api" : "both"
        Console.out("generating \(teams) teams, \(2 * clusters) clusters in 2 environments...\n")
        let first = try repository.createCommit(tree: try repository.writeTree(files: SyntheticSource.files(teams: teams, clusters: clusters, members: members, authMode: authMode)), parents: [], message: "synthetic")
        var changed = SyntheticSource.files(teams: teams, clusters: clusters, members: members, authMode: authMode)
        changed["teams/team-0.yaml"] = Data(SyntheticSource.team(0, members: members + 1).utf8)
        let second = try repository.createCommit(tree: try repository.writeTree(files: changed), parents: [first], message: "one team changed")
        let doubled = try repository.createCommit(tree: try repository.writeTree(files: SyntheticSource.files(teams: 2 * teams, clusters: clusters, members: members, authMode: authMode)), parents: [], message: "doubled")

        let compiler = RepositoryOptions.compiler(for: repository)
        let (cold, coldSeconds) = try time { try compiler.compile(commit: first) }
        guard !cold.hasErrors else {
            Console.report(cold.diagnostics, format: .text)
            throw Failure(message: "the generated repository does not compile")
        }
        let (_, warmSeconds) = try time { try compiler.compile(commit: second) }
        let (_, publishSeconds) = try time {
            _ = try Publication.publish([(Workflow.mainBranch, cold)], in: repository)
        }
        let fresh = RepositoryOptions.compiler(for: repository)
        let (_, doubledSeconds) = try time { try fresh.compile(commit: doubled) }
        let identities = cold.environments.flatMap(\.clusters).reduce(0) { $0 + $1.identities.count }
        func row(_ name: String, _ seconds: Double) -> String {
            name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%9.3f s\n", seconds)
        }
        Console.out(row("cold compile (\(teams) teams, \(2 * clusters) clusters)", coldSeconds))
        Console.out(row("warm compile (one team changed)", warmSeconds))
        Console.out(row("publish 2 output branches", publishSeconds))
        Console.out(row("cold compile (\(2 * teams) teams)", doubledSeconds))
        Console.out(String(format: "identities rendered: %d (%.1f µs each, cold)\n", identities, coldSeconds / Double(max(identities, 1)) * 1e6))
        Console.out(String(format: "ratio warm/cold: %.2f   ratio doubled/cold: %.2f (linear: 2.00)\n", warmSeconds / coldSeconds, doubledSeconds / coldSeconds))
    }

    private func time<T>(_ work: () throws -> T) throws -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try work()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

/// A repository shaped like a large real one: an abstract base, two environments of many
/// clusters, a template, and teams with two groups, a role and namespaces of their own.
enum SyntheticSource {
    static func files(teams: Int, clusters: Int, members: Int, authMode: String) -> [String: Data] {
        var files: [String: Data] = [:]
        files["environments/base.yaml"] = Data("""
        kind: Environment
        name: base
        abstract: true
        authMode: \(authMode)
        groups:
          admins:
            members: [arn:aws:iam::111122223333:role/admin]
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/admin]
          allowedAccounts: ["111122223333"]

        """.utf8)
        for (index, environment) in ["dev", "prod"].enumerated() {
            var text = "kind: Environment\nname: \(environment)\nextends: base\n"
            if index > 0 { text += "promotesFrom: dev\n" }
            text += "clusters:\n"
            for cluster in 0..<clusters {
                text += "  \(environment)-\(cluster):\n    account: \"111122223333\"\n    labels: {shard: \"\(cluster % 4)\"}\n"
                text += "    nodeRoles: [arn:aws:iam::111122223333:role/node-\(environment)-\(cluster)]\n"
            }
            files["environments/\(environment).yaml"] = Data(text.utf8)
        }
        files["teams/_templates/service.yaml"] = Data("""
        kind: Team
        name: service
        groups:
          developers: {access: {"*": edit}}
          readers: {access: {"*": view}}
        environments:
          prod:
            groups: {developers: {access: {"*": view}}}

        """.utf8)
        for team in 0..<teams { files["teams/team-\(team).yaml"] = Data(self.team(team, members: members).utf8) }
        return files
    }

    static func team(_ index: Int, members: Int) -> String {
        let developers = (0..<members).map { "arn:aws:iam::111122223333:role/t\(index)-dev-\($0)" }.joined(separator: ", ")
        let readers = (0..<members).map { "arn:aws:iam::111122223333:role/t\(index)-read-\($0)" }.joined(separator: ", ")
        return """
        kind: Team
        name: team-\(index)
        extends: [_templates/service]
        namespaces: [team-\(index), team-\(index)-jobs]
        groups:
          developers:
            members: [\(developers)]
            access: {team-\(index)-jobs: jobs}
          readers:
            members: [\(readers)]
        roles:
          jobs:
            rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, list, create, delete]}]

        """
    }
}
