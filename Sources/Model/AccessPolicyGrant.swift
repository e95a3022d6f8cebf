import Diagnostics

/// An EKS access policy association written in a fragment (`accessPolicies:` of a platform or
/// team group): the policy, and the scope it applies in. What terraform-aws-eks calls
/// `policy_associations`; emitted on the member's access entry (`authMode: api | both`).
public struct AccessPolicyGrant: Hashable, Sendable, Codable {
    /// The policy as written: a name (`AmazonEKSViewPolicy`) or its full ARN.
    public var policy: Located<String>
    /// nil: cluster scope. Otherwise namespace scope over these names (or `prefix-*` patterns).
    public var namespaces: [Located<String>]?
    /// The item of `accessPolicies:` that made the grant.
    public var location: SourceLocation

    public init(policy: Located<String>, namespaces: [Located<String>]?, location: SourceLocation) {
        self.policy = policy
        self.namespaces = namespaces
        self.location = location
    }

    public static let arnPrefix = "arn:aws:eks::aws:cluster-access-policy/"

    /// The access policies EKS documents for people today (FACTS.md); the list is open-ended.
    public static let knownPolicies = [
        "AmazonEKSAdminPolicy", "AmazonEKSAdminViewPolicy", "AmazonEKSClusterAdminPolicy", "AmazonEKSEditPolicy",
        "AmazonEKSSecretReaderPolicy", "AmazonEKSViewPolicy",
    ]

    /// The policy's ARN: a bare name is a policy of `arn:aws:eks::aws:cluster-access-policy/`.
    public var policyARN: String { Self.arn(of: policy.value) }

    /// `AmazonEKSViewPolicy` for a name or an ARN.
    public var policyName: String { Self.name(of: policy.value) }

    public var isClusterScope: Bool { namespaces == nil }

    public static func arn(of policy: String) -> String { policy.hasPrefix("arn:") ? policy : arnPrefix + policy }

    public static func name(of policy: String) -> String {
        policy.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? policy
    }
}
