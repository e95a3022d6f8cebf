import Foundation
import GitStore
import Testing
import TestSupport
import Yams

/// Clusters with the same RBAC objects share one rendering (the RBAC emitter keeps its recent
/// ones). Two clusters whose objects differ only in Unicode normalization are equal to Swift's
/// `==` and different to Kubernetes: the binary must emit each cluster's own bytes, as a
/// compile without any reuse does. Environments compile one after the other through the same
/// emitter: `dev`'s two clusters hold the name composed, `staging`'s overlay decomposes it, so
/// whichever environment comes first, the other finds its rendering kept, however many
/// clusters run at once.
@Suite("RBAC reuse across clusters, end to end")
struct RBACReuseEndToEndTests {
    static let composed = "caf\u{E9}", decomposed = "cafe\u{301}"

    static func rule(_ name: String) -> String {
        #"{apiGroups: [""], resources: [configmaps], resourceNames: ["\#(name)"], verbs: [get]}"#
    }

    static var files: [String: String] {
        let clusters = ["dev-a", "dev-b"].map {
            "  \($0):\n    account: \"111122223333\"\n    nodeRoles: [arn:aws:iam::111122223333:role/eks-node-\($0)]\n"
        }.joined()
        return [
            "environments/dev.yaml": """
            kind: Environment
            name: dev
            authMode: both
            clusters:
            \(clusters)groups:
              platform-admins:
                members: [arn:aws:iam::111122223333:role/eks-admin]
                clusterRoles: [cluster-admin]

            """,
            "environments/staging.yaml": CLISource.environment("staging", cluster: "staging-a"),
            "teams/reports/staging.yaml": """
            kind: Overlay
            name: staging
            roles:
              menu:
                rules: [\(rule(decomposed))]

            """,
            "teams/reports.yaml": """
            kind: Team
            name: reports
            namespaces: [reports]
            groups:
              readers:
                members: [arn:aws:iam::111122223333:role/Reports]
                access: {reports: menu}
            roles:
              menu:
                rules: [\(rule(composed))]

            """,
        ]
    }

    /// The resourceNames of the `menu` Role as the API server would read them: parsed YAML, as bytes.
    static func resourceNames(_ repository: Repository, branch: String, cluster: String) throws -> [[UInt8]] {
        let bundle = try EmittedBundle(repository: repository, branch: branch, cluster: cluster)
        let roles = bundle.objects(kind: "Role").filter { EmittedBundle.metadata($0).name == "reports:menu" }
        #expect(roles.count == 1)
        let rules = roles.first?["rules"] as? [[String: Any]] ?? []
        return rules.flatMap { ($0["resourceNames"] as? [String] ?? []).map { Array($0.utf8) } }
    }

    @Test func eachClusterGetsTheBytesItsOwnFragmentsWrote() throws {
        let source = try CLISource()
        try source.commit(Self.files)
        let compiled = try RolecallBinary.run(["compile", "--repo", source.path])
        #expect(compiled.status == 0, "\(compiled.output)")
        let cold = try RolecallBinary.run(["compile", "--no-cache", "--output-branch", "cold/{env}", "--repo", source.path])
        #expect(cold.status == 0, "\(cold.output)")
        for prefix in ["rendered", "cold"] {
            #expect(try Self.resourceNames(source.repository, branch: "\(prefix)/dev", cluster: "dev-a") == [Array(Self.composed.utf8)])
            #expect(try Self.resourceNames(source.repository, branch: "\(prefix)/dev", cluster: "dev-b") == [Array(Self.composed.utf8)])
            #expect(try Self.resourceNames(source.repository, branch: "\(prefix)/staging", cluster: "staging-a") == [Array(Self.decomposed.utf8)])
        }
        // The cluster folders are the same trees either way.
        let tree = { (branch: String) in try source.repository.entry(at: "clusters", in: try source.repository.commit(try source.repository.resolveCommit(branch)).tree)?.id }
        #expect(try tree("rendered/dev") == tree("cold/dev"))
        #expect(try tree("rendered/staging") == tree("cold/staging"))
        let verified = try RolecallBinary.run(["verify", "--repo", source.path])
        #expect(verified.status == 0, "\(verified.output)")
    }
}
