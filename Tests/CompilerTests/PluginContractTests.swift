import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import GitStore
import Model
import Output
import PluginAPI
import Testing

/// An environment-scoped emitter, as a third party would write one: one file at the branch root
/// listing every cluster, with a finding of its own.
private struct ClusterListEmitter: Emitter {
    var name: String { "cluster-list" }
    var version: String { "2.1.0" }
    var scope: PluginScope { .environment }
    var path = "argocd/clusters.txt"

    func render(_ input: EmitterInput) throws -> EmitterOutput {
        let names = input.clusters.map(\.cluster.name).joined(separator: "\n") + "\n"
        return EmitterOutput(files: [EmittedFile(path: path, contents: names, isKubernetesResource: false)],
                             diagnostics: [Diagnostic(.note, code: "cluster-list", "listed \(input.clusters.count) clusters", at: input.environment.location)])
    }
}

private struct FailingEmitter: ClusterEmitter {
    var name: String { "failing" }
    func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] { [] }
    func render(_ input: EmitterInput) throws -> EmitterOutput { throw PluginFailure("no credentials for the remote renderer") }
}

@Suite("the plugin contract: scope, version, findings and failure, through the public stages")
struct PluginContractTests {
    static func compile(_ extra: any Emitter) -> Compilation {
        var registry = BuiltinPlugins.registry
        registry.register(extra)
        let files = SmallSource.files.map { (path: $0.key, data: Data($0.value.utf8)) }
        let (source, findings) = SourceLoader.parse(files)
        return Pipeline(registry: registry).compile(source, findings: findings, commit: String(repeating: "0", count: 40), tree: "", environments: ["dev"])
    }

    @Test func anEnvironmentScopedEmitterWritesAtTheBranchRootWithoutTouchingTheCore() throws {
        let compilation = Self.compile(ClusterListEmitter())
        #expect(!compilation.hasErrors, "\(compilation.diagnostics)")
        let bundle = try #require(compilation.environments.first).bundle
        #expect(bundle.files.map(\.path) == ["argocd/clusters.txt"])
        #expect(bundle.files.first?.contents == "dev-eu-1\n")
        #expect(bundle.plugins.contains("cluster-list"))
        #expect(compilation.diagnostics.contains { $0.code == "cluster-list" && $0.severity == .note })
        let layout = BranchLayout.files(for: bundle, source: SourceInfo(ref: "main", commit: compilation.commit, tree: ""), compilerVersion: "test")
        #expect(layout["argocd/clusters.txt"] != nil)
        #expect(layout.keys.contains("clusters/dev-eu-1/aws-auth.yaml"))
    }

    @Test func aPluginsVersionIsPartOfWhatTheRegistryDeclares() {
        var registry = BuiltinPlugins.registry
        registry.register(ClusterListEmitter())
        #expect(registry.plugins.contains(PluginInfo(name: "cluster-list", version: "2.1.0", scope: .environment, kind: .emitter)))
        #expect(registry.plugins.contains(PluginInfo(name: "aws-auth", version: "builtin", scope: .cluster, kind: .emitter)))
    }

    @Test func aFailingPluginIsAnErrorAndNothingIsRendered() {
        let compilation = Self.compile(FailingEmitter())
        let failure = compilation.diagnostics.first { $0.code == "plugin-failed" }
        #expect(failure?.severity == .error)
        #expect(failure?.message == "plugin 'failing' builtin failed for cluster 'dev-eu-1': no credentials for the remote renderer")
    }

    @Test func anEnvironmentEmitterMayNotOverwriteWhatRolecallWrites() {
        let compilation = Self.compile(ClusterListEmitter(path: ".rolecall/metadata.json"))
        #expect(compilation.diagnostics.contains { $0.code == "plugin-failed" && $0.message.contains("'.rolecall/metadata.json'") })
        #expect(compilation.environments.first?.bundle.files.isEmpty == true)
    }
}
