import ArgumentParser
import Compiler
import Diagnostics
import GitStore
import Output

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile environments and commit each bundle to its output branch.",
        discussion: """
        Without --ref, every environment compiles from its own source branch: the source branch (`main`, else the branch HEAD names, or --source-branch) for the environments promoted from nothing, `env/<E>` for the others (skipped, with a hint, until that branch exists). With --ref, the chosen environments compile from that ref.

        Any error in the source fails the run (exit 1) and nothing is written. Output branches are checked before compiling: a name git refuses, or a source branch (the source branch, `env/...`), is a usage error (exit 2). All output branches move in one transaction, or none does. A bundle equal to the branch tip makes no commit; a source older than the one already rendered is skipped; the branches move by compare-and-swap, so concurrent compiles never lose a commit.
        """)

    @OptionGroup var options: RepositoryOptions
    @OptionGroup var source: SourceBranchOption

    @Option(help: "Compile every selected environment from this branch, tag or commit.")
    var ref: String?

    @Option(name: .customLong("env"), help: "Compile only this environment (repeatable).")
    var environments: [String] = []

    @Option(help: "Output branch name; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    @Flag(help: "Compile and check, write nothing.")
    var dryRun = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func validate() throws {
        guard OutputTemplate(outputBranch).hasPlaceholder || environments.count == 1 else {
            throw ValidationError("--output-branch must contain {env} unless exactly one --env is given")
        }
    }

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let repository = compiler.repository
        let template = OutputTemplate(outputBranch)
        // The source-level findings (loading, inheritance, topology) of the commit the
        // environment list comes from: they fail the run even when no environment compiles.
        let overview: Compilation
        var sources: [String] = []
        let plan: () throws -> [Workflow.Plan]
        if let ref {
            let commit = try repository.commitID(ref)
            let recorded = Workflow.recordedRef(ref, in: repository)
            overview = try compiler.compile(commit: commit, environments: [])
            plan = { [Workflow.Plan(ref: recorded, commit: commit, environments: environments.isEmpty ? nil : environments)] }
            if let detected = try? Workflow.sourceBranch(configured: source.sourceBranch, in: repository) { sources.append(detected) }
            if (try? repository.referenceTarget(BranchName.reference(recorded))) != nil { sources.append(recorded) }
        } else {
            let main = try source.resolve(in: repository)
            overview = try compiler.compile(commit: try repository.commitID(main), environments: [])
            plan = { try planFromBranches(overview, main: main, repository: repository) }
            sources.append(main)
        }
        try overview.requireEnvironments(environments)
        // Every environment's expansion, so a template that only some names break fails early.
        let outputs = template.hasPlaceholder ? overview.definedEnvironments.map(\.name) + environments : environments
        try Workflow.requireOutputBranches(template, environments: outputs, sources: sources, in: repository)
        let plans = try plan()

        // Compile everything first: nothing is written unless every environment is clean.
        var compilations: [(ref: String, compilation: Compilation)] = []
        var diagnostics = overview.diagnostics
        for plan in plans {
            let compilation = try compiler.compile(commit: plan.commit, environments: plan.environments)
            try compilation.requireEnvironments(plan.environments ?? [])
            compilations.append((plan.ref, compilation))
            diagnostics += compilation.diagnostics
        }
        diagnostics = diagnostics.sortedForReport()
        if !diagnostics.isEmpty { Console.report(diagnostics, format: .text) }
        if diagnostics.hasErrors {
            for name in environments where overview.failedEnvironments.contains(name) {
                Console.err("rolecall: environment '\(name)' failed to load\n")
            }
            Console.err("rolecall: nothing written: fix the errors above\n")
            throw ExitCode(1)
        }
        try Publishing.publish(compilations, template: template, dryRun: dryRun, quiet: options.quiet, repository: repository)
    }

    /// One plan per source branch; says which environments wait for their `env/<E>` branch.
    private func planFromBranches(_ overview: Compilation, main: String, repository: Repository) throws -> [Workflow.Plan] {
        let (plans, skipped) = try Workflow.plans(for: environments.isEmpty ? overview.environmentOrder : environments,
                                                  overview: overview, main: main, in: repository)
        for skip in skipped where !options.quiet {
            Console.out("\(skip.environment): skipped, branch \(skip.branch) does not exist yet; run `rolecall promote \(skip.promotesFrom) \(skip.environment)` or compile it with --ref\n")
        }
        return plans
    }
}
