import Diagnostics
import Model

/// The Kubernetes permissions of the EKS access policies rolecall knows, after the EKS User Guide,
/// "Review access policy permissions"
/// (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html).
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
