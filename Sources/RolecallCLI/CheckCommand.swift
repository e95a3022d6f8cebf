import ArgumentParser
import Compiler
import Diagnostics

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile without writing and report every diagnostic (for merge requests).",
        discussion: "Exit status 0 when clean (warnings allowed), 1 when there are errors, 2 on usage errors.")

    @OptionGroup var options: RepositoryOptions

    @Option(help: "The branch, tag or commit to check.")
    var ref: String = "HEAD"

    @Option(name: .customLong("env"), help: "Check only this environment (repeatable).")
    var environments: [String] = []

    @Option(help: "Output format: text, json, markdown, github (annotations) or gitlab (code quality).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let commit = try compiler.repository.commitID(ref)
        let compilation = try compiler.compile(commit: commit, environments: environments.isEmpty ? nil : environments)
        Console.report(compilation.diagnostics, format: format)
        if format == .text && !options.quiet {
            let clusters = compilation.environments.reduce(0) { $0 + $1.clusters.count }
            let verdict = compilation.hasErrors ? "failed" : "ok"
            Console.out("check \(verdict): \(ref)@\(commit.short), \(compilation.environments.count) environments, \(clusters) clusters\n")
        }
        if compilation.hasErrors { throw ExitCode(1) }
    }
}
