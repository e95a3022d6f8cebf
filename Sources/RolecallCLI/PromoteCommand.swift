import ArgumentParser
import Compiler
import Diagnostics
import GitStore
import Output

struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Fast-forward env/<TO> to the source rendered/<FROM> runs, then compile TO.",
        discussion: """
        Reads the Source-Commit of rendered/<FROM>, checks that it is on FROM's own source branch (the source branch for the first environment, env/<FROM> later) and that rendered/<FROM> is exactly what rolecall compiles from it, compiles it for TO, and only when that is clean moves env/<TO> to it (fast-forward, compare-and-swap, never a rewrite) and rendered/<TO> to its compile, both in one transaction. Refuses (exit 1) when TO does not promote from FROM, when env/<TO> has commits of its own (diverged), when the source is unreviewed or rendered/<FROM> was edited, or when the source has errors for TO. --dry-run shows the access change.
        """)

    @OptionGroup var options: RepositoryOptions
    @OptionGroup var source: SourceBranchOption

    @Argument(help: "The environment to promote from.")
    var from: String

    @Argument(help: "The environment to promote to.")
    var to: String

    @Option(help: "Output branch name; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    @Flag(help: "Show what would change in TO; write nothing.")
    var dryRun = false

    func validate() throws {
        guard OutputTemplate(outputBranch).hasPlaceholder else { throw ValidationError("--output-branch must contain {env}") }
        guard !from.isEmpty, !to.isEmpty else { throw ValidationError("FROM and TO must name environments") }
        guard from != to else { throw ValidationError("FROM and TO must differ") }
    }

    func run() throws {
        let compiler = try options.compiler()
        let repository = compiler.repository
        let template = OutputTemplate(outputBranch)
        let main = try source.resolve(in: repository)
        try Workflow.requireOutputBranches(template, environments: [from, to], sources: [main], in: repository)
        let promotion: Promotion
        do {
            promotion = try Promotion.plan(from: from, to: to, outputTemplate: template, sourceBranch: main, compiler: compiler)
        } catch let refusal as Promotion.Refusal {
            Console.err("rolecall: promotion refused: \(refusal)\n")
            throw ExitCode(1)
        } catch let usage as Workflow.UsageError {
            throw Failure(message: usage.description)
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
        let moved = promotion.isNoOp ? "\(promotion.targetBranch) already at \(promotion.source.short)"
                                     : "\(promotion.targetBranch): \(promotion.current?.short ?? "created") -> \(promotion.source.short)"
        // env/<TO> and rendered/<TO> move together or not at all.
        try Publishing.publish([(promotion.targetBranch, promotion.compilation)], template: template, alongside: promotion.move.map { [$0] } ?? [],
                               header: moved, dryRun: false, quiet: options.quiet, repository: repository)
    }
}
