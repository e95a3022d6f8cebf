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
        Without --ref, every environment compiles from its own source branch: `main` for the environments promoted from nothing, `env/<E>` for the others (skipped, with a hint, until that branch exists). With --ref, the chosen environments compile from that ref.

        Nothing is written when any error is found. A bundle equal to the branch tip makes no commit; a source older than the one already rendered is skipped; the branch moves by compare-and-swap, so concurrent compiles never lose a commit.
        """)

    @OptionGroup var options: RepositoryOptions

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
        guard outputBranch.contains("{env}") || environments.count == 1 else {
            throw ValidationError("--output-branch must contain {env} unless exactly one --env is given")
        }
    }

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let repository = compiler.repository
        var plans: [(ref: String, commit: ObjectID, environments: [String]?)] = []
        if let ref {
            let commit = try repository.commitID(ref)
            plans.append((Workflow.recordedRef(ref, in: repository), commit, environments.isEmpty ? nil : environments))
        } else {
            plans = try planFromBranches(compiler)
        }

        // Compile everything first: nothing is written unless every environment is clean.
        var compilations: [(ref: String, compilation: Compilation)] = []
        var diagnostics: [Diagnostic] = []
        for plan in plans {
            let compilation = try compiler.compile(commit: plan.commit, environments: plan.environments)
            try compilation.requireEnvironments(plan.environments ?? [])
            compilations.append((plan.ref, compilation))
            diagnostics += compilation.diagnostics
        }
        if !diagnostics.isEmpty { Console.report(diagnostics, format: .text) }
        if diagnostics.hasErrors {
            Console.err("rolecall: nothing written: fix the errors above\n")
            throw ExitCode(1)
        }

        for (ref, compilation) in compilations {
            try Publishing.publish(compilation, ref: ref, template: outputBranch, dryRun: dryRun, quiet: options.quiet, repository: repository)
        }
    }

    /// One plan per source branch; environments whose branch does not exist yet are skipped.
    private func planFromBranches(_ compiler: Compiler) throws -> [(ref: String, commit: ObjectID, environments: [String]?)] {
        let repository = compiler.repository
        let mainRef = (try? repository.resolveCommit(Workflow.mainBranch)) != nil ? Workflow.mainBranch : "HEAD"
        let mainCommit = try repository.commitID(mainRef)
        // Only the environment list and order are needed here: compile none of them.
        let overview = try compiler.compile(commit: mainCommit, environments: [])
        let wanted = environments.isEmpty ? overview.environmentOrder : environments
        var byBranch: [String: [String]] = [:]
        var order: [String] = []
        for name in wanted {
            guard let spec = overview.definedEnvironments.first(where: { $0.name == name }) else {
                throw Failure(message: "environment '\(name)' is not defined on \(mainRef); known: \(overview.environmentOrder.joined(separator: ", "))")
            }
            let branch = spec.promotesFrom == nil ? mainRef : Workflow.sourceBranch(for: spec)
            guard (try? repository.resolveCommit("refs/heads/" + branch)) != nil || branch == mainRef else {
                if !options.quiet {
                    Console.out("\(name): skipped, branch \(branch) does not exist yet; run `rolecall promote \(spec.promotesFrom!.value) \(name)` or compile it with --ref\n")
                }
                continue
            }
            if byBranch[branch] == nil { order.append(branch) }
            byBranch[branch, default: []].append(name)
        }
        return try order.map { branch in
            (Workflow.recordedRef(branch, in: repository), try repository.commitID(branch), byBranch[branch]!)
        }
    }
}
