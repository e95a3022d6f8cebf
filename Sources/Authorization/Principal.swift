import Diagnostics
import Model

/// An IAM principal as one cluster authenticates it: through which mechanism, as which
/// Kubernetes user and groups, with which access policies.
public struct Principal: Sendable {
    public enum Path: String, Sendable {
        case awsAuth = "aws-auth"
        case accessEntry = "access-entry"
    }

    /// The ARN as the repository (or the bundle) writes it.
    public var arn: String
    /// What the authenticator and EKS compare callers with: role paths stripped.
    public var matchedARN: String
    /// The username template (`{{SessionName}}` and friends unrendered).
    public var username: String
    public var groups: [String]
    public var path: Path
    /// Access policies of the access entry (empty on the aws-auth path).
    public var policies: [AccessPolicyAssociation]
    /// An aws-auth mapping exists too but EKS ignores it because the principal has an access entry.
    public var shadowedAwsAuth: Bool
    public var isNode: Bool
    public var mappedAt: SourceLocation?

    /// `matchedARN`: `ARN.authenticatorForm(arn)` when the caller holds it already (an `Identity`'s `authenticatorARN`).
    public init(arn: String, username: String, groups: [String], path: Path, policies: [AccessPolicyAssociation] = [],
                shadowedAwsAuth: Bool = false, isNode: Bool = false, mappedAt: SourceLocation? = nil, matchedARN: String? = nil) {
        self.arn = arn
        self.matchedARN = matchedARN ?? ARN.authenticatorForm(arn)
        self.username = username
        self.groups = groups
        self.path = path
        self.policies = policies
        self.shadowedAwsAuth = shadowedAwsAuth
        self.isNode = isNode
        self.mappedAt = mappedAt
    }

    /// Every authenticated user is in `system:authenticated` too: the API server adds it.
    public var effectiveGroups: Set<String> { Set(groups).union([Self.authenticated]) }

    public var isSystemMaster: Bool { path == .awsAuth && groups.contains(Identity.systemMasters) }

    public static let authenticated = "system:authenticated"
    public static let nodes = "system:nodes"
}
