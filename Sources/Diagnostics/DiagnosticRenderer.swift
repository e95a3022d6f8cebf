import Foundation
import Serialization

/// The output formats CI and people read diagnostics in.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, markdown, github, gitlab
}

public enum DiagnosticRenderer {
    public static func render(_ diagnostics: [Diagnostic], as format: DiagnosticFormat) -> String {
        let sorted = diagnostics.sortedForReport()
        switch format {
        case .text: return sorted.map(text).joined()
        case .json: return json(sorted)
        case .markdown: return markdown(sorted)
        case .github: return sorted.map(github).joined()
        case .gitlab: return gitlabCodeQuality(sorted)
        }
    }

    /// `teams/payments.yaml:14:9: error: message [commit 1a2b3c4d]`, notes indented below.
    public static func text(_ d: Diagnostic) -> String {
        let safe = ReportEscaping.line
        var out = "\(located(d.location)): \(d.severity.rawValue): \(safe(d.message))"
        if let commit = d.location.commit { out += " [commit \(commit.prefix(12))]" }
        out += "\n"
        for note in d.notes {
            if let at = note.location {
                out += "  \(located(at)): note: \(safe(note.message))\n"
            } else {
                out += "  note: \(safe(note.message))\n"
            }
        }
        return out
    }

    /// `path:line:column` with the path quoted when it could pose as more than a path.
    static func located(_ location: SourceLocation) -> String {
        let path = ReportEscaping.path(location.path)
        return location.line > 0 ? "\(path):\(location.line):\(location.column)" : path
    }

    static func github(_ d: Diagnostic) -> String {
        let level = d.severity == .note ? "notice" : d.severity.rawValue
        var message = d.message
        for note in d.notes { message += "\n" + (note.location.map { "\($0): " } ?? "") + note.message }
        let escaped = message.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        // Property values also escape `:` and `,`, which would otherwise end the value.
        let property = { (value: String) in
            value.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: ":", with: "%3A")
                .replacingOccurrences(of: ",", with: "%2C")
        }
        var props = "file=\(property(d.location.path))"
        if d.location.line > 0 { props += ",line=\(d.location.line),col=\(d.location.column)" }
        props += ",title=\(property("rolecall \(d.code)"))"
        return "::\(level) \(props)::\(escaped)\n"
    }

    /// One finding as a JSON object, keys sorted.
    static func record(_ d: Diagnostic) -> Document {
        var record: [String: Document] = [
            "severity": .string(d.severity.rawValue), "code": .string(d.code), "message": .string(d.message),
            "path": .string(d.location.path), "line": .int(d.location.line), "column": .int(d.location.column),
        ]
        if let commit = d.location.commit { record["commit"] = .string(commit) }
        if !d.notes.isEmpty {
            record["notes"] = .list(d.notes.map { note in
                var n: [String: Document] = ["message": .string(note.message)]
                if let at = note.location { n["path"] = .string(at.path); n["line"] = .int(at.line); n["column"] = .int(at.column) }
                return .sorted(n)
            })
        }
        return .sorted(record)
    }

    /// The `--format json` document, for commands that embed it in a larger one.
    public static func document(_ diagnostics: [Diagnostic]) -> Document {
        let sorted = diagnostics.sortedForReport()
        return .sorted([
            "errors": .int(sorted.filter { $0.severity == .error }.count),
            "warnings": .int(sorted.filter { $0.severity == .warning }.count),
            "diagnostics": .list(sorted.map(record)),
        ])
    }

    static func json(_ sorted: [Diagnostic]) -> String { JSONWriter.write(document(sorted)) }

    /// GitLab's code-quality report: a JSON array of issues with a stable fingerprint.
    static func gitlabCodeQuality(_ sorted: [Diagnostic]) -> String {
        JSONWriter.write(.list(sorted.map { d in
            .sorted([
                "description": .string(d.message),
                "check_name": .string(d.code),
                "fingerprint": .string(fingerprint("\(d.code)|\(d.location.path)|\(d.location.line)|\(d.message)")),
                "severity": .string(d.severity == .error ? "major" : (d.severity == .warning ? "minor" : "info")),
                "location": .sorted(["path": .string(d.location.path), "lines": .sorted(["begin": .int(max(d.location.line, 1))])]),
            ])
        }))
    }

    static func markdown(_ sorted: [Diagnostic]) -> String {
        guard !sorted.isEmpty else { return "No findings.\n" }
        var out = "| | location | finding |\n|---|---|---|\n"
        for d in sorted {
            let icon = d.severity == .error ? "❌" : (d.severity == .warning ? "⚠️" : "ℹ️")
            let message = ([d.message] + d.notes.map(\.message)).map(ReportEscaping.markdown).joined(separator: "<br>")
            out += "| \(icon) | <code>\(ReportEscaping.markdown(d.location.description))</code> | \(message) |\n"
        }
        return out
    }

    /// FNV-1a, hex: stable across runs and machines, which is all a fingerprint needs.
    static func fingerprint(_ s: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

}
