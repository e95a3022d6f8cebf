import ArgumentParser
import Compiler
import Diagnostics
import GitStore
import Output
import Serialization

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile without writing; report every diagnostic and, with --base, the access a change adds and removes.",
        discussion: """
        For merge requests: `rolecall check --base origin/main --ref HEAD --format markdown` prints a comment ready to post (summary on top, details folded). Exit status 0 when the head is clean (warnings allowed), 1 when it has errors, 2 on usage errors.

        Nothing is written. A cluster whose render-cache key an output branch's tip holds was checked when that tip was compiled: its findings come from the tip's record, and it is not rendered again (--no-cache renders everything). With --base, only the clusters whose key differs between base and head are built on both sides and compared, one at a time.
        """)

    @OptionGroup var options: RepositoryOptions

    @Option(help: "The branch, tag or commit to check.")
    var ref: String = "HEAD"

    @Option(help: "Compare with this branch, tag or commit and report the access the change adds and removes.")
    var base: String?

    @Option(name: .customLong("env"), help: "Check only this environment (repeatable).")
    var environments: [String] = []

    @Option(help: "Output format: text, json, markdown, github (annotations) or gitlab (code quality).")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "The output branches whose clusters the check may reuse; {env} is replaced by the environment.")
    var outputBranch: String = Workflow.defaultOutputTemplate

    @Flag(help: "Render and check every cluster again instead of taking the findings of those the output branches hold under the same key.")
    var noCache = false

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let commit = try compiler.repository.commitID(ref)
        let selected = environments.isEmpty ? nil : environments
        Progress.say("checking \(ref)@\(commit.short)", quiet: options.quiet)
        // A cluster the output branches hold under its key was checked when it was compiled:
        // its findings come from their record. Nothing is written.
        let names = try compiler.sourceModel(commit: commit).environments.map(\.name).filter { selected?.contains($0) ?? true }
        let template = OutputTemplate(outputBranch)
        for name in names {
            if let problem = BranchName.problem(template.branch(for: name)) {
                throw Failure(message: "output branch '\(template.branch(for: name))' (--output-branch '\(template)' for environment '\(name)') is not a valid branch name: \(problem)")
            }
        }
        let store = RenderStore(repository: compiler.repository,
                                previous: noCache ? [:] : RenderStore.tips(of: names, template: template, in: Replay.TipReader(repository: compiler.repository)), writes: false)
        let head: Compilation
        var changes: CheckReport.Changes?
        if let base {
            let baseCommit = try compiler.repository.commitID(base)
            Progress.say("comparing with base \(base)@\(baseCommit.short)", quiet: options.quiet)
            let checked = try ChangeCheck.run(compiler, head: commit, base: baseCommit, environments: selected, store: store)
            head = checked.head
            if let diff = checked.diff, let review = checked.review { changes = CheckReport.Changes(diff: diff, review: review) }
        } else {
            head = try compiler.compile(commit: commit, environments: selected, store: store)
        }
        try head.requireEnvironments(environments)
        let report = CheckReport(head: head, ref: ref, base: base, changes: changes)
        switch format {
        case .text:
            Console.report(head.diagnostics, format: .text)
            Console.out(report.text())
            if !options.quiet {
                let clusters = head.environments.reduce(0) { $0 + $1.bundle.clusters.count }
                let reused = store.reused == 0 ? "" : " (\(store.reused) checked already: the output branches hold them under the same key)"
                Console.out("check \(head.hasErrors ? "failed" : "ok"): \(ref)@\(commit.short), \(head.environments.count) environments, \(clusters) clusters\(reused)\n")
            }
        case .markdown:
            Console.out(report.markdown())
        case .json:
            Console.out(JSONWriter.write(.map([("check", DiagnosticRenderer.document(head.diagnostics)),
                                               ("accessChanges", report.jsonChanges()), ("review", report.jsonReview())])))
        case .github, .gitlab:
            Console.out(DiagnosticRenderer.render(head.diagnostics, as: format))
        }
        if head.hasErrors { throw ExitCode(1) }
    }
}
