import ArgumentParser
import Compiler
import Diagnostics
import Output

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that each output branch equals a fresh compile of its Source-Commit.",
        discussion: "Exit status 1, naming the files, when a branch differs: a hand edit, a different compiler version, or tampering.")

    @OptionGroup var options: RepositoryOptions
    @OptionGroup var source: SourceBranchOption

    @Option(name: .customLong("env"), help: "Verify only this environment (repeatable; default: every rendered branch).")
    var environments: [String] = []

    @Option(help: "Output branch name; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    func run() throws {
        let compiler = try options.compiler()
        let template = OutputTemplate(outputBranch)
        let rendered = try Verification.renderedEnvironments(template: template, in: compiler.repository)
        let names = environments.isEmpty ? rendered : environments
        guard !names.isEmpty else { throw Failure(message: "no output branches match '\(outputBranch)'; compile first") }
        try requireKnown(names.filter { !rendered.contains($0) }, compiler: compiler)
        var failed = false
        for name in names {
            let branch = template.branch(for: name)
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

    /// `--env` names with no output branch must at least be environments on the source branch:
    /// anything else is a typo (a usage error), not a failed verification.
    private func requireKnown(_ names: [String], compiler: Compiler) throws {
        guard !names.isEmpty else { return }
        let main = try source.resolve(in: compiler.repository)
        let overview = try compiler.compile(commit: try compiler.repository.commitID(main), environments: [])
        try overview.requireEnvironments(names)
    }
}
