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

        Incremental: each output branch records what its clusters were made from (.rolecall/cache.json). A cluster whose inputs did not change is reused from the branch tip (its findings reported again from the record), and when no fragment changed nothing is read at all. The bytes written are those of --no-cache, given tips rolecall wrote: what is reused (cluster folders, the record) is linked from the tip as it is, not rendered again; `rolecall verify` always recompiles from scratch and compares.
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

    @Flag(help: "Render every cluster again instead of reusing what the output branches' tips hold (the output is the same; `verify` always recompiles).")
    var noCache = false

    func validate() throws {
        guard OutputTemplate(outputBranch).hasPlaceholder || environments.count == 1 else {
            throw ValidationError("--output-branch must contain {env} unless exactly one --env is given")
        }
    }

    /// What the run compiles, known before any environment is: the concrete environments, in
    /// promotion order, and the source-level findings. From a compile of the source, or, when
    /// an output branch was rendered from a source with the same key, from its record.
    private struct Overview {
        var commit: ObjectID
        var routes: [SourceFacts.Environment]
        var order: [String]
        var failed: Set<String>
        var diagnostics: [Diagnostic]

        func unknownProblem(_ names: [String]) -> String? {
            Compilation.unknownEnvironmentProblem(names, order: order, failed: failed, commit: commit.hex)
        }
    }

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let repository = compiler.repository
        let template = OutputTemplate(outputBranch)
        let tips = Replay.TipReader(repository: repository)
        var sources: [String] = []
        let sourceCommit: ObjectID
        let recordedRef: String
        let main: String?
        if let ref {
            sourceCommit = try repository.commitID(ref)
            recordedRef = Workflow.recordedRef(ref, in: repository)
            main = nil
            if let detected = try? Workflow.sourceBranch(configured: source.sourceBranch, in: repository) { sources.append(detected) }
            if (try? repository.referenceTarget(BranchName.reference(recordedRef))) != nil { sources.append(recordedRef) }
        } else {
            let branch = try source.resolve(in: repository)
            sourceCommit = try repository.commitID(branch)
            recordedRef = branch
            main = branch
            sources.append(branch)
        }
        // The source-level findings (loading, inheritance, topology) of the commit the
        // environment list comes from: they fail the run even when no environment compiles.
        let overview = try self.overview(of: sourceCommit, template: template, compiler: compiler, tips: tips)
        if let problem = overview.unknownProblem(environments) { throw Failure(message: problem) }
        // Every environment's expansion, so a template that only some names break fails early.
        let outputs = template.hasPlaceholder ? overview.routes.map(\.name) + environments : environments
        try Workflow.requireOutputBranches(template, environments: outputs, sources: sources, in: repository)
        let plans: [Workflow.Plan]
        if let main {
            plans = try planFromBranches(overview, main: main, repository: repository)
        } else {
            plans = [Workflow.Plan(ref: recordedRef, commit: sourceCommit, environments: environments.isEmpty ? nil : environments)]
        }

        // Compile everything first: nothing is written unless every environment is clean.
        var items: [Publication.Item] = []
        var diagnostics = overview.diagnostics
        var reused = 0, rendered = 0
        for plan in plans {
            if let replayed = try replay(plan, overview: overview, template: template, compiler: compiler, tips: tips) {
                items += replayed.items
                diagnostics += replayed.diagnostics
                reused += replayed.clusters
                continue
            }
            let store = RenderStore(repository: repository, previous: noCache ? [:] : RenderStore.tips(of: plan.environments ?? overview.order, template: template, in: tips),
                                    writes: !dryRun)
            let compilation: Compilation
            do {
                compilation = try compiler.compile(commit: plan.commit, environments: plan.environments, store: store)
            } catch let error as GitError {
                Console.err("rolecall: error: \(error)\nrolecall: nothing written: no branch moved\n")
                throw ExitCode(1)
            }
            try compilation.requireEnvironments(plan.environments ?? [])
            items += Publication.plan([(plan.ref, compilation)], template: template)
            diagnostics += compilation.diagnostics
            reused += store.reused
            rendered += store.rendered
        }
        diagnostics = diagnostics.sortedForReport()
        if !diagnostics.isEmpty { Console.report(diagnostics, format: .text) }
        if diagnostics.hasErrors {
            for name in environments where overview.failed.contains(name) {
                Console.err("rolecall: environment '\(name)' failed to load\n")
            }
            Console.err("rolecall: nothing written: fix the errors above\n")
            throw ExitCode(1)
        }
        try Publishing.publish(items, dryRun: dryRun, quiet: options.quiet, repository: repository)
        if !options.quiet, !items.isEmpty {
            Console.out("clusters: \(rendered) rendered, \(reused) reused unchanged from the output branches\(noCache ? " (--no-cache)" : "")\n")
        }
    }

    private func overview(of commit: ObjectID, template: OutputTemplate, compiler: Compiler, tips: Replay.TipReader) throws -> Overview {
        let repository = compiler.repository
        if !noCache {
            let key = compiler.sourceKey(try compiler.loader.folders(of: commit))
            let branches = try Replay.declaredEnvironments(at: commit, in: repository).map(template.branch(for:))
            if let facts = Replay.facts(for: key, branches: branches, in: tips) {
                return Overview(commit: commit, routes: facts.environments, order: facts.order, failed: [],
                                diagnostics: Pipeline.finish(facts.findings, commit: commit.hex, strict: strict))
            }
        }
        let compiled = try compiler.compile(commit: commit, environments: [])
        return Overview(commit: commit, routes: compiled.routes, order: compiled.environmentOrder, failed: compiled.failedEnvironments,
                        diagnostics: compiled.diagnostics)
    }

    /// `plan` without reading a fragment, when every environment's output branch was rendered
    /// from a source with the plan commit's key; nil otherwise.
    private func replay(_ plan: Workflow.Plan, overview: Overview, template: OutputTemplate, compiler: Compiler, tips: Replay.TipReader)
        throws -> (items: [Publication.Item], diagnostics: [Diagnostic], clusters: Int)? {
        guard !noCache else { return nil }
        let repository = compiler.repository
        let key = compiler.sourceKey(try compiler.loader.folders(of: plan.commit))
        let names = plan.environments ?? overview.order
        let read = RenderStore.tips(of: names, template: template, in: tips)
        var found: [(String, Replay.Tip)] = []
        for name in names {
            guard let tip = read[name], tip.record.sourceKey == key, tip.environment == name else { return nil }
            found.append((name, tip))
        }
        // Facts of another source (a promoted branch's): an environment it does not define is
        // reported by a compile, never assumed.
        guard let facts = found.first?.1.record.source, names.allSatisfy({ name in facts.environments.contains { $0.name == name } }) else { return nil }
        let tree = try repository.commit(plan.commit).tree.hex
        let source = SourceInfo(ref: plan.ref, commit: plan.commit.hex, tree: tree)
        var findings = facts.findings
        var items: [Publication.Item] = []
        var clusters = 0
        for (name, tip) in found {
            findings += tip.record.findings + tip.record.clusters.keys.sorted().flatMap { tip.record.clusters[$0]!.findings }
            let bundle = try Replay.bundle(environment: name, tip: tip, in: repository)
            clusters += bundle.clusters.count
            items.append(Publication.Item(ref: plan.ref, commit: plan.commit.hex, environment: name,
                                          request: PublishRequest(bundle, source: source, branch: template.branch(for: name))))
        }
        return (items, Pipeline.finish(findings, commit: plan.commit.hex, strict: strict), clusters)
    }

    /// One plan per source branch; says which environments wait for their `env/<E>` branch.
    private func planFromBranches(_ overview: Overview, main: String, repository: Repository) throws -> [Workflow.Plan] {
        let (plans, skipped) = try Workflow.plans(for: environments.isEmpty ? overview.order : environments,
                                                  environments: overview.routes, main: main, in: repository)
        for skip in skipped where !options.quiet {
            Console.out("\(skip.environment): skipped, branch \(skip.branch) does not exist yet; run `rolecall promote \(skip.promotesFrom) \(skip.environment)` or compile it with --ref\n")
        }
        return plans
    }
}
