import Diagnostics
import Model

/// An EKS access policy associated with an access entry, and what it lets the principal do.
/// Rules after the EKS User Guide, "Review access policy permissions"
/// (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
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

/// The Kubernetes permissions of the EKS access policies rolecall knows.
public enum AccessPolicyCatalogue {
    public struct Permissions: Sendable {
        public var rules: [Rule]
        /// Set when the rules are rolecall's reading of the User Guide rather than the policy's own table.
        public var approximation: String?
    }

    static let guide = SourceLocation(path: "EKS User Guide: access-policy-permissions")
    static let readVerbs = ["get", "list", "watch"]

    /// `builtins` supplies the user-facing roles the Admin, Edit and View policies follow.
    public static func permissions(of policyARN: String, builtins: BuiltinClusterRoles) -> Permissions {
        let name = policyARN.split(separator: "/").last.map(String.init) ?? policyARN
        switch name {
        case "AmazonEKSClusterAdminPolicy":
            return Permissions(rules: [Rule(apiGroups: ["*"], resources: ["*"], verbs: ["*"], location: guide),
                                       Rule(verbs: ["*"], nonResourceURLs: ["*"], location: guide)], approximation: nil)
        case "AmazonEKSAdminViewPolicy":
            return Permissions(rules: [Rule(apiGroups: ["*"], resources: ["*"], verbs: readVerbs, location: guide)], approximation: nil)
        case "AmazonEKSSecretReaderPolicy":
            return Permissions(rules: [Rule(apiGroups: [""], resources: ["secrets"], verbs: readVerbs, location: guide)], approximation: nil)
        case "AmazonEKSAdminPolicy", "AmazonEKSEditPolicy", "AmazonEKSViewPolicy":
            let role = ["AmazonEKSAdminPolicy": "admin", "AmazonEKSEditPolicy": "edit", "AmazonEKSViewPolicy": "view"][name]!
            return Permissions(rules: builtins[role]?.rules ?? [],
                               approximation: "\(name) is documented as similar to the built-in ClusterRole '\(role)'; rolecall evaluates it with '\(role)''s rules, which may differ in detail")
        default:
            return Permissions(rules: [], approximation: "rolecall does not know the rules of \(name)")
        }
    }
}
