import Diagnostics
import Model

/// An EKS access policy associated with an access entry, and the scope it applies in.
public struct AccessPolicyAssociation: Sendable {
    public enum Scope: Sendable, Equatable {
        case cluster
        /// Namespace names or patterns ending in `*` (`dev-*`), as EKS accepts them.
        case namespaces([String])

        public var description: String {
            switch self {
            case .cluster: "cluster"
            case .namespaces(let names): "namespaces " + names.joined(separator: ", ")
            }
        }
    }

    public var policyARN: String
    public var scope: Scope
    /// The fragment line that made the association (the `systemMasters` grant).
    public var grantedAt: SourceLocation?

    public init(policyARN: String, scope: Scope, grantedAt: SourceLocation? = nil) {
        self.policyARN = policyARN
        self.scope = scope
        self.grantedAt = grantedAt
    }

    public var policyName: String { policyARN.split(separator: "/").last.map(String.init) ?? policyARN }

    /// Whether the association's scope covers `request`: namespace scope reaches only namespaced
    /// requests inside a listed namespace, never cluster-scoped resources or non-resource URLs.
    public func covers(_ request: AuthorizationRequest) -> Bool {
        switch scope {
        case .cluster: return true
        case .namespaces(let patterns):
            guard request.isResourceRequest, !request.namespace.isEmpty else { return false }
            return patterns.contains { pattern in
                pattern.hasSuffix("*") ? request.namespace.hasPrefix(pattern.dropLast()) : pattern == request.namespace
            }
        }
    }
}
