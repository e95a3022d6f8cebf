import Model
import Serialization

/// The fragments an import writes, as values before they become YAML (`FragmentWriter`).
public struct ImportDraft: Sendable {
    public struct Member: Sendable, Hashable {
        public var arn: String
        public var username: String?
    }

    public struct PolicyItem: Sendable, Hashable {
        public var policy: String
        /// nil: cluster scope.
        public var namespaces: [String]?
    }

    public struct PlatformGroup: Sendable {
        public var name: String
        public var members: [Member] = []
        public var clusterRoles: [String] = []
        public var systemMasters = false
        public var accessPolicies: [PolicyItem] = []
    }

    public struct TeamGroup: Sendable {
        public var name: String
        public var members: [Member] = []
        /// namespace -> role (a team role or a ClusterRole).
        public var access: [String: String] = [:]
        public var accessPolicies: [PolicyItem] = []
    }

    public struct Team: Sendable {
        public var name: String
        public var namespaces: [String]
        public var groups: [TeamGroup] = []
        public var roles: [String: [Rule]] = [:]
    }

    public struct Cluster: Sendable {
        public var name: String
        public var account: String
        public var region: String?
        public var nodeRoles: [String] = []
        public var windowsNodeRoles: [String] = []
        public var fargateRoles: [String] = []
        public var hybridNodeRoles: [String] = []
        public var autoModeNodeRoles: [String] = []
        public var eksManagedNodeRoles: [String] = []
    }

    public var environment: String
    public var authMode: AuthMode
    public var cluster: Cluster
    public var clusterRoles: [String: [Rule]] = [:]
    public var groups: [PlatformGroup] = []
    public var accounts: [String] = []
    public var breakGlass: [String] = []
    public var systemMasters: [String] = []
    /// Set only when teams need more than the defaults.
    public var teamClusterRoles: [String]? = nil
    public var teamAccessPolicies: [String]? = nil
    public var teams: [Team] = []
}
