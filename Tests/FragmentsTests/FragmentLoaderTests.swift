import Diagnostics
import Foundation
import Testing
@testable import Fragments

@Suite("FragmentPath")
struct FragmentPathTests {
    @Test("paths in the fragment layout are classified by folder and file name", arguments: [
        ("environments/dev.yaml", FragmentPath.environment("dev")),
        ("environments/prod.yml", .environment("prod")),
        ("environments/eu.prod.yaml", .environment("eu.prod")),
        ("teams/payments.yaml", .team("payments")),
        ("teams/payments/team.yaml", .team("payments")),
        ("teams/payments/team.yml", .team("payments")),
        ("teams/_templates/service-team.yaml", .template("service-team")),
        ("teams/payments/prod.yaml", .overlay(team: "payments", target: "prod")),
        ("teams/payments/prod-eu-1.yml", .overlay(team: "payments", target: "prod-eu-1")),
        ("README.md", .ignored),
        ("teams/README.md", .ignored),
        ("teams/payments/notes.txt", .ignored),
        ("environments/dev.yaml.bak", .ignored),
    ])
    func classification(path: String, expected: FragmentPath) {
        #expect(FragmentPath(path) == expected)
    }

    @Test("YAML files outside the layout are misplaced, with a hint for their folder", arguments: [
        ("environments/eu/dev.yaml", "environments/<name>.yaml"),
        ("teams/a/b/c.yaml", "teams/<team>.yaml"),
        ("other/x.yaml", "teams/<team>.yaml"),
        ("x.yaml", "teams/<team>.yaml"),
        ("teams/_templates/deep/x.yaml", "teams/_templates/<name>.yaml"),
    ])
    func misplaced(path: String, hint: String) {
        guard case .misplaced(let text) = FragmentPath(path) else {
            Issue.record("\(path) was not misplaced: \(FragmentPath(path))")
            return
        }
        #expect(text.contains(hint))
    }
}

private let team = """
    kind: Team
    name: payments
    namespaces: [payments]
    groups:
      developers:
        members: [arn:aws:iam::111122223333:role/Dev]
        access: {payments: edit}

    """

@Suite("FragmentLoader")
struct FragmentLoaderTests {
    @Test("a team file loads as a Team named after the file")
    func loadsTeam() throws {
        let (fragment, diagnostics) = load(team, path: "teams/payments.yaml", commit: "c0ffee")
        #expect(diagnostics.isEmpty)
        let f = try #require(fragment)
        #expect(f.kind == .team && f.name == "payments" && f.team == nil && !f.isTemplate)
        #expect(f.path == "teams/payments.yaml")
        #expect(f.location == Diagnostics.SourceLocation(path: "teams/payments.yaml", line: 1, column: 1, commit: "c0ffee"))
        #expect(f.root["groups"]?["developers"]?["access"]?["payments"]?.string == "edit")
        #expect(load(team, path: "teams/payments/team.yaml").0?.name == "payments")
    }

    @Test("a template is referenced as _templates/<name> but written with its bare name")
    func loadsTemplate() throws {
        let f = try #require(load("kind: Team\nname: service-team\n", path: "teams/_templates/service-team.yaml").0)
        #expect(f.kind == .team && f.name == "_templates/service-team" && f.isTemplate)
        let (wrong, d) = load("kind: Team\nname: _templates/service-team\n", path: "teams/_templates/service-team.yaml")
        #expect(wrong == nil && codes(d) == ["name-mismatch"])
    }

    @Test("an overlay is named after its target and remembers its team folder")
    func loadsOverlay() throws {
        let f = try #require(load("kind: Overlay\nname: prod\ngroups: {developers: {access: {'*': view}}}\n", path: "teams/payments/prod.yaml").0)
        #expect(f.kind == .overlay && f.name == "prod" && f.team == "payments")
    }

    @Test("an environment loads from environments/")
    func loadsEnvironment() throws {
        let f = try #require(load("kind: Environment\nname: dev\nabstract: false\n", path: "environments/dev.yaml").0)
        #expect(f.kind == .environment && f.name == "dev")
    }

    @Test("files that are not YAML are ignored silently")
    func ignored() {
        let (fragment, diagnostics) = load("# Readme\n", path: "teams/README.md")
        #expect(fragment == nil && diagnostics.isEmpty)
    }

    @Test("a misplaced YAML file is an error at the file, even if its content is fine")
    func misplacedFile() {
        let (fragment, diagnostics) = load(team, path: "teams/a/b/payments.yaml")
        #expect(fragment == nil)
        #expect(codes(diagnostics) == ["misplaced-fragment"])
        #expect(diagnostics.first?.location.path == "teams/a/b/payments.yaml")
    }

    @Test("a fragment must be a mapping", arguments: ["- a\n- b\n", "just text\n", "~\n"])
    func notAMapping(text: String) {
        let (fragment, diagnostics) = load(text)
        #expect(fragment == nil)
        #expect(codes(diagnostics) == ["wrong-type"])
    }

    @Test("kind and name are required, and kind must match the folder", arguments: [
        ("name: x\n", "teams/x.yaml", "missing-field", [1, 1]),
        ("kind: Team\n", "teams/x.yaml", "missing-field", [1, 1]),
        ("kind: Team\nname: ''\n", "teams/x.yaml", "missing-field", [1, 1]),
        ("kind: Environment\nname: x\n", "teams/x.yaml", "wrong-kind", [1, 7]),
        ("kind: Team\nname: dev\n", "environments/dev.yaml", "wrong-kind", [1, 7]),
        ("kind: Team\nname: prod\n", "teams/x/prod.yaml", "wrong-kind", [1, 7]),
        ("name: x\nkind: team\n", "teams/x.yaml", "wrong-kind", [2, 7]),
        ("kind: Team\nname: y\n", "teams/x.yaml", "name-mismatch", [2, 7]),
    ])
    func headerChecks(text: String, path: String, code: String, at: [Int]) {
        let (fragment, diagnostics) = load(text, path: path)
        #expect(fragment == nil)
        #expect(codes(diagnostics) == [code])
        #expect(position(diagnostics.first) == at)
    }

    @Test("a name mismatch and schema errors are reported together")
    func mismatchAndSchemaTogether() {
        let (fragment, diagnostics) = load("kind: Team\nname: y\nnamespace: [a]\n")
        #expect(fragment == nil)
        #expect(codes(diagnostics) == ["name-mismatch", "unknown-key"])
        #expect(diagnostics.last?.message.contains("in Team 'y'") == true)
        #expect(position(diagnostics.last) == [3, 1])
    }

    @Test("schema errors are located at the offending line and column")
    func schemaErrorLocation() {
        let (_, diagnostics) = load(team.replacingOccurrences(of: "access: {payments: edit}", with: "acces: {payments: edit}"), path: "teams/payments.yaml", commit: "abc")
        #expect(codes(diagnostics) == ["unknown-key"])
        #expect(diagnostics.first?.location == Diagnostics.SourceLocation(path: "teams/payments.yaml", line: 7, column: 5, commit: "abc"))
    }

    @Test("YAML reader refusals surface unchanged through the loader")
    func readerErrorsPassThrough() {
        #expect(codes(load("kind: Team\nname: x\nbase: &a {}\n").1) == ["yaml-anchor"])
        #expect(codes(FragmentLoader.load(Data([0x6b, 0xff]), path: "teams/x.yaml", commit: nil).1) == ["not-utf8"])
        #expect(codes(FragmentLoader.load(Data(team.utf8), path: "teams/payments.yaml", commit: nil, limits: with { $0.maxBytes = 10 }).1) == ["fragment-too-large"])
    }
}
