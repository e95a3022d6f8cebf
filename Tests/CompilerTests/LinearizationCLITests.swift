import Foundation
import TestSupport
import Testing

/// Issue 13's shapes through the built `rolecall`: `compile` publishes the RBAC the linear order
/// gives, and `explain --format json` names the granting line and the lines it overrode.
@Suite("extends linearization through the command line")
struct LinearizationCLITests {
    typealias L = LinearizationSource

    /// Runs `rolecall compile` on `files` and returns the source and the published dev-eu-1 RBAC.
    static func compile(_ files: [String: String]) throws -> (SourceRepository, bindings: [String], roles: [EmittedObject]) {
        let source = try SourceRepository()
        try source.commit(files)
        let result = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let rendered = try source.renderedFiles("dev")
        let bindings = EmittedObject.parse(rendered["clusters/\(L.cluster)/rbac/rolebindings.yaml"] ?? "").map(\.binding)
        return (source, bindings, EmittedObject.parse(rendered["clusters/\(L.cluster)/rbac/roles.yaml"] ?? ""))
    }

    /// `(role, grantedAt, overrides)` of each permission `explain --format json` prints, as `path:line:column`.
    static func explain(_ arn: String, in source: SourceRepository) throws -> [(role: String, grantedAt: String, overrides: [String])] {
        let result = try RolecallBinary.run(["explain", arn, "--cluster", L.cluster, "--format", "json", "--repo", source.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let permissions = try #require(object?["permissions"] as? [[String: Any]], "\(result.stdout)")
        return permissions.map { permission in
            (permission["role"] as? String ?? "", location(permission["grantedAt"]), (permission["overrides"] as? [Any] ?? []).map(location))
        }
    }

    static func location(_ value: Any?) -> String {
        guard let map = value as? [String: Any] else { return "<none>" }
        return "\(map["path"] ?? ""):\(map["line"] ?? ""):\(map["column"] ?? "")"
    }

    static func at(_ files: [String: String], _ path: String, _ needle: String, _ value: String) throws -> String {
        let location = try L.at(files, path, needle, value)
        return "\(location.path):\(location.line):\(location.column)"
    }

    @Test func theIssuesReproductionPublishesNoEditBindingInWebAPI() throws {
        let files = L.WebDiamond.files(extends: "[_templates/a, _templates/b]")
        let (source, bindings, roles) = try Self.compile(files)
        #expect(bindings == ["web/web:dev -> ClusterRole view"])
        #expect(!bindings.contains { $0.hasPrefix("web-api/") })
        #expect(roles.isEmpty)
        let permissions = try Self.explain(L.WebDiamond.developer, in: source)
        #expect(permissions.map(\.role) == ["view"])
        #expect(permissions.first?.grantedAt == (try Self.at(files, L.WebDiamond.team, "access: {web: view}", "view")))
        #expect(permissions.first?.overrides == [])
    }

    @Test func aTeamExtendingSecureTeamAndBaseTeamCompilesWithoutTheDeletedGroup() throws {
        let files = L.SecureBase.files
        let (source, bindings, roles) = try Self.compile(files)
        #expect(bindings == ["ledger/ledger:developers -> ClusterRole view"])
        #expect(roles.isEmpty)
        let permissions = try Self.explain(L.SecureBase.developer, in: source)
        #expect(permissions.map(\.role) == ["view"])
        #expect(permissions.first?.grantedAt == (try Self.at(files, L.SecureBase.baseTeam, #"{"*": view}   # base"#, "view")))
        #expect(permissions.first?.overrides == [try Self.at(files, L.SecureBase.secureTeam, #"{"*": edit}   # secure"#, "edit")])
    }

    @Test func aTeamExtendingSecureTeamAndBatchTeamPublishesSecureTeamsRules() throws {
        let files = L.SecureBatch.files
        let (source, bindings, roles) = try Self.compile(files)
        #expect(bindings == ["jobs/jobs:developers -> ClusterRole view", "jobs/jobs:runners -> Role jobs:job-runner"])
        #expect(roles.map { $0.fields["metadata.name"] } == ["jobs:job-runner"])
        #expect(roles.first?.lists["rules.verbs"] == ["get", "list"])
        let permissions = try Self.explain(L.SecureBatch.developer, in: source)
        #expect(permissions.map(\.role) == ["view"])
        #expect(permissions.first?.grantedAt == (try Self.at(files, L.SecureBatch.secureTeam, #"{"*": view}   # secure"#, "view")))
        #expect(permissions.first?.overrides == [try Self.at(files, L.SecureBatch.batchTeam, #"{"*": edit}   # batch: dev"#, "edit")])
    }

    /// The reproduction with `path` replaced by `text`, and what `rolecall check` prints of it.
    static func check(replacing path: String, with text: String) throws -> (files: [String: String], output: String, status: Int32) {
        var files = L.WebDiamond.files(extends: "[_templates/a, _templates/b]")
        files[path] = text
        let source = try SourceRepository()
        try source.commit(files)
        let result = try RolecallBinary.run(["check", "--repo", source.path])
        return (files, result.stdout + result.stderr, result.status)
    }

    @Test func aCycleThroughTheDiamondIsOneErrorNamingTheWholeCycle() throws {
        let (files, output, status) = try Self.check(replacing: "teams/_templates/a.yaml", with: "kind: Team\nname: a\nextends: _templates/b\n")
        #expect(status == 1, "\(output)")
        let at = try Self.at(files, "teams/_templates/b.yaml", "extends: [_templates/a]", "_templates/a")
        #expect(output.contains("\(at): error: team '_templates/b' extends itself through a cycle: _templates/a -> _templates/b -> _templates/a; remove one `extends` link"),
                "\(output)")
        #expect(output.components(separatedBy: ": error: ").count == 2, "one error, none for web below the cycle: \(output)")
    }

    @Test func aMissingParentOfTheSharedTemplateIsOneErrorAtItsExtendsEntry() throws {
        let b = "kind: Team\nname: b\nextends: [_templates/a, _templates/gone]\n"
        let (files, output, status) = try Self.check(replacing: "teams/_templates/b.yaml", with: b)
        #expect(status == 1, "\(output)")
        let at = try Self.at(files, "teams/_templates/b.yaml", "extends: [", "_templates/gone")
        #expect(output.contains("\(at): error: team '_templates/b' extends '_templates/gone', which does not exist"), "\(output)")
        #expect(output.components(separatedBy: ": error: ").count == 2, "\(output)")
    }
}
