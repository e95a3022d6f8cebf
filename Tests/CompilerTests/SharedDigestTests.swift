import BuiltinPlugins
import Compiler
import Foundation
import Testing

/// A team that no overlay reaches in an environment (nor in any environment it extends) has the
/// same tree everywhere: its digest is computed once for the source and reused. Every cluster
/// key must be the one an environment computes alone, whatever order the environments run in.
@Suite("render cache: team digests shared between environments")
struct SharedDigestTests {
    static let files: [(path: String, data: Data)] = [
        ("environments/base.yaml", "kind: Environment\nname: base\nabstract: true\nauthMode: api\n"),
        ("environments/regulated.yaml", "kind: Environment\nname: regulated\nabstract: true\nextends: base\n"),
        ("environments/dev.yaml", "kind: Environment\nname: dev\nextends: base\nclusters:\n  dev-1: {account: \"111122223333\"}\n  dev-2: {account: \"111122223333\"}\n"),
        ("environments/prod.yaml", "kind: Environment\nname: prod\nextends: regulated\nclusters:\n  prod-1: {account: \"111122223333\"}\n"),
        ("environments/qa.yaml", "kind: Environment\nname: qa\nextends: base\nclusters:\n  qa-1: {account: \"111122223333\"}\n"),
        // No overlay: one tree everywhere.
        ("teams/plain.yaml", "kind: Team\nname: plain\nnamespaces: [plain]\ngroups:\n  dev: {members: [arn:aws:iam::111122223333:role/Plain], access: {plain: edit}}\n"),
        // An overlay for an abstract parent only: prod sees it through `extends`, dev and qa do not.
        ("teams/audited.yaml", """
            kind: Team
            name: audited
            namespaces: [audited]
            groups:
              dev: {members: [arn:aws:iam::111122223333:role/Audited], access: {audited: edit}}
            environments:
              regulated:
                groups: {dev: {access: {audited: view}}}
            """),
        // An overlay for qa itself, and one for a cluster of dev.
        ("teams/tuned.yaml", """
            kind: Team
            name: tuned
            namespaces: [tuned]
            groups:
              dev: {members: [arn:aws:iam::111122223333:role/Tuned], access: {tuned: edit}}
            environments:
              qa:
                namespaces: [tuned, tuned-qa]
            clusters:
              dev-2:
                groups: {dev: {access: {tuned: view}}}
            """),
    ].map { ($0.0, Data($0.1.utf8)) }

    @Test("every environment's keys equal the keys it computes alone", arguments: [["dev", "prod", "qa"], ["prod", "qa", "dev"], ["qa", "dev", "prod"]])
    func keysMatchAComputationAlone(order: [String]) throws {
        let (source, findings) = SourceLoader.parse(Self.files)
        #expect(findings.isEmpty, "\(findings)")
        let pipeline = Pipeline(registry: BuiltinPlugins.registry)
        let shared = pipeline.model(pipeline.resolve(source))
        #expect(shared.decoding.isEmpty && shared.resolution.diagnostics.isEmpty, "\(shared.decoding) \(shared.resolution.diagnostics)")
        var keys: [String: [String: String]] = [:]
        for name in order {
            let spec = try #require(shared.environments.first { $0.name == name })
            keys[name] = pipeline.clusterKeys(spec, in: shared)
        }
        for name in order {
            // A model of its own: nothing computed for another environment to reuse.
            let alone = pipeline.model(pipeline.resolve(source))
            let spec = try #require(alone.environments.first { $0.name == name })
            #expect(keys[name] == pipeline.clusterKeys(spec, in: alone), "\(name)")
        }
    }
}
