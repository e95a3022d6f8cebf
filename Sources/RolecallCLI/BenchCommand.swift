import ArgumentParser
import Compiler
import Dispatch
import Foundation
import Fragments
import GitStore
import Output

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure compile, no-op, one-team change and check --base on a generated fleet.",
        discussion: """
        Builds a synthetic source repository in a temporary folder (through libgit2, like real input): an abstract base, four environments of --clusters clusters in all (labelled in four shards), a team template, and --teams teams with two groups of --members members, a role and two namespaces each, every team placed in the clusters of one shard. Then it runs this binary as CI would, each step a child process whose wall time and peak memory (RSS) it reads from the kernel (spawned from a small process the bench starts first, since Linux counts in a child's peak the memory of the process it was spawned from):

          cold       `rolecall compile` with no output branch yet
          no-op      the same compile again, five times (the median time and the highest peak memory are shown)
          check      `rolecall check --base` for that change (before its merge: the output branches hold the base)
          one team   the change merged (one member added to one team), compile

        and measures, in this process, the floor: libgit2 reading and parsing every fragment blob, and libgit2 writing rolecall's output (each unique blob once, with git_odb_write on one thread) into an empty repository. Ratios from one run compare on a busy machine; absolute times do not. --fleet is 10000 teams and 500 clusters.
        """)

    @Option(help: "Teams in the generated repository.")
    var teams = 2000

    @Option(help: "Clusters in all, over four environments.")
    var clusters = 100

    @Option(help: "Members per team group (two groups per team).")
    var members = 7

    @Flag(help: "10000 teams and 500 clusters.")
    var fleet = false

    @Option(help: ArgumentHelp("Generate the repository here and keep it (to run commands on it), instead of a temporary folder.", valueName: "path"))
    var keep: String?

    @Flag(help: "Skip the floor's output copy (it reads every rendered blob back into memory once).")
    var skipFloor = false

    /// The step runner the bench starts for itself (see `StepRunner`): reads a step's arguments
    /// a line at a time on standard input, answers with its wall time, peak RSS and status.
    @Flag(help: .private)
    var runSteps = false

    func validate() throws {
        guard teams > 0, clusters >= 4, members > 0 else { throw ValidationError("--teams and --members must be positive, --clusters at least 4") }
        guard teams <= 100_000, clusters <= 5_000, members <= 1_000 else {
            throw ValidationError("--teams at most 100000, --clusters at most 5000, --members at most 1000")
        }
    }

    func run() throws {
        if runSteps { return try StepRunner.serve() }
        // Started first, while this process is small: see `StepRunner`.
        let runner = try StepRunner()
        func step(_ arguments: [String]) throws -> Step { try runner.run(arguments) }
        let teams = fleet ? 10_000 : self.teams, clusters = fleet ? 500 : self.clusters
        let folder = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("rolecall-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let path = folder.appendingPathComponent("source.git").path
        let repository = try Repository(creatingAt: path, bare: true)
        Console.out("generating \(teams) teams, \(clusters) clusters in 4 environments, \(2 * members) members a team...\n")
        var files = SyntheticSource.files(teams: teams, clusters: clusters, members: members)
        let sourceBytes = files.values.reduce(0) { $0 + $1.count }
        let first = try repository.createCommit(tree: try repository.writeTree(files: files), parents: [], message: "synthetic")
        files["teams/team-0.yaml"] = Data(SyntheticSource.team(0, members: members, extra: 1).utf8)
        let second = try repository.createCommit(tree: try repository.writeTree(files: files), parents: [first], message: "one member added to team-0")
        files = [:]
        try repository.updateReference(BranchName.reference("main"), to: first, expecting: nil, message: "bench")

        let (_, readSeconds) = try time { try SourceLoader(repository: repository).load(commit: first) }
        let cold = try step(["compile", "--repo", path])
        let outputs = try renderedOutput(in: repository)
        // A no-op is a few tens of milliseconds, where one run measures the scheduler as much as
        // the compile: the median of five.
        let noOps = try (0..<5).map { _ in try step(["compile", "--repo", path]) }.sorted { $0.seconds < $1.seconds }
        var noOp = noOps[2]
        noOp.peakKiB = noOps.map(\.peakKiB).max() ?? noOp.peakKiB
        noOp.status = noOps.map(\.status).max() ?? 0
        // The merge request's check runs before its merge, when the output branches hold the base.
        let check = try step(["check", "--repo", path, "--ref", second.hex, "--base", first.hex, "--format", "json"])
        try repository.updateReference(BranchName.reference("main"), to: second, expecting: first, message: "bench")
        let oneTeam = try step(["compile", "--repo", path])
        let writeSeconds = skipFloor ? nil : try floorWrite(outputs, from: repository, scratch: folder.appendingPathComponent("floor.git").path)
        let floor = readSeconds + (writeSeconds ?? 0)

        func row(_ name: String, _ result: Step?, seconds: Double? = nil, ratio: String = "") -> String {
            let time = String(format: "%9.3f s", result?.seconds ?? seconds ?? 0)
            let memory = result.map { String(format: "%8.0f MiB", Double($0.peakKiB) / 1024) } ?? "            "
            return name.padding(toLength: 34, withPad: " ", startingAt: 0) + time + memory + "  " + ratio + "\n"
        }
        Console.out(String(format: "source: %.1f MB of fragments; output: %d cluster folders, %d unique blobs, %.1f MB\n",
                           Double(sourceBytes) / 1e6, outputs.clusters, outputs.blobs.count, Double(outputs.bytes) / 1e6))
        Console.out("step".padding(toLength: 34, withPad: " ", startingAt: 0) + "     wall    peak RSS  ratio\n")
        Console.out(row("floor: read + parse fragments", nil, seconds: readSeconds))
        if let writeSeconds { Console.out(row("floor: write output objects", nil, seconds: writeSeconds)) }
        Console.out(row("cold compile", cold, ratio: writeSeconds == nil ? "" : String(format: "%.2f x floor", cold.seconds / floor)))
        Console.out(row("no-op compile (median of 5)", noOp, ratio: String(format: "%.1f ms", noOp.seconds * 1000)))
        Console.out(row("one member added to one team", oneTeam, ratio: String(format: "%.1f %% of cold", oneTeam.seconds / cold.seconds * 100)))
        Console.out(row("check --base for that change", check, ratio: String(format: "%.2f x cold", check.seconds / cold.seconds)))
        for (name, result) in [("cold", cold), ("no-op", noOp), ("one team", oneTeam)] where result.status != 0 {
            throw Failure(message: "the \(name) compile exited \(result.status)")
        }
        if check.status > 1 { throw Failure(message: "check exited \(check.status)") }
    }

    struct Step {
        var seconds: Double
        var peakKiB: Int
        var status: Int32
    }

    /// Runs the steps as child processes of a small process of its own, started before the
    /// bench generates anything. Linux counts, in a child's peak RSS, the memory of the process
    /// it was spawned from (at `exec` the old address space's high-water mark is kept), so
    /// children of the bench itself reported the bench's corpus too: 125 MiB for a no-op of
    /// 31 MiB at 10,000 teams.
    final class StepRunner {
        let process = Process()
        let requests = Pipe(), answers = Pipe()
        var pending = Data()

        init() throws {
            process.executableURL = URL(fileURLWithPath: Self.executable)
            process.arguments = ["bench", "--run-steps"]
            process.standardInput = requests
            process.standardOutput = answers
            try process.run()
        }

        deinit {
            try? requests.fileHandleForWriting.close()
            process.waitUntilExit()
        }

        func run(_ arguments: [String]) throws -> Step {
            let line = try JSONSerialization.data(withJSONObject: arguments) + Data("\n".utf8)
            try requests.fileHandleForWriting.write(contentsOf: line)
            while !pending.contains(UInt8(ascii: "\n")) {
                // What has arrived (`read(upToCount:)` waits for the whole count).
                let more = answers.fileHandleForReading.availableData
                guard !more.isEmpty else {
                    throw Failure(message: "the bench's step runner stopped")
                }
                pending += more
            }
            let end = pending.firstIndex(of: UInt8(ascii: "\n"))!
            let fields = String(decoding: pending[..<end], as: UTF8.self).split(separator: " ")
            pending = Data(pending[(end + 1)...])
            guard fields.count == 3, let seconds = Double(fields[0]), let peak = Int(fields[1]), let status = Int32(fields[2]) else {
                throw Failure(message: "the bench's step runner answered '\(fields.joined(separator: " "))'")
            }
            return Step(seconds: seconds, peakKiB: peak, status: status)
        }

        /// This binary, as the bench runs it.
        static let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]

        /// The runner's side: one step per line of standard input (a JSON array of arguments).
        static func serve() throws {
            while let line = readLine() {
                guard let arguments = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String] else { throw Failure(message: "not a step: \(line)") }
                let step = try spawn(arguments)
                try FileHandle.standardOutput.write(contentsOf: Data("\(step.seconds) \(step.peakKiB) \(step.status)\n".utf8))
            }
        }

        /// Runs this binary with `arguments`, output discarded; wall time and the child's peak RSS.
        static func spawn(_ arguments: [String]) throws -> Step {
            let executable = Self.executable
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid = pid_t()
            let start = DispatchTime.now().uptimeNanoseconds
            guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { throw Failure(message: "cannot run \(executable)") }
            var status: Int32 = 0
            var usage = rusage()
            wait4(pid, &status, 0, &usage)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            // Killed by a signal (out of memory, a crash) is a failure, reported as a shell would: 128 + signal.
            let signal = status & 0x7f
            return Step(seconds: seconds, peakKiB: usage.ru_maxrss, status: signal != 0 ? 128 + signal : (status >> 8) & 0xff)
        }
    }

    struct Output {
        var clusters = 0
        var blobs: Set<ObjectID> = []
        var bytes = 0
    }

    /// Every unique blob of every output branch.
    private func renderedOutput(in repository: Repository) throws -> Output {
        var output = Output()
        for name in try repository.referenceNames(under: BranchName.reference("rendered/")) {
            guard let tip = try repository.referenceTarget(name) else { continue }
            for entry in try repository.walk(tree: try repository.commit(tip).tree) {
                if entry.kind == .tree, entry.path.hasPrefix("clusters/"), !entry.path.dropFirst(9).contains("/") { output.clusters += 1 }
                if entry.kind == .blob, output.blobs.insert(entry.id).inserted { output.bytes += try repository.blob(entry.id).count }
            }
        }
        return output
    }

    /// libgit2 writing `output`'s blobs into an empty repository, reads excluded.
    private func floorWrite(_ output: Output, from repository: Repository, scratch: String) throws -> Double {
        let target = try Repository(creatingAt: scratch, bare: true)
        var seconds = 0.0
        for id in output.blobs {
            let data = try repository.blob(id)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try target.writeBlob(data)
            seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return seconds
    }

    private func time<T>(_ work: () throws -> T) throws -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try work()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

/// A repository shaped like a large real one: an abstract base, four environments of clusters
/// in four shards, a template, and teams with two groups, a role and namespaces of their own,
/// each placed in one shard.
enum SyntheticSource {
    static let environments = ["dev", "staging", "prod", "perf"]

    static func files(teams: Int, clusters: Int, members: Int) -> [String: Data] {
        var files: [String: Data] = [:]
        files["environments/base.yaml"] = Data("""
        kind: Environment
        name: base
        abstract: true
        authMode: api
        groups:
          admins:
            members: [arn:aws:iam::111122223333:role/admin]
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/admin]
          allowedAccounts: ["111122223333"]

        """.utf8)
        for (index, environment) in environments.enumerated() {
            var text = "kind: Environment\nname: \(environment)\nextends: base\nclusters:\n"
            for cluster in stride(from: index, to: clusters, by: environments.count) {
                text += "  \(environment)-\(cluster):\n    account: \"111122223333\"\n    labels: {shard: \"\(cluster / environments.count % 4)\"}\n"
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

    static func team(_ index: Int, members: Int, extra: Int = 0) -> String {
        let developers = (0..<(members + extra)).map { "arn:aws:iam::111122223333:role/t\(index)-dev-\($0)" }.joined(separator: ", ")
        let readers = (0..<members).map { "arn:aws:iam::111122223333:role/t\(index)-read-\($0)" }.joined(separator: ", ")
        return """
        kind: Team
        name: team-\(index)
        extends: [_templates/service]
        namespaces: [team-\(index), team-\(index)-jobs]
        placement: {clusterLabels: {shard: "\(index % 4)"}}
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
