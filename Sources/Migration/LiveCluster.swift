import Authorization
import Diagnostics
import Model

/// What one live cluster holds, read from the dumps an operator takes with kubectl and the AWS
/// CLI (docs/migrating.md): the aws-auth mappings, the access entries with their policies, and
/// the RBAC objects and namespaces. Plain values; `LiveDumps` reads them, `ImportPlan` maps them.
public struct LiveCluster: Sendable {
    /// One `mapRoles` or `mapUsers` row, keys read case-insensitively as the authenticator does.
    public struct Mapping: Sendable, Equatable {
        public var arn: String
        public var username: String?
        public var groups: [String]
        public var isUser: Bool
    }

    public struct AccessEntry: Sendable {
        public var principalArn: String
        public var type: String
        public var username: String?
        public var kubernetesGroups: [String]
        public var policies: [AccessPolicyAssociation]
        /// `arn:aws:eks:<region>:<account>:access-entry/<cluster>/...`, when the dump has it.
        public var accessEntryArn: String?
    }

    public struct BindingSubject: Sendable, Hashable {
        public var kind: String
        public var name: String
        public var namespace: String?
    }

    /// A binding as written, every subject kind kept (the evaluator's `PolicyBinding` keeps only users and groups).
    public struct Binding: Sendable {
        public var name: String
        /// nil for a ClusterRoleBinding.
        public var namespace: String?
        public var roleRef: RoleRef
        public var subjects: [BindingSubject]
        public var labels: [String: String]
    }

    public var mapRoles: [Mapping] = []
    public var mapUsers: [Mapping] = []
    public var mapAccounts: [String] = []
    public var hasAwsAuth = false
    public var accessEntries: [AccessEntry] = []
    public var hasAccessEntries = false
    public var namespaces: [String] = []
    public var roles: [PolicyRole] = []
    public var clusterRoles: [PolicyRole] = []
    public var bindings: [Binding] = []

    public init() {}

    /// The region and account of the cluster, from an access entry ARN when the dump has one.
    public var regionAndAccount: (region: String, account: String)? {
        for entry in accessEntries {
            guard let arn = entry.accessEntryArn else { continue }
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 6, parts[2] == "eks", !parts[3].isEmpty, !parts[4].isEmpty { return (String(parts[3]), String(parts[4])) }
        }
        return nil
    }

    /// Objects Kubernetes and EKS create themselves: `system:` and `eks:` names, the built-in
    /// user-facing roles, and anything labelled `kubernetes.io/bootstrapping` or `eks.amazonaws.com/component`.
    public static func isPlatformOwned(name: String, labels: [String: String]) -> Bool {
        name.hasPrefix("system:") || name.hasPrefix("eks:") || name.hasPrefix("eks-") && labels["eks.amazonaws.com/component"] != nil
            || labels["kubernetes.io/bootstrapping"] != nil || labels["eks.amazonaws.com/component"] != nil
            || ["cluster-admin", "admin", "edit", "view"].contains(name)
    }

    public static let entryNodeTypes: Set<String> = ["EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "EC2"]
}
