import Diagnostics
import Serialization

/// `rolecall drift --format text|markdown|json`.
extension DriftReport {
    public enum Format: String, Sendable, CaseIterable { case text, markdown, json }

    public func render(_ format: Format) -> String {
        switch format {
        case .json:
            return JSONWriter.write(.map([
                ("cluster", .string(cluster)), ("branch", .string(branch)), ("drift", .bool(hasDrift)),
                ("items", .list(items.map { item in .map([("category", .string(item.category)), ("key", .string(item.key)),
                                                         ("state", .string(item.state.rawValue)), ("detail", .string(item.detail))]) })),
                ("eksManaged", .strings(eksManaged)), ("unmanaged", .strings(unmanaged)), ("notCompared", .strings(notCompared)),
            ]))
        case .markdown:
            var out = "## Drift of cluster <code>\(escape(cluster))</code> from <code>\(escape(branch))</code>\n\n"
            if items.isEmpty { out += "No drift: the cluster holds what the branch deploys.\n" } else {
                out += "| what | key | state | detail |\n|---|---|---|---|\n"
                for item in items { out += "| \(item.category) | <code>\(escape(item.key))</code> | \(item.state.rawValue) | \(escape(item.detail)) |\n" }
            }
            if !eksManaged.isEmpty { out += "\n### EKS-managed (not drift)\n\n" + eksManaged.map { "- \(escape($0))\n" }.joined() }
            if !unmanaged.isEmpty { out += "\n### Not managed by rolecall\n\n" + unmanaged.map { "- \(escape($0))\n" }.joined() }
            if !notCompared.isEmpty { out += "\nNot compared: \(notCompared.joined(separator: ", ")).\n" }
            return out
        case .text:
            var out = "drift of cluster \(cluster) from \(branch): \(items.isEmpty ? "none" : "\(items.count) item\(items.count == 1 ? "" : "s")")\n"
            // Names come from the dumps: one item stays one line whatever they hold.
            for item in items { out += "  \(item.category) \(ReportEscaping.line(item.key)): \(item.state.rawValue): \(ReportEscaping.line(item.detail))\n" }
            if !eksManaged.isEmpty { out += "EKS-managed (not drift):\n" + eksManaged.map { "  \(ReportEscaping.line($0))\n" }.joined() }
            if !unmanaged.isEmpty { out += "not managed by rolecall:\n" + unmanaged.map { "  \(ReportEscaping.line($0))\n" }.joined() }
            if !notCompared.isEmpty { out += "not compared: \(notCompared.joined(separator: ", "))\n" }
            return out
        }
    }

    private func escape(_ text: String) -> String { ReportEscaping.markdown(text) }
}
