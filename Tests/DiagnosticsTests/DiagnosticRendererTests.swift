import Foundation
import Testing
@testable import Diagnostics

private func at(_ path: String, _ line: Int = 0, _ column: Int = 0, commit: String? = nil) -> Diagnostics.SourceLocation {
    Diagnostics.SourceLocation(path: path, line: line, column: column, commit: commit)
}

private let sample: [Diagnostic] = [
    .warning("unused-role", "role 'x' is never granted", at: at("teams/b.yaml", 7, 5)),
    .error("unknown-key", "unknown key 'acess' in group", at: at("teams/a.yaml", 14, 9, commit: "1a2b3c4d5e6f7a8b9c0d"),
           notes: [.init("allowed keys: access, members"), .init("first defined here", at: at("teams/c.yaml", 2, 1))]),
    Diagnostic(.note, code: "info", "a note", at: at("environments/dev.yaml")),
]

private func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

@Suite("text rendering")
struct TextRenderingTests {
    @Test("text is path:line:col: severity: message, with a 12-character commit and indented notes")
    func textLayout() {
        let out = DiagnosticRenderer.text(sample[1])
        #expect(out == """
            teams/a.yaml:14:9: error: unknown key 'acess' in group [commit 1a2b3c4d5e6f]
              note: allowed keys: access, members
              teams/c.yaml:2:1: note: first defined here

            """)
    }

    @Test("a finding without a line shows the bare path and no commit marker when there is no commit")
    func textWithoutLine() {
        #expect(DiagnosticRenderer.text(sample[2]) == "environments/dev.yaml: note: a note\n")
    }

    @Test("render(.text) sorts and de-duplicates before printing")
    func renderTextSorted() {
        let out = DiagnosticRenderer.render(sample + [sample[0]], as: .text)
        let firstLines = out.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(firstLines == [
            "environments/dev.yaml: note: a note",
            "teams/a.yaml:14:9: error: unknown key 'acess' in group [commit 1a2b3c4d5e6f]",
            "teams/b.yaml:7:5: warning: role 'x' is never granted",
        ])
    }

    @Test("every format renders an empty list without failing", arguments: DiagnosticFormat.allCases)
    func emptyInput(format: DiagnosticFormat) throws {
        let out = DiagnosticRenderer.render([], as: format)
        switch format {
        case .text, .github: #expect(out == "")
        case .markdown: #expect(out == "No findings.\n")
        case .json:
            let object = try #require(try parseJSON(out) as? [String: Any])
            #expect(object["errors"] as? Int == 0 && object["warnings"] as? Int == 0)
            #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
        case .gitlab:
            #expect((try parseJSON(out) as? [Any])?.isEmpty == true)
        }
    }
}

@Suite("JSON and GitLab rendering")
struct JSONRenderingTests {
    @Test("json counts errors and warnings and lists sorted records with notes and commit")
    func jsonPayload() throws {
        let out = DiagnosticRenderer.render(sample, as: .json)
        #expect(out.hasSuffix("}\n"))
        let object = try #require(try parseJSON(out) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let records = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(records.map { $0["path"] as? String } == ["environments/dev.yaml", "teams/a.yaml", "teams/b.yaml"])
        #expect(records.map { $0["severity"] as? String } == ["note", "error", "warning"])
        let error = records[1]
        #expect(error["code"] as? String == "unknown-key")
        #expect(error["message"] as? String == "unknown key 'acess' in group")
        #expect(error["line"] as? Int == 14 && error["column"] as? Int == 9)
        #expect(error["commit"] as? String == "1a2b3c4d5e6f7a8b9c0d")
        let notes = try #require(error["notes"] as? [[String: Any]])
        #expect(notes.count == 2)
        #expect(notes[0]["message"] as? String == "allowed keys: access, members" && notes[0]["path"] == nil)
        #expect(notes[1]["path"] as? String == "teams/c.yaml" && notes[1]["line"] as? Int == 2)
        #expect(records[0]["commit"] == nil && records[0]["notes"] == nil)
        #expect(records[0]["line"] as? Int == 0)
    }

    @Test("json escapes quotes, backslashes and newlines in messages so the payload stays valid")
    func jsonEscaping() throws {
        let message = "a \"quoted\" \\ back\nslash\ttab"
        let out = DiagnosticRenderer.render([.error("c", message, at: at("a.yaml", 1, 1))], as: .json)
        let object = try #require(try parseJSON(out) as? [String: Any])
        let records = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(records.first?["message"] as? String == message)
    }

    @Test("gitlab emits code-quality issues: check_name, severity major/minor/info, lines.begin at least 1")
    func gitlabIssues() throws {
        let issues = try #require(try parseJSON(DiagnosticRenderer.render(sample, as: .gitlab)) as? [[String: Any]])
        #expect(issues.count == 3)
        #expect(issues.map { $0["severity"] as? String } == ["info", "major", "minor"])
        #expect(issues.map { $0["check_name"] as? String } == ["info", "unknown-key", "unused-role"])
        #expect(issues[1]["description"] as? String == "unknown key 'acess' in group")
        let locations = issues.compactMap { $0["location"] as? [String: Any] }
        #expect(locations.map { $0["path"] as? String } == ["environments/dev.yaml", "teams/a.yaml", "teams/b.yaml"])
        #expect(locations.map { ($0["lines"] as? [String: Any])?["begin"] as? Int } == [1, 14, 7])
    }

    @Test("gitlab fingerprints are stable across runs and distinct per finding")
    func gitlabFingerprints() throws {
        func fingerprints() throws -> [String] {
            let issues = try #require(try parseJSON(DiagnosticRenderer.render(sample, as: .gitlab)) as? [[String: Any]])
            return issues.compactMap { $0["fingerprint"] as? String }
        }
        let first = try fingerprints()
        #expect(first.count == 3 && Set(first).count == 3)
        #expect(try fingerprints() == first)
        // FNV-1a 64 of the empty string is the offset basis; of "a" a published constant.
        #expect(DiagnosticRenderer.fingerprint("") == "cbf29ce484222325")
        #expect(DiagnosticRenderer.fingerprint("a") == "af63dc4c8601ec8c")
    }
}

@Suite("GitHub and Markdown rendering")
struct AnnotationRenderingTests {
    @Test("github writes a workflow command per finding with file, line, col and title")
    func githubCommand() {
        let d = Diagnostic.error("unknown-key", "bad key", at: at("teams/a.yaml", 14, 9))
        #expect(DiagnosticRenderer.render([d], as: .github) == "::error file=teams/a.yaml,line=14,col=9,title=rolecall unknown-key::bad key\n")
    }

    @Test("github maps severities to error, warning and notice", arguments: [
        (Severity.error, "error"), (.warning, "warning"), (.note, "notice"),
    ])
    func githubLevels(severity: Severity, level: String) {
        let out = DiagnosticRenderer.render([Diagnostic(severity, code: "c", "m", at: at("a.yaml", 1, 1))], as: .github)
        #expect(out.hasPrefix("::\(level) file=a.yaml,"))
    }

    @Test("github omits line and col when the finding has no line")
    func githubWithoutLine() {
        let out = DiagnosticRenderer.render([.error("c", "m", at: at("environments/x.yaml"))], as: .github)
        #expect(out == "::error file=environments/x.yaml,title=rolecall c::m\n")
    }

    @Test("github escapes %, CR and LF in the message and appends notes on new lines")
    func githubMessageEscaping() {
        let d = Diagnostic.error("c", "100% sure\r\nreally", at: at("a.yaml", 1, 1),
                                 notes: [.init("see", at: at("b.yaml", 2, 3)), .init("plain")])
        let out = DiagnosticRenderer.render([d], as: .github)
        #expect(out == "::error file=a.yaml,line=1,col=1,title=rolecall c::100%25 sure%0D%0Areally%0Ab.yaml:2:3: see%0Aplain\n")
        #expect(out.filter { $0 == "\n" }.count == 1)
    }

    @Test("github escapes , and : inside property values so a path cannot split the properties")
    func githubPropertyEscaping() {
        let out = DiagnosticRenderer.render([.error("c", "m", at: at("teams/a,b:c%.yaml", 2, 1))], as: .github)
        #expect(out == "::error file=teams/a%2Cb%3Ac%25.yaml,line=2,col=1,title=rolecall c::m\n")
    }

    @Test("markdown renders a table with an icon per severity and the location in code")
    func markdownTable() {
        let out = DiagnosticRenderer.render(sample, as: .markdown)
        #expect(out == """
            | | location | finding |
            |---|---|---|
            | ℹ️ | <code>environments/dev.yaml</code> | a note |
            | ❌ | <code>teams/a.yaml:14:9</code> | unknown key 'acess' in group<br>allowed keys: access, members<br>first defined here |
            | ⚠️ | <code>teams/b.yaml:7:5</code> | role 'x' is never granted |

            """)
    }

    @Test("markdown escapes pipes so a message cannot add table columns")
    func markdownEscapesPipes() {
        let out = DiagnosticRenderer.render([.error("c", "a | b", at: at("a.yaml", 1, 1), notes: [.init("c|d")])], as: .markdown)
        #expect(out.hasSuffix("| ❌ | <code>a.yaml:1:1</code> | a &#124; b<br>c&#124;d |\n"))
    }

    @Test("input cannot forge a finding line in text output: one finding is one line, controls spelled out")
    func textCannotBeForged() {
        let forged = "x\nteams/evil.yaml:1:1: error: forged\r\u{202E}"
        let out = DiagnosticRenderer.render([.error("c", "key '\(forged)' is unknown", at: at("teams/a\nb.yaml", 2, 3), notes: [.init(forged)])], as: .text)
        #expect(out == "\"teams/a\\nb.yaml\":2:3: error: key 'x\\nteams/evil.yaml:1:1: error: forged\\r\\u{202E}' is unknown\n  note: x\\nteams/evil.yaml:1:1: error: forged\\r\\u{202E}\n")
        #expect(out.split(separator: "\n").filter { !$0.hasPrefix("  ") }.count == 1, "one finding line; the note stays indented")
    }

    @Test("a file name cannot pose as a location in text output")
    func pathsThatLookLikeLocationsAreQuoted() {
        let out = DiagnosticRenderer.render([.error("c", "m", at: at("teams/evil:1:1: warning: all good.yaml", 1, 1))], as: .text)
        #expect(out == "\"teams/evil:1:1: warning: all good.yaml\":1:1: error: m\n")
        #expect(DiagnosticRenderer.render([.error("c", "m", at: at("teams/payments/team.yaml", 3, 5))], as: .text) == "teams/payments/team.yaml:3:5: error: m\n")
    }

    @Test("input cannot close the comment's fold, add headings, HTML or table cells in markdown")
    func markdownCannotBeForged() {
        let forged = "</details>\n# Approved\n<img src=x> | `code` *b* [l](u)"
        let out = DiagnosticRenderer.render([.error("c", forged, at: at("teams/`a`.yaml", 1, 1))], as: .markdown)
        let row = out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(out.split(separator: "\n").count == 3)
        #expect(!out.contains("</details>") && !out.contains("<img") && !out.contains("\n#"))
        #expect(row == "| ❌ | <code>teams/&#96;a&#96;.yaml:1:1</code> | &lt;/details&gt;&#92;n&#35; Approved&#92;n&lt;img src=x&gt; &#124; &#96;code&#96; &#42;b&#42; &#91;l&#93;(u) |")
    }
}
