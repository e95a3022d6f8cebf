import Diagnostics
import Model

/// One way a principal is allowed a request.
public struct AccessGrant: Sendable {
    public enum Via: Sendable {
        /// `system:masters` through aws-auth: the API server allows before any authorizer runs.
        case systemMasters
        case binding(PolicyBinding, role: PolicyRole, builtin: BootstrapPolicySource?)
        case accessPolicy(AccessPolicyAssociation)
        /// The Node authorizer, for principals in `system:nodes`.
        case nodeAuthorizer
    }

    public var via: Via
    public var certainty: Certainty
    /// The rule that allows the request, where one does.
    public var rule: Rule?
}
