import BuiltinPlugins
import Compiler
import Foundation
import GitStore
import Output
import PluginAPI
import Testing
import TestSupport

/// The render cache against a compile without it: after every kind of edit, the output branch a
/// cached compile writes is the very tree a cold compile writes, and only the clusters the edit
/// reaches are rendered again.
@Suite("render cache")
struct RenderCacheTests {
    /// `base` (abstract) <- `dev` with four clusters in two shards; a template; teams placed by
    /// shard, one with a cluster overlay, one with an environment overlay file.
    static func source(members: Int = 1) -> [String: String] {
        var files: [String: String] = [
            "environments/base.yaml": """
            kind: Environment
            name: base
            abstract: true
            authMode: both
            groups:
              admins:
                members: [arn:aws:iam::111122223333:role/admin]
                clusterRoles: [cluster-admin]
            policy:
              breakGlass: [arn:aws:iam::111122223333:role/admin]

            """,
            "environments/dev.yaml": """
            kind: Environment
            name: dev
            extends: base
            clusters:
            \((0..<4).map { "  dev-\($0):\n    account: \"111122223333\"\n    labels: {shard: \"\($0 % 2)\"}\n    nodeRoles: [arn:aws:iam::111122223333:role/node-\($0)]" }.joined(separator: "\n"))

            """,
            "teams/_templates/service.yaml": """
            kind: Team
            name: service
            groups:
              readers: {access: {"*": view}}

            """,
        ]
        for team in 0..<6 {
            let extra = team == 0 ? "clusters:\n  dev-0: {groups: {readers: {access: {\"*\": edit}}}}\n" : ""
            files["teams/team-\(team).yaml"] = """
            kind: Team
            name: team-\(team)
            extends: [_templates/service]
            namespaces: [team-\(team)]
            placement: {clusterLabels: {shard: "\(team % 2)"}}
            groups:
              readers:
                members: [\((0..<(team == 1 ? members : 1)).map { "arn:aws:iam::111122223333:role/t\(team)-r\($0)" }.joined(separator: ", "))]
            \(extra)
            """
        }
        files["teams/team-2/dev.yaml"] = """
        kind: Overlay
        name: dev
        groups:
          readers: {access: {"*": edit}}

        """
        return files
    }

    final class Fixture {
        let source: SourceRepository
        var compiler: Compiler
        init() throws {
            source = try SourceRepository()
            compiler = Compiler(repository: source.repository, registry: BuiltinPlugins.registry)
        }

        /// Compiles `commit` reusing what `rendered/*` holds and publishes there; then compiles it
        /// cold and publishes to `cold/*`. Returns both trees of `dev` and the store's counts.
        func compileBothWays(_ commit: ObjectID) throws -> (cached: ObjectID, cold: ObjectID, reused: Int, rendered: Int) {
            let repository = source.repository
            let previous = Replay.TipReader(repository: repository).tip(of: "rendered/dev").map { ["dev": $0] } ?? [:]
            let store = RenderStore(repository: repository, previous: previous)
            let cached = try compiler.compile(commit: commit, store: store)
            #expect(!cached.hasErrors, "\(cached.diagnostics)")
            _ = try Publication.publish([("main", cached)], in: repository)
            let fresh = Compiler(repository: repository, registry: compiler.registry)
            fresh.compilerVersion = compiler.compilerVersion
            let cold = try fresh.compile(commit: commit)
            _ = try Publication.publish([("main", cold)], template: OutputTemplate("cold/{env}"), in: repository)
            return (try source.renderedTip("dev").tree, try repository.commit(try repository.referenceTarget("refs/heads/cold/dev")!).tree,
                    store.reused, store.rendered)
        }
    }

