import Diagnostics

/// Where the Kubernetes permissions of the EKS access policies come from: the EKS User Guide page
/// "Review access policy permissions", whose asciidoc source in awsdocs/amazon-eks-user-guide is
/// vendored verbatim by scripts/vendor-access-policy-reference.sh and read by
/// `AccessPolicyReferenceTables`, so no policy's rules are retyped.
public struct AccessPolicyReference: Sendable {
    public static let repository = "awsdocs/amazon-eks-user-guide"
    public static let upstreamPath = "latest/ug/manage-access/k8s-access/access-policy-reference.adoc"
    public static let page = "https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html"

    /// The awsdocs/amazon-eks-user-guide commit the text was taken from.
    public let commit: String
    public let text: String

    /// How answers name a rule's line: `awsdocs/amazon-eks-user-guide@145543a96a20:latest/ug/...adoc`.
    public var path: String { "\(Self.repository)@\(commit.prefix(12)):\(Self.upstreamPath)" }

    public static let current = AccessPolicyReference(commit: "145543a96a20b66b1e946cd818943e5aa7713f6c",
                                                      text: accessPolicyReference_145543a96a20)
}
