import Foundation
import TestSupport
import Testing
import Yams

/// Namespaces and aws-auth carry Argo CD and Flux prune protection unless the environment turns it
/// off, read back from the committed output branch; RBAC objects never do (pruning them is how
/// access is revoked); and `check --base` says what really happens to a namespace that leaves.
@Suite("prune protection on destructive objects, end to end")
struct PruneProtectionEndToEndTests {
    static let argo = ("argocd.argoproj.io/sync-options", "Prune=false")
    static let flux = ("kustomize.toolkit.fluxcd.io/prune", "disabled")

    /// `dev` as written (protected by default), `staging` with `pruneProtection: false`.
    static var files: [String: String] {
        var files = CLISource.clean
        files["environments/staging.yaml"]! += "pruneProtection: false\n"
        return files
    }

    static func annotations(_ source: CLISource, _ branch: String, _ path: String) throws -> [[String: String]] {
        let text = try Tool.git(["show", "\(branch):\(path)"], in: source.path)
        return try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }.map { object in
            ((object["metadata"] as? [String: Any])?["annotations"] as? [String: String]) ?? [:]
        }
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func namespacesAndAwsAuthAreProtectedByDefaultAndNotWhenTurnedOff() throws {
        let source = try CLISource()
        try source.commit(Self.files)
        let result = try RolecallBinary.run(["compile", "--repo", source.path, "--ref", "main"])
        #expect(result.status == 0, "\(result.output)")
        for path in ["clusters/dev-eu-1/namespaces.yaml", "clusters/dev-eu-1/aws-auth.yaml"] {
            let objects = try Self.annotations(source, "rendered/dev", path)
            #expect(!objects.isEmpty)
            for annotations in objects {
                #expect(annotations == [Self.argo.0: Self.argo.1, Self.flux.0: Self.flux.1], "\(path)")
            }
        }
        for path in ["clusters/dev-eu-1/rbac/rolebindings.yaml", "clusters/dev-eu-1/rbac/clusterrolebindings.yaml"] {
            #expect(try Self.annotations(source, "rendered/dev", path).allSatisfy(\.isEmpty), "\(path)")
        }
        for path in ["clusters/staging-eu-1/namespaces.yaml", "clusters/staging-eu-1/aws-auth.yaml"] {
            let objects = try Self.annotations(source, "rendered/staging", path)
            #expect(!objects.isEmpty && objects.allSatisfy(\.isEmpty), "\(path): \(objects)")
        }
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func checkSaysAProtectedNamespaceStaysAndAnUnprotectedOneIsDeleted() throws {
        let source = try CLISource()
        let main = try source.commit(Self.files)
        var removed = Self.files
        removed["teams/billing.yaml"] = nil
        try source.repository.commitFiles(removed, parents: [main], branch: "feature")
        let result = try RolecallBinary.run(["check", "--repo", source.path, "--base", "main", "--ref", "feature"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("  ! dev/dev-eu-1: namespace billing disappears: prune protection keeps it and everything in it in the cluster, no longer managed; to retire it, delete it by hand"), "\(result.stdout)")
        #expect(result.stdout.contains("  ! staging/staging-eu-1: namespace billing disappears: Argo CD or Flux with pruning deletes it and everything in it\n"), "\(result.stdout)")
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func pruneProtectionMustBeABoolean() throws {
        let source = try CLISource()
        var files = Self.files
        files["environments/dev.yaml"]! += "pruneProtection: sometimes\n"
        try source.commit(files)
        let result = try RolecallBinary.run(["check", "--repo", source.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("environments/dev.yaml:12:18: error: 'pruneProtection' must be true or false"), "\(result.output)")
    }
}