    @Test func everyKindOfEditGivesTheTreeOfAColdCompileAndRendersOnlyWhatItReaches() throws {
        let fixture = try Fixture()
        var files = Self.source()
        var result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect((result.reused, result.rendered) == (0, 4))

        // Nothing in the fragments changed: every cluster is reused.
        files["README.md"] = "a note\n"
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect((result.reused, result.rendered) == (4, 0))

        // One member of team-1 (shard 1: dev-1, dev-3).
        files = Self.source(members: 2).merging(["README.md": "a note\n"]) { $1 }
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect((result.reused, result.rendered) == (2, 2))

        // team-0's cluster overlay (dev-0 only).
        files["teams/team-0.yaml"] = files["teams/team-0.yaml"]!.replacingOccurrences(of: "dev-0: {groups: {readers: {access: {\"*\": edit}}}}", with: "dev-0: {groups: {readers: {access: {\"*\": admin}}}}")
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect((result.reused, result.rendered) == (3, 1))

        // team-2's environment overlay file (shard 0: dev-0, dev-2).
        files["teams/team-2/dev.yaml"] = files["teams/team-2/dev.yaml"]!.replacingOccurrences(of: "edit", with: "admin")
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect((result.reused, result.rendered) == (2, 2))

        // The template every team extends.
        files["teams/_templates/service.yaml"] = files["teams/_templates/service.yaml"]!.replacingOccurrences(of: "view", with: "edit")
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect(result.rendered == 4)

        // The parent environment.
        files["environments/base.yaml"] = files["environments/base.yaml"]!.replacingOccurrences(of: "role/admin]\n    clusterRoles", with: "role/admin, arn:aws:iam::111122223333:role/ops]\n    clusterRoles")
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect(result.rendered == 4)

        // The plugins list (kustomize left out).
        files["environments/dev.yaml"] = files["environments/dev.yaml"]! + "plugins: [aws-auth, access-entries, rbac]\n"
        result = try fixture.compileBothWays(try fixture.source.commit(files))
        #expect(result.cached == result.cold)
        #expect(result.rendered == 4)

        // Another compiler version renders everything again, to the same tree as its own cold compile.
        fixture.compiler.compilerVersion = "99.0.0-test"
        result = try fixture.compileBothWays(try fixture.source.commit(files.merging(["README.md": "another note\n"]) { $1 }))
        #expect(result.cached == result.cold)
        #expect(result.rendered == 4)
    }

    /// An emitter that is the built-in RBAC one under another version.
    struct Reversioned: Emitter {
        let inner: any Emitter
        var name: String { inner.name }
        var version: String { inner.version + ".1" }
        var scope: PluginScope { inner.scope }
        var stage: EmitterStage { inner.stage }
        func render(_ input: EmitterInput) throws -> EmitterOutput { try inner.render(input) }
    }

    @Test func aPluginOfAnotherVersionRendersEverythingAgain() throws {
        let fixture = try Fixture()
        let commit = try fixture.source.commit(Self.source())
        _ = try fixture.compileBothWays(commit)
        var registry = PluginRegistry()
        for emitter in BuiltinPlugins.registry.emitters { registry.register(emitter.name == "rbac" ? Reversioned(inner: emitter) : emitter) }
        for check in BuiltinPlugins.registry.guards { registry.register(check) }
        for check in BuiltinPlugins.registry.bundleGuards { registry.register(check) }
        fixture.compiler = Compiler(repository: fixture.source.repository, registry: registry)
        let result = try fixture.compileBothWays(commit)
        #expect((result.reused, result.rendered) == (0, 4))
        #expect(result.cached == result.cold)
    }

    /// A hand-made commit on the output branch names no source: nothing of it is trusted.
    @Test func aHandEditedTipIsNotReused() throws {
        let fixture = try Fixture()
        let commit = try fixture.source.commit(Self.source())
        _ = try fixture.compileBothWays(commit)
        let repository = fixture.source.repository
        let tip = try fixture.source.renderedTip("dev")
        var tampered = try repository.files(in: tip.tree)
        tampered["clusters/dev-0/aws-auth.yaml"] = Data("# emptied by hand\n".utf8)
        let edit = try repository.createCommit(tree: try repository.writeTree(files: tampered), parents: [tip.id], message: "hand edit")
        try repository.updateReference("refs/heads/rendered/dev", to: edit, expecting: tip.id, message: "hand edit")
        let result = try fixture.compileBothWays(commit)
        #expect((result.reused, result.rendered) == (0, 4))
        #expect(result.cached == result.cold)
    }
}
