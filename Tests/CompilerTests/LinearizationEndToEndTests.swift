import Compiler
import Diagnostics
import Foundation
import Model
import Testing

/// Issue 13 end to end on real repositories: what is emitted for each shape, and which fragment
/// lines `explain` names.
@Suite("extends linearization end to end")
struct LinearizationEndToEndTests {
    typealias L = LinearizationSource

    /// Compiles `files` (which must compile cleanly) and returns dev-eu-1 with its emitted files.
    static func compile(_ files: [String: String]) throws -> (access: ClusterAccess, emitted: [String: [EmittedObject]]) {
        let source = try SourceRepository()
        let compilation = try source.compile(try source.commit(files))
        #expect(compilation.diagnostics.isEmpty, "\(compilation.diagnostics.map { "\($0.location): \($0.message)" })")
        let access = try #require(compilation.environments.flatMap(\.clusters).first { $0.cluster.name == L.cluster })
        let bundle = try #require(compilation.environments.flatMap(\.bundle.clusters).first { $0.name == L.cluster })
        return (access, Dictionary(uniqueKeysWithValues: bundle.files.map { ($0.path, EmittedObject.parse($0.contents)) }))
    }

    static func plain(_ location: Diagnostics.SourceLocation) -> Diagnostics.SourceLocation {
        Diagnostics.SourceLocation(path: location.path, line: location.line, column: location.column)
    }

    @Test("the issue's reproduction binds no edit in web-api, extending [a, b] or [b] alone", arguments: ["[_templates/a, _templates/b]", "[_templates/b]"])
    func webDiamond(extends: String) throws {
        let files = L.WebDiamond.files(extends: extends)
        let (access, emitted) = try Self.compile(files)
        #expect(emitted["rbac/rolebindings.yaml"]?.map(\.binding) == ["web/web:dev -> ClusterRole view"])
        #expect(emitted["rbac/roles.yaml"] == nil)

        let explanation = try #require(Explanation.explain(L.WebDiamond.developer, in: access))
        #expect(explanation.permissions.map { "\($0.namespace ?? "*")=\($0.role.name)" } == ["web=view"])
        let web = try #require(explanation.permissions.first)
        #expect(Self.plain(web.grantedAt) == (try L.at(files, L.WebDiamond.team, "access: {web: view}", "view")))
        #expect(web.overrides.isEmpty, "nothing else ever set `web`")
    }

    @Test("a group deleted by the second template stays deleted, so its removed role is not referenced")
    func secureBase() throws {
        let files = L.SecureBase.files
        let (access, emitted) = try Self.compile(files)
        #expect(emitted["rbac/rolebindings.yaml"]?.map(\.binding) == ["ledger/ledger:developers -> ClusterRole view"])
        #expect(emitted["rbac/roles.yaml"] == nil)
        #expect(!access.roleBindings.contains { $0.name == "ledger:auditors" })

        let explanation = try #require(Explanation.explain(L.SecureBase.developer, in: access))
        let ledger = try #require(explanation.permissions.first)
        #expect(explanation.permissions.count == 1)
        #expect(ledger.role == RoleRef(kind: .clusterRole, name: "view"))
        #expect(Self.plain(ledger.grantedAt) == (try L.at(files, L.SecureBase.baseTeam, #"{"*": view}   # base"#, "view")))
        #expect(ledger.overrides.map(Self.plain) == [try L.at(files, L.SecureBase.secureTeam, #"{"*": edit}   # secure"#, "edit")],
                "secure-team's line once: it applied once, before base-team")
    }

    @Test("a parent listed again after its child keeps the child's rules and grants")
    func secureBatch() throws {
        let files = L.SecureBatch.files
        let (access, emitted) = try Self.compile(files)
        #expect(emitted["rbac/rolebindings.yaml"]?.map(\.binding) == [
            "jobs/jobs:developers -> ClusterRole view", "jobs/jobs:runners -> Role jobs:job-runner",
        ])
        let roles = try #require(emitted["rbac/roles.yaml"])
        #expect(roles.map { "\($0.fields["metadata.namespace"] ?? "")/\($0.fields["metadata.name"] ?? "")" } == ["jobs/jobs:job-runner"])
        #expect(roles.first?.lists["rules.verbs"] == ["get", "list"], "secure-team's rules, not batch-team's")

        let developer = try #require(Explanation.explain(L.SecureBatch.developer, in: access)?.permissions.first)
        #expect(developer.role == RoleRef(kind: .clusterRole, name: "view"))
        #expect(Self.plain(developer.grantedAt) == (try L.at(files, L.SecureBatch.secureTeam, #"{"*": view}   # secure"#, "view")))
        #expect(developer.overrides.map(Self.plain) == [try L.at(files, L.SecureBatch.batchTeam, #"{"*": edit}   # batch: dev"#, "edit")])

        let runner = try #require(Explanation.explain(L.SecureBatch.runner, in: access)?.permissions.first)
        #expect(runner.role == RoleRef(kind: .role, name: "jobs:job-runner"))
        #expect(Self.plain(runner.grantedAt) == (try L.at(files, L.SecureBatch.batchTeam, #"{"*": job-runner}   # batch"#, "job-runner")))
        #expect(runner.overrides.isEmpty)
        #expect(runner.rules?.map(\.verbs) == [["get", "list"]])
        #expect(runner.rules?.map { Self.plain($0.location) } == [try L.at(files, L.SecureBatch.secureTeam, "- apiGroups: [batch]   # secure", "apiGroups")])
    }
}
