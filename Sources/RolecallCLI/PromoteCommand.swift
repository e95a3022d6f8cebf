import ArgumentParser
import Compiler
import Diagnostics

struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Fast-forward env/<TO> to the source rendered/<FROM> runs, then compile TO.",
        discussion: """
        Reads the Source-Commit of rendered/<FROM>, compiles it for TO, and only when that is clean fast-forwards env/<TO> to it (compare-and-swap, never a rewrite) and compiles TO into its output branch. Refuses when TO does not promote from FROM, when env/<TO> has commits of its own (diverged), or when the source has errors for TO. --dry-run shows the access change.
        """)

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The environment to promote from.")
    var from: String

    @Argument(help: "The environment to promote to.")
    var to: String

    @Option(help: "Output branch name; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    @Flag(help: "Show what would change in TO; write nothing.")
    var dryRun = false

    func validate() throws {
        guard outputBranch.contains("{env}") else { throw ValidationError("--output-branch must contain {env}") }
        guard from != to else { throw ValidationError("FROM and TO must differ") }
    }

    func run() throws {
        let compiler = try options.compiler()
        let promotion: Promotion
        do {
            promotion = try Promotion.plan(from: from, to: to, outputTemplate: outputBranch, compiler: compiler)
        } catch let refusal as Promotion.Refusal {
            Console.err("rolecall: promotion refused: \(refusal)\n")
            throw ExitCode(1)
        }
        if promotion.compilation.hasErrors {
            Console.report(promotion.compilation.diagnostics, format: .text)
            Console.err("rolecall: promotion refused: \(promotion.source.short) does not compile cleanly for \(to)\n")
            throw ExitCode(1)
        }
        if dryRun {
            let base = try promotion.current.map { try compiler.compile(commit: $0, environments: [to]) }
            Console.out("would move \(promotion.targetBranch) from \(promotion.current?.short ?? "(new)") to \(promotion.source.short)\n")
            Console.out(CheckReport.text(AccessDiff(base: base, head: promotion.compilation)))
            return
        }
        try promotion.apply(in: compiler.repository)
        if !options.quiet {
            Console.out(promotion.isNoOp ? "\(promotion.targetBranch) already at \(promotion.source.short)\n"
                                         : "\(promotion.targetBranch): \(promotion.current?.short ?? "created") -> \(promotion.source.short)\n")
        }
        try Publishing.publish(promotion.compilation, ref: promotion.targetBranch, template: outputBranch, dryRun: false,
                               quiet: options.quiet, repository: compiler.repository)
    }
}
