import Testing
@testable import Diagnostics

private func at(_ path: String, _ line: Int = 0, _ column: Int = 0, commit: String? = nil) -> Diagnostics.SourceLocation {
    Diagnostics.SourceLocation(path: path, line: line, column: column, commit: commit)
}

@Suite("SourceLocation and Severity")
struct SourceLocationTests {
    @Test("description is path:line:column when a line is known, the bare path otherwise")
    func descriptionFormat() {
        #expect(at("teams/a.yaml", 14, 9).description == "teams/a.yaml:14:9")
        #expect(at("teams/a.yaml").description == "teams/a.yaml")
        #expect(at("teams/a.yaml", 0, 5).description == "teams/a.yaml")
    }

    @Test("locations order by path, then line, then column; the commit is not part of the order")
    func locationOrdering() {
        #expect(at("a.yaml", 9, 9) < at("b.yaml", 1, 1))
        #expect(at("a.yaml", 2, 9) < at("a.yaml", 10, 1))
        #expect(at("a.yaml", 2, 3) < at("a.yaml", 2, 4))
        #expect(!(at("a.yaml", 2, 3, commit: "b") < at("a.yaml", 2, 3, commit: "a")))
        #expect(!(at("a.yaml", 2, 3, commit: "a") < at("a.yaml", 2, 3, commit: "b")))
    }

    @Test("severities rank note < warning < error")
    func severityRank() {
        #expect(Severity.note < .warning)
        #expect(Severity.warning < .error)
        #expect(Severity.note < .error)
        #expect([Severity.error, .note, .warning].sorted() == [.note, .warning, .error])
        #expect([Severity.note, .warning, .error].map(\.rawValue) == ["note", "warning", "error"])
    }
}

@Suite("sortedForReport, hasErrors, strict")
struct DiagnosticListTests {
    @Test("the factory helpers set severity, code, message, location and notes")
    func factories() {
        let e = Diagnostic.error("c1", "m1", at: at("x.yaml", 1, 2), notes: [.init("n")])
        #expect(e.severity == .error && e.code == "c1" && e.message == "m1" && e.location == at("x.yaml", 1, 2))
        #expect(e.notes == [Diagnostic.Note("n")])
        let w = Diagnostic.warning("c2", "m2", at: at("y.yaml"))
        #expect(w.severity == .warning && w.notes.isEmpty)
    }

    @Test("sorting is by path, line, column, then message, regardless of input order")
    func sortsByLocationThenMessage() {
        let expected = [
            Diagnostic.error("x", "alpha", at: at("environments/dev.yaml", 3, 1)),
            Diagnostic.error("x", "beta", at: at("environments/dev.yaml", 3, 1)),
            Diagnostic.warning("x", "aaa", at: at("environments/dev.yaml", 3, 7)),
            Diagnostic.error("x", "zzz", at: at("environments/dev.yaml", 12, 1)),
            Diagnostic.error("x", "aaa", at: at("teams/a.yaml", 1, 1)),
        ]
        for shift in 0..<expected.count {
            let rotated = Array(expected[shift...] + expected[..<shift]).reversed()
            #expect(Array(rotated).sortedForReport() == expected)
        }
    }

    @Test("identical findings (raised once per cluster) collapse to one")
    func collapsesDuplicates() {
        let d = Diagnostic.error("unknown-key", "unknown key 'x'", at: at("teams/a.yaml", 4, 3))
        let other = Diagnostic.error("unknown-key", "unknown key 'y'", at: at("teams/a.yaml", 4, 3))
        #expect([d, d, other, d].sortedForReport() == [d, other])
    }

    @Test("findings that differ only in severity, code, notes or commit are kept apart")
    func keepsNearDuplicates() {
        let base = Diagnostic.error("c", "m", at: at("a.yaml", 1, 1))
        var warning = base; warning.severity = .warning
        var code = base; code.code = "other"
        var noted = base; noted.notes = [Diagnostic.Note("note")]
        var committed = base; committed.location.commit = "abc"
        #expect([base, warning, code, noted, committed].sortedForReport().count == 5)
    }

    @Test("hasErrors is true only when an error is present")
    func hasErrors() {
        #expect(![Diagnostic]().hasErrors)
        #expect(![Diagnostic.warning("w", "w", at: at("a"))].hasErrors)
        #expect(![Diagnostic(.note, code: "n", "n", at: at("a"))].hasErrors)
        #expect([Diagnostic.warning("w", "w", at: at("a")), .error("e", "e", at: at("a"))].hasErrors)
    }

    @Test("strict() promotes warnings to errors, leaves notes and errors, and keeps everything else")
    func strictPromotesWarnings() {
        let input = [
            Diagnostic.warning("w", "a warning", at: at("a.yaml", 2, 3), notes: [.init("why", at: at("b.yaml", 1, 1))]),
            Diagnostic(.note, code: "n", "a note", at: at("a.yaml")),
            Diagnostic.error("e", "an error", at: at("a.yaml")),
        ]
        let strict = input.strict()
        #expect(strict.map(\.severity) == [.error, .note, .error])
        #expect(strict.map(\.code) == ["w", "n", "e"])
        #expect(strict[0].message == "a warning" && strict[0].location == input[0].location && strict[0].notes == input[0].notes)
        #expect([Diagnostic.warning("w", "w", at: at("a"))].strict().hasErrors)
    }
}
