import ArgumentParser
import Compiler
import Diagnostics

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that each output branch equals a fresh compile of its Source-Commit.",
        discussion: "Exit status 1, naming the files, when a branch differs: a hand edit, a different compiler version, or tampering.")

    @OptionGroup var options: RepositoryOptions

    @Option(name: .customLong("env"), help: "Verify only this environment (repeatable; default: every rendered branch).")
    var environments: [String] = []

    @Option(help: "Output branch name; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    func run() throws {
        let compiler = try options.compiler()
        let names = environments.isEmpty ? try Verification.renderedEnvironments(template: outputBranch, in: compiler.repository) : environments
        guard !names.isEmpty else { throw Failure(message: "no output branches match '\(outputBranch)'; compile first") }
        var failed = false
        for name in names {
            let branch = outputBranch.replacingOccurrences(of: "{env}", with: name)
            let result: Verification
            do {
                result = try Verification.verify(environment: name, branch: branch, compiler: compiler)
            } catch let failure as Verification.Failure {
                Console.out("\(branch): FAILED: \(failure)\n")
                failed = true
                continue
            }
            if result.compilation.hasErrors { Console.report(result.compilation.diagnostics, format: .text) }
            if result.isClean {
                if !options.quiet { Console.out("\(branch): ok, matches a compile of \(result.sourceCommit.prefix(12))\n") }
                continue
            }
            failed = true
            Console.out("\(branch): FAILED: differs from a compile of \(result.sourceCommit.prefix(12)) with rolecall \(RolecallVersion.current)\n")
            for difference in result.differences {
                switch difference {
                case .changed(let path): Console.out("  changed:    \(path)\n")
                case .missing(let path): Console.out("  missing:    \(path)\n")
                case .unexpected(let path): Console.out("  unexpected: \(path)\n")
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}
