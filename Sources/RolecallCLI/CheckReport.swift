import Compiler
import Diagnostics
import Serialization

/// How a check with `--base` reads, for people (text, markdown) and tools (json): destructive
/// changes first, then risk changes, then the facts per cluster, each cluster saying when it lands.
struct CheckReport {
    struct Changes {
        var diff: AccessDiff
        var review: AccessReview
    }

    var head: Compilation
    var ref: String
    var base: String?
    /// nil without `--base`, or when the head has errors (then the diff is unavailable).
    var changes: Changes?

    var unavailable: Bool { base != nil && changes == nil }
    static let unavailableText = "the access diff is unavailable until the errors are fixed: a partial compile would misreport every grant of a broken fragment as removed"

    func landing(_ environment: String) -> String {
        switch changes?.review.landing[environment] {
        case .promotion(let from)?: "only on promotion (rolecall promote \(from) \(environment)): \(environment) compiles from \(Workflow.promotedPrefix + environment)"
        default: "on merge: \(environment) compiles from \(Workflow.mainBranch)"
        }
    }

    static func place(_ f: AccessReview.Finding) -> String { f.cluster.map { "\(f.environment)/\($0)" } ?? f.environment }

    func text() -> String {
        guard base != nil else { return "" }
        guard let changes else { return "access: \(Self.unavailableText)\n" }
        var out = ""
        if !changes.review.destructive.isEmpty {
            out += "DESTRUCTIVE changes:\n"
            for finding in changes.review.destructive { out += "  ! \(Self.line(Self.place(finding))): \(Self.line(finding.message))\n" }
        }
        if !changes.review.risks.isEmpty {
            out += "risk changes:\n"
            for finding in changes.review.risks { out += "  ^ \(Self.line(Self.place(finding))): \(Self.line(finding.message))\n" }
        }
        var facts = Self.text(changes.diff)
        for cluster in changes.diff.clusters {
            let header = "  \(Self.line(cluster.environment))/\(Self.line(cluster.cluster)) (\(cluster.status.rawValue)):\n"
            facts = facts.replacingOccurrences(of: header, with: header + "    lands \(landing(cluster.environment))\n")
        }
        return out + facts
    }

    /// The facts alone, as `promote --dry-run` prints them (a promotion lands when it is applied).
    static func text(_ diff: AccessDiff) -> String {
        guard !diff.isEmpty else { return "access: no change\n" }
        var out = "access changes (+\(diff.addedCount) -\(diff.removedCount)):\n"
        for cluster in diff.clusters {
            out += "  \(line(cluster.environment))/\(line(cluster.cluster)) (\(cluster.status.rawValue)):\n"
            for fact in cluster.added { out += "    + \(line(fact))\n" }
            for fact in cluster.removed { out += "    - \(line(fact))\n" }
        }
        return out
    }

    /// Input (usernames, group and role names) reaches these lines: escaped so it can neither
    /// close the comment's folds nor add headings, links or lines.
    static func code(_ fact: String) -> String { ReportEscaping.markdown(fact) }

    static func inline(_ name: String) -> String { "<code>" + ReportEscaping.markdown(name) + "</code>" }

    static func line(_ text: String) -> String { ReportEscaping.line(text) }

    func markdown() -> String {
        let errors = head.diagnostics.filter { $0.severity == .error }.count
        let warnings = head.diagnostics.filter { $0.severity == .warning }.count
        var out = "### rolecall check: " + (errors > 0 ? "❌ \(errors) error\(errors == 1 ? "" : "s")" : "✅ no errors")
        if warnings > 0 { out += ", ⚠️ \(warnings) warning\(warnings == 1 ? "" : "s")" }
        out += "\n\nChecked \(Self.inline(ref)) at `\(head.commit.prefix(12))`.\n"
        if unavailable { out += "\n**Access diff unavailable**: \(Self.unavailableText).\n" }
        if let changes {
            if !changes.review.destructive.isEmpty {
                out += "\n> [!CAUTION]\n> **Destructive changes**\n"
                for finding in changes.review.destructive { out += "> - \(Self.inline(Self.place(finding))): \(Self.code(finding.message))\n" }
            }
            if !changes.review.risks.isEmpty {
                out += "\n**Risk changes**\n\n"
                for finding in changes.review.risks { out += "- \(Self.inline(Self.place(finding))): \(Self.code(finding.message))\n" }
            }
            let diff = changes.diff
            if diff.isEmpty {
                out += "\nNo change in access.\n"
            } else {
                out += "\nAccess changes: **+\(diff.addedCount) −\(diff.removedCount)** in "
                out += diff.clusters.map { Self.inline("\($0.environment)/\($0.cluster)") }.joined(separator: ", ") + ".\n"
                let environments = Array(Set(diff.clusters.map(\.environment))).sorted()
                out += "\n" + environments.map { "- \(Self.inline($0)) lands \(Self.code(landing($0)))" }.joined(separator: "\n") + "\n"
            }
        }
        if !head.diagnostics.isEmpty {
            out += "\n<details\(errors > 0 ? " open" : "")><summary>Diagnostics (\(head.diagnostics.count))</summary>\n\n"
            out += DiagnosticRenderer.render(head.diagnostics, as: .markdown) + "\n</details>\n"
        }
        for cluster in changes?.diff.clusters ?? [] {
            out += "\n<details><summary>\(Self.code(cluster.environment)) / \(Self.code(cluster.cluster)): +\(cluster.added.count) −\(cluster.removed.count) (\(cluster.status.rawValue))</summary>\n\n"
            out += "Lands \(Self.code(landing(cluster.environment))).\n\n"
            for fact in cluster.added { out += "- ➕ \(Self.code(fact))\n" }
            for fact in cluster.removed { out += "- ➖ \(Self.code(fact))\n" }
            out += "\n</details>\n"
        }
        return out
    }

    func jsonChanges() -> Document {
        guard let changes else { return .null }
        return .list(changes.diff.clusters.map { cluster in
            let lands: Document = switch changes.review.landing[cluster.environment] {
            case .promotion(let from)?: .map([("on", .string("promotion")), ("from", .string(from))])
            default: .map([("on", .string("merge")), ("from", .null)])
            }
            return .map([("environment", .string(cluster.environment)), ("cluster", .string(cluster.cluster)),
                         ("status", .string(cluster.status.rawValue)), ("lands", lands),
                         ("added", .strings(cluster.added)), ("removed", .strings(cluster.removed))])
        })
    }

    func jsonReview() -> Document {
        guard let changes else {
            return unavailable ? .map([("unavailable", .string(Self.unavailableText))]) : .null
        }
        func findings(_ list: [AccessReview.Finding]) -> Document {
            .list(list.map { .map([("environment", .string($0.environment)), ("cluster", $0.cluster.map(Document.string) ?? .null),
                                   ("message", .string($0.message))]) })
        }
        return .map([("destructive", findings(changes.review.destructive)), ("risks", findings(changes.review.risks))])
    }
}
