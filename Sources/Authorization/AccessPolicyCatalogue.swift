import Diagnostics
import Model

/// The Kubernetes permissions of the EKS access policies: the tables of the EKS User Guide,
/// "Review access policy permissions" (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html),
/// read from its vendored source (`AccessPolicyReference`). A policy with a table is known
/// exactly; EKS lets no one change a policy's contents, so nothing in a cluster adds to it.
public enum AccessPolicyCatalogue {
    public struct Permissions: Sendable {
        public var rules: [Rule]
        /// Set when the page gives no table for the policy: why its grants cannot be known offline.
        public var unknown: String?
    }

    /// The vendored page is part of the binary and pinned by tests: failing to read it is a build defect.
    static let tables = try! AccessPolicyReferenceTables(reading: .current)

    public static func permissions(of policyARN: String) -> Permissions {
        let name = policyARN.split(separator: "/").last.map(String.init) ?? policyARN
        if let rules = tables.rules[name] { return Permissions(rules: rules, unknown: nil) }
        let page = AccessPolicyReference.page
        if tables.sections.contains(name) {
            return Permissions(rules: [], unknown: "the EKS User Guide (\(page)) describes \(name) in prose, without a table of its rules")
        }
        return Permissions(rules: [], unknown: "\(name) is not on the EKS User Guide page rolecall vendors (\(page))")
    }
}
