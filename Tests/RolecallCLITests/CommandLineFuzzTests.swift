import ArgumentParser
import Foundation
import GitStore
import RolecallCLI
import TestSupport
import Testing

/// Random command lines, from the words rolecall takes and the values people mistype: parsing
/// never traps, and run by the binary against a real repository every one ends in exit 0, 1 or
/// 2 with its reason said, `main` never moves, and a failed run leaves every ref as it was.
@Suite("command-line fuzzing")
struct CommandLineFuzzTests {
    /// `ROLECALL_FUZZ_ROUNDS` scales both campaigns (parsing takes 5 per round, the binary one).
    static let rounds = Int(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_ROUNDS"] ?? "") ?? 80
    static let seedOffset = UInt64(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_SEED"] ?? "") ?? 0

    // `bench` builds corpora of any size it is asked for, and `--repo` is always the fixture's.
    static let commands = ["compile", "check", "diff", "promote", "verify", "explain", "who-can", "access", "init", "drift"]
    static let options = ["--ref", "--env", "--output-branch", "--dry-run", "--strict", "--base", "--format", "--cluster", "-n",
                          "--name", "--quiet", "-q", "--source-branch", "--help", "--version", "-h", "--kind"]
    static let values = ["", " ", "main", "HEAD", "@", "HEAD~1", "HEAD^", "rendered/{env}", "{env}", "env/{env}", "env/staging",
                         "refs/heads/main", "refs/heads/x", "..", "a..b", "-x", "dev", "staging", "prod", "nope", "json", "markdown",
                         "text", "github", "gitlab", "csv", "arn:aws:iam::111122223333:role/eks-admin",
                         "arn:aws:sts::111122223333:assumed-role/eks-admin/me@example.com", "arn:aws:iam::111122223333:role/a/b/PaymentsDeveloper",
                         "get", "list", "pods", "pods/exec", "deployments.apps", "nodes", "/healthz", "*", "dev-eu-1", "staging-eu-1",
                         "-1", "99999999999999999999", "ümlaut", "a\u{202E}b", "x y", String(repeating: "z", count: 2000),
                         "rendered/dev", "main.lock", "env/", "payments", "{{SessionName}}"]

    static func commandLine(_ rng: inout SeededGenerator) -> [String] {
        var words = [rng.pick(commands)]
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            words.append(rng.chance(45) ? rng.pick(options) : rng.pick(values))
        }
        return words
    }

    @Test("parsing any command line never traps: a command or a usage error")
    func parsingNeverTraps() {
        var rng = SeededGenerator(seed: 0x5EED_0200 ^ Self.seedOffset)
        var parsed = 0
        for _ in 0..<(Self.rounds * 5) {
            var words = Self.commandLine(&rng)
            if rng.chance(20) { words.insert(rng.pick(Self.options + Self.values), at: 0) }
            do {
                _ = try RolecallCommand.parseAsRoot(words)
                parsed += 1
            } catch {
                // Every refusal maps to an exit code and a message; none may be a success that prints nothing.
                let code = RolecallCommand.exitCode(for: error)
                if code == .success { #expect(!RolecallCommand.fullMessage(for: error).isEmpty, "\(words): silent success") }
            }
        }
        #expect(parsed > 0)
    }

    @Test("the binary ends every random command line in exit 0, 1 or 2, never moves main, and a failure moves no ref")
    func runningNeverCrashes() throws {
        let source = try CLISource()
        let main = try source.commit(WorkflowFragments.promoting)
        #expect(try source.rolecall(["compile", "--ref", "main"]).status == 0)
        var rng = SeededGenerator(seed: 0x5EED_0300 ^ Self.seedOffset)
        var statuses: [Int32: Int] = [:]
        for round in 0..<Self.rounds {
            var words = Self.commandLine(&rng)
            words.insert(contentsOf: ["--repo", source.path], at: 1)
            let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory))
            // Run outside any repository, so nothing but the fixture can be reached.
            let result = try RolecallBinary.run(words, in: source.temp.path)
            statuses[result.status, default: 0] += 1
            #expect([0, 1, 2].contains(result.status), "round \(round) \(words): exit \(result.status)\n\(result.output.prefix(2000))")
            #expect(!result.stderr.contains("Fatal error"), "round \(round) \(words): \(result.stderr.prefix(2000))")
            if result.status != 0 {
                #expect(!result.output.isEmpty, "round \(round) \(words): failed silently")
                #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory)) == before, "round \(round) \(words): a failed run moved a ref")
            }
            #expect(try source.tip("main") == main, "round \(round) \(words): main moved")
        }
        #expect(statuses[2, default: 0] > 0 && statuses[0, default: 0] > 0, "\(statuses)")
    }
}
