import Foundation

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

    static func record(_ d: Diagnostic) -> [String: Any] {
        var record: [String: Any] = [
            "severity": d.severity.rawValue, "code": d.code, "message": d.message,
            "path": d.location.path, "line": d.location.line, "column": d.location.column,
        ]
        if let commit = d.location.commit { record["commit"] = commit }
        if !d.notes.isEmpty {
            record["notes"] = d.notes.map { note -> [String: Any] in
                var n: [String: Any] = ["message": note.message]
                if let at = note.location { n["path"] = at.path; n["line"] = at.line; n["column"] = at.column }
                return n
            }
        }
        return record
    }

    static func json(_ sorted: [Diagnostic]) -> String {
        let payload: [String: Any] = [
            "errors": sorted.filter { $0.severity == .error }.count,
            "warnings": sorted.filter { $0.severity == .warning }.count,
            "diagnostics": sorted.map(record),
        ]
        return encode(payload)
    }

    /// GitLab's code-quality report: a JSON array of issues with a stable fingerprint.
    static func gitlabCodeQuality(_ sorted: [Diagnostic]) -> String {
        let issues: [[String: Any]] = sorted.map { d in
            [
                "description": d.message,
                "check_name": d.code,
                "fingerprint": fingerprint("\(d.code)|\(d.location.path)|\(d.location.line)|\(d.message)"),
                "severity": d.severity == .error ? "major" : (d.severity == .warning ? "minor" : "info"),
                "location": ["path": d.location.path, "lines": ["begin": max(d.location.line, 1)]],
            ]
        }
        return encode(issues)
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

    static func encode(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
