import ArgumentParser
import Compiler
import Diagnostics
import Serialization

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile without writing; report every diagnostic and, with --base, the access a change adds and removes.",
        discussion: """
        For merge requests: `rolecall check --base origin/main --ref HEAD --format markdown` prints a comment ready to post (summary on top, details folded). Exit status 0 when the head is clean (warnings allowed), 1 when it has errors, 2 on usage errors.
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

    func run() throws {
        let compiler = try options.compiler(strict: strict)
        let commit = try compiler.repository.commitID(ref)
        let selected = environments.isEmpty ? nil : environments
        Progress.say("checking \(ref)@\(commit.short)", quiet: options.quiet)
        // With a base, the head keeps the access of only the clusters whose key differs from the
        // base's (every cluster is still rendered and checked), and the base builds only those:
        // memory and time follow the change, not the fleet.
        let baseCommit = try base.map { try compiler.repository.commitID($0) }
        let baseKeys = try baseCommit.map { try compiler.clusterKeys(commit: $0, environments: selected) }
        var retain: (@Sendable (String, String, String) -> Bool)? = nil
        if let baseKeys { retain = { environment, cluster, key in baseKeys[environment]?[cluster] != key } }
        let head = try compiler.compile(commit: commit, environments: selected, retaining: retain)
        try head.requireEnvironments(environments)
        var changes: CheckReport.Changes?
        // A partial compile would report every identity of a broken fragment as removed: no
        // access diff from a head with errors, only the errors.
        if let base, let baseCommit, !head.hasErrors {
            Progress.say("compiling base \(base)@\(baseCommit.short)", quiet: options.quiet)
            let compiledBase = try compiler.compile(commit: baseCommit, environments: head.baseSelection(selected), reusing: head,
                                                    retaining: { _, _, _ in true })
            changes = CheckReport.Changes(diff: AccessDiff(base: compiledBase, head: head), review: AccessReview(base: compiledBase, head: head))
        }
        let report = CheckReport(head: head, ref: ref, base: base, changes: changes)
        switch format {
        case .text:
            Console.report(head.diagnostics, format: .text)
            Console.out(report.text())
            if !options.quiet {
                let clusters = head.environments.reduce(0) { $0 + $1.bundle.clusters.count }
                Console.out("check \(head.hasErrors ? "failed" : "ok"): \(ref)@\(commit.short), \(head.environments.count) environments, \(clusters) clusters\n")
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
