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
    /// Why this commit stands for the release, and what is known to differ (see Vendored/README.md).
    public let provenance: String
    public let text: String

    /// How answers name the source: `Kubernetes 1.33 bootstrap policy (kubernetes/kubernetes@025f2834a128)`.
    public var citation: String { "Kubernetes \(release) bootstrap policy (kubernetes/kubernetes@\(commit.prefix(12)))" }

    /// The one upstream text of the fixture the offline mirror holds after 1.6 (Vendored/README.md
    /// says how it was searched). Its content dates it: `selfsubjectreviews` in `system:basic-user`
    /// (on by default from 1.27), and none of the `system:kube-scheduler` rules of 1.31 and later.
    static let onlyEstablishedCommit = "025f2834a128798cef30018a5e6a6ae82b5ad885"

    /// A release whose line the text fits, without its release branch confirmed.
    static let fitsRelease = "closest established: its content fits this release (selfsubjectreviews in system:basic-user, on from 1.27; no leasecandidates for system:kube-scheduler, added in 1.31), but its release branch could not be confirmed offline"
    /// Releases known to differ from the text in a system role no person is bound to; the
    /// user-facing roles are byte for byte the same in the mirror's later (fork) copies of the fixture.
    static let olderThan131 = "closest established, known to be older: 1.31 gave system:kube-scheduler leasecandidates and list/watch on its lease (Coordinated Leader Election, kubernetes/kubernetes#124012); admin, edit, view and cluster-admin read the same in the later copies the mirror holds"
    static let olderThan132 = "closest established, known to be older: 1.31 gave system:kube-scheduler leasecandidates (kubernetes/kubernetes#124012) and 1.32 volumeattachments (kubernetes/kubernetes#127757); admin, edit, view and cluster-admin read the same in the later copies the mirror holds"

    public static let all: [BootstrapPolicySource] = [
        (29, fitsRelease), (30, fitsRelease), (31, olderThan131), (32, olderThan132), (33, olderThan132),
    ].map { minor, provenance in
        BootstrapPolicySource(release: KubernetesRelease(minor: minor), commit: onlyEstablishedCommit,
                              provenance: provenance, text: clusterRoles_025f2834a128)
    }

    public static func source(for release: KubernetesRelease) -> BootstrapPolicySource? {
        all.first { $0.release == release }
    }
}
