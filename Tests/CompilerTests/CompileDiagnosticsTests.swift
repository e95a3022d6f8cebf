import BuiltinPlugins
import TestSupport
import Compiler
import Diagnostics
import Foundation
import GitStore
import Testing

@Suite("compile diagnostics")
struct CompileDiagnosticsTests {
    @Test func anUnknownKeyIsAnErrorAtItsPathLineColumnAndCommit() throws {
        let source = try SourceRepository()
        var files = SmallSource.files
        files["teams/billing.yaml"] = SmallSource.typo
        let commit = try source.commit(files)
        let compilation = try source.compile(commit)

        #expect(compilation.hasErrors)
        let finding = try #require(compilation.diagnostics.first { $0.code == "unknown-key" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("grops"))
        #expect(finding.location.path == "teams/billing.yaml")
        #expect(finding.location.line == 4)
        #expect(finding.location.column == 1)
        #expect(finding.location.commit == commit.hex)
        #expect(finding.location.description == "teams/billing.yaml:4:1")

        let text = DiagnosticRenderer.render(compilation.diagnostics, as: .text)
        #expect(text.contains("teams/billing.yaml:4:1: error: "))
        #expect(text.contains("[commit \(commit.hex.prefix(12))]"))
    }

    @Test func everyDiagnosticCarriesTheCompiledCommit() throws {
        let source = try SourceRepository()
        var files = SmallSource.files
        files["teams/billing.yaml"] = SmallSource.typo
        files["environments/dev.yaml"] = files["environments/dev.yaml"]!.replacingOccurrences(of: "authMode: both", with: "authMode: sometimes")
        let commit = try source.commit(files)
        let compilation = try source.compile(commit)
        #expect(compilation.diagnostics.count >= 2)
        #expect(compilation.diagnostics.allSatisfy { $0.location.commit == commit.hex })
        let mode = try #require(compilation.diagnostics.first { $0.message.contains("sometimes") })
        #expect(mode.location.description == "environments/dev.yaml:3:11")
    }

    @Test func theErrorIsReadFromTheCommitNotFromAnyOtherRevision() throws {
        let source = try SourceRepository()
        let clean = try source.commit(SmallSource.files)
        var files = SmallSource.files
        files["teams/billing.yaml"] = SmallSource.typo
        let broken = try source.commit(files)
        #expect(try !source.compile(clean).hasErrors)
        #expect(try source.compile(broken).hasErrors)
        // The loader's cache must not leak one commit's parse into another's result.
        let compiler = Compiler(repository: source.repository, registry: BuiltinPlugins.registry)
        #expect(try compiler.compile(commit: broken).hasErrors)
        #expect(try !compiler.compile(commit: clean).hasErrors)
        #expect(try compiler.compile(commit: broken).diagnostics.first { $0.code == "unknown-key" }?.location.commit == broken.hex)
    }

    @Test func selectingAnUnknownEnvironmentIsAnError() throws {
        let source = try SourceRepository()
        let commit = try source.commit(SmallSource.files)
        let compilation = try source.compile(commit, environments: ["qa"])
        #expect(compilation.environments.isEmpty)
        let finding = try #require(compilation.diagnostics.first { $0.code == "unknown-environment" })
        #expect(finding.severity == .error)
        #expect(finding.message.contains("'qa'"))
    }
}
