import Diagnostics
import Model
import ModelBuilding
import Testing

@Suite("kubernetesVersion: the release an environment's clusters run")
struct KubernetesVersionTests {
    static func decode(_ line: String) throws -> (EnvironmentSpec, [Diagnostic]) {
        let r = resolve([("environments/prod.yaml", "kind: Environment\nname: prod\n\(line)clusters:\n  c1: {account: \"111122223333\"}\n")])
        var decoder = SpecDecoder()
        let spec = decoder.environment(try #require(r.environments["prod"]))
        return (spec, decoder.diagnostics)
    }

    @Test(arguments: ["kubernetesVersion: 1.30\n", "kubernetesVersion: \"1.30\"\n", "kubernetesVersion: v1.30\n"])
    func aSupportedReleaseIsRead(_ line: String) throws {
        let (spec, diagnostics) = try Self.decode(line)
        #expect(diagnostics.isEmpty)
        #expect(spec.kubernetesRelease == KubernetesRelease(minor: 30))
        #expect(spec.kubernetesVersion?.location.line == 3)
    }

    @Test func withoutOneTheNewestSupportedReleaseApplies() throws {
        let (spec, diagnostics) = try Self.decode("")
        #expect(diagnostics.isEmpty && spec.kubernetesVersion == nil)
        #expect(spec.kubernetesRelease == KubernetesRelease.supported.last)
    }

    @Test(arguments: ["kubernetesVersion: 1.28\n", "kubernetesVersion: 1.33.2\n", "kubernetesVersion: latest\n"])
    func anUnsupportedReleaseIsAnErrorNamingTheSupportedOnes(_ line: String) throws {
        let (_, diagnostics) = try Self.decode(line)
        let d = try #require(diagnostics.first)
        #expect(d.code == "invalid-value" && d.location.line == 3)
        #expect(d.message.contains("1.29, 1.30, 1.31, 1.32, 1.33"), "\(d.message)")
    }
}
