import Model

/// Where the built-in ClusterRoles of one Kubernetes release come from: upstream's bootstrap
/// policy fixture (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml`,
/// which upstream's own tests keep equal to what the API server creates), vendored verbatim by
/// scripts/vendor-bootstrap-policy.sh.
public struct BootstrapPolicySource: Sendable {
    public static let upstreamPath = "plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml"

    public let release: KubernetesRelease
    /// The kubernetes/kubernetes commit the text was taken from.
    public let commit: String
    /// Why this commit stands for the release (see Vendored/README.md).
    public let provenance: String
    public let text: String

    /// How answers name the source: `Kubernetes 1.33 bootstrap policy (kubernetes/kubernetes@025f2834a128)`.
    public var citation: String { "Kubernetes \(release) bootstrap policy (kubernetes/kubernetes@\(commit.prefix(12)))" }

    /// Only one post-1.28 text of the fixture could be established offline (Vendored/README.md):
    /// every supported release reads it until a per-release-branch copy is vendored beside it.
    static let closestEstablished = "the closest text established offline; its release branch could not be confirmed"

    public static let all: [BootstrapPolicySource] = KubernetesRelease.supported.map { release in
        BootstrapPolicySource(release: release, commit: "025f2834a128798cef30018a5e6a6ae82b5ad885",
                              provenance: closestEstablished, text: clusterRoles_025f2834a128)
    }

    public static func source(for release: KubernetesRelease) -> BootstrapPolicySource? {
        all.first { $0.release == release }
    }
}
