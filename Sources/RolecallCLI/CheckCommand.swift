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
        let head = try compiler.compile(commit: commit, environments: selected)
        try head.requireEnvironments(environments)
        var diff: AccessDiff?
        if let base {
            let baseCommit = try compiler.repository.commitID(base)
            Progress.say("compiling base \(base)@\(baseCommit.short)", quiet: options.quiet)
            let baseEnvironments = selected.map { names in names.filter { name in head.environments.contains { $0.spec.name == name } } }
            diff = AccessDiff(base: try compiler.compile(commit: baseCommit, environments: baseEnvironments), head: head)
        }
        switch format {
        case .text:
            Console.report(head.diagnostics, format: .text)
            if let diff { Console.out(CheckReport.text(diff)) }
            if !options.quiet {
                let clusters = head.environments.reduce(0) { $0 + $1.clusters.count }
                Console.out("check \(head.hasErrors ? "failed" : "ok"): \(ref)@\(commit.short), \(head.environments.count) environments, \(clusters) clusters\n")
            }
        case .markdown:
            Console.out(CheckReport.markdown(head, diff: diff, ref: ref))
        case .json:
            let diagnostics = DiagnosticRenderer.render(head.diagnostics, as: .json)
            let changes = diff.map { JSONWriter.write(CheckReport.json($0)) } ?? "null\n"
            Console.out("{\n\"check\": \(diagnostics),\n\"accessChanges\": \(changes)}\n")
        case .github, .gitlab:
            Console.out(DiagnosticRenderer.render(head.diagnostics, as: format))
        }
        if head.hasErrors { throw ExitCode(1) }
    }
}

/// How a check with `--base` reads, for people (text, markdown) and tools (json).
enum CheckReport {
    static func text(_ diff: AccessDiff) -> String {
        guard !diff.isEmpty else { return "access: no change\n" }
        var out = "access changes (+\(diff.addedCount) -\(diff.removedCount)):\n"
        for cluster in diff.clusters {
            out += "  \(cluster.environment)/\(cluster.cluster) (\(cluster.status.rawValue)):\n"
            for fact in cluster.added { out += "    + \(fact)\n" }
            for fact in cluster.removed { out += "    - \(fact)\n" }
        }
        return out
    }

    static func markdown(_ head: Compilation, diff: AccessDiff?, ref: String) -> String {
        let errors = head.diagnostics.filter { $0.severity == .error }.count
        let warnings = head.diagnostics.filter { $0.severity == .warning }.count
        var out = "### rolecall check: " + (errors > 0 ? "❌ \(errors) error\(errors == 1 ? "" : "s")" : "✅ no errors")
        if warnings > 0 { out += ", ⚠️ \(warnings) warning\(warnings == 1 ? "" : "s")" }
        out += "\n\nChecked `\(ref)` at `\(head.commit.prefix(12))`.\n"
        if let diff {
            if diff.isEmpty {
                out += "\nNo change in access.\n"
            } else {
                out += "\nAccess changes: **+\(diff.addedCount) −\(diff.removedCount)** in "
                out += diff.clusters.map { "`\($0.environment)/\($0.cluster)`" }.joined(separator: ", ") + ".\n"
            }
        }
        if !head.diagnostics.isEmpty {
            out += "\n<details\(errors > 0 ? " open" : "")><summary>Diagnostics (\(head.diagnostics.count))</summary>\n\n"
            out += DiagnosticRenderer.render(head.diagnostics, as: .markdown) + "\n</details>\n"
        }
        for cluster in diff?.clusters ?? [] {
            out += "\n<details><summary>\(cluster.environment) / \(cluster.cluster): +\(cluster.added.count) −\(cluster.removed.count) (\(cluster.status.rawValue))</summary>\n\n"
            for fact in cluster.added { out += "- ➕ \(fact.replacingOccurrences(of: "{{", with: "`{{").replacingOccurrences(of: "}}", with: "}}`"))\n" }
            for fact in cluster.removed { out += "- ➖ \(fact.replacingOccurrences(of: "{{", with: "`{{").replacingOccurrences(of: "}}", with: "}}`"))\n" }
            out += "\n</details>\n"
        }
        return out
    }

    static func json(_ diff: AccessDiff) -> Document {
        .list(diff.clusters.map { cluster in
            .map([("environment", .string(cluster.environment)), ("cluster", .string(cluster.cluster)),
                  ("status", .string(cluster.status.rawValue)), ("added", .strings(cluster.added)), ("removed", .strings(cluster.removed))])
        })
    }
}
