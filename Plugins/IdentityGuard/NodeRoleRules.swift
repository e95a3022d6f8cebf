import Diagnostics
import Model
import PluginAPI

/// What EKS demands of a node principal before it creates the access entry, checked at the
/// fragment line: node entries (`EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`, `HYBRID_LINUX`,
/// `EC2`) take an IAM role of the cluster's own account, never a user, an STS session or a
/// service-linked role (EKS User Guide, creating access entries; botocore eks
/// `CreateAccessEntryRequest`). In a `configmap` cluster no entry is created, and aws-auth maps a
/// role of any account, so the account is checked only where access entries are emitted; hybrid
/// and Auto Mode nodes always need them.
extension IdentityGuard {
    static func nodeRoleProblems(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let account = cluster.cluster.account.value
        for identity in cluster.identities where identity.kind.isNode {
            // A malformed ARN is reported once, by arnProblem.
            guard let arn = identity.parsedARN, arnProblem(identity.arn, parsed: arn) == nil else { continue }
            let what = "\(NodeRoleKeys.key(identity.kind)) entry \(identity.arn)"
            if arn.resourceType != "role" {
                findings.append(.error("invalid-node-role", "\(what) is an IAM \(arn.resourceType): node principals are IAM roles (the role the instances, pods or hybrid nodes assume)", at: identity.location))
                continue
            }
            if arn.path.hasPrefix("/aws-service-role/") {
                findings.append(.error("invalid-node-role", "\(what) is a service-linked role; EKS refuses service-linked roles as access entry principals", at: identity.location))
                continue
            }
            let needsEntry = cluster.authMode.usesAccessEntries || identity.kind == .hybridNode || identity.kind == .autoModeNode
            if needsEntry, AWSNames.isAccountID(account), arn.account != account {
                findings.append(.error("cross-account-node-role", "\(what) is in account \(arn.account), but cluster '\(cluster.cluster.name)' is in \(account): EKS creates node access entries for roles of the cluster's own account only",
                                       at: identity.location, notes: [.init("the cluster's account", at: cluster.cluster.account.location)]))
            }
        }
        findings += managedNodeRoleProblems(cluster)
        return findings
    }

    /// `eksManagedNodeRoles` marks roles of the node lists; EKS creates entries itself only for
    /// managed node groups (Linux, Windows) and Fargate profiles.
    static func managedNodeRoleProblems(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        for managed in cluster.cluster.eksManagedNodeRoles {
            let key = ARN.authenticatorKey(managed.value)
            let node = cluster.identities.first { $0.kind.isNode && $0.authenticatorKey == key }
            guard let node else {
                findings.append(.error("unknown-managed-node-role", "eksManagedNodeRoles lists \(managed.value), which is none of the cluster's nodeRoles, windowsNodeRoles or fargateRoles; list the role there too (the entry is still emitted and proven, only adopted instead of created)",
                                       at: managed.location))
                continue
            }
            if node.kind == .hybridNode || node.kind == .autoModeNode {
                findings.append(.error("unknown-managed-node-role", "eksManagedNodeRoles lists \(managed.value), a \(NodeRoleKeys.key(node.kind)) entry; EKS creates access entries itself only for managed node groups and Fargate profiles, so Terraform must create this one",
                                       at: managed.location, notes: [.init("listed here", at: node.location)]))
            }
        }
        return findings
    }
}

/// The fragment key each node kind is listed under, for messages.
enum NodeRoleKeys {
    static func key(_ kind: Identity.Kind) -> String {
        switch kind {
        case .linuxNode: "nodeRoles"
        case .windowsNode: "windowsNodeRoles"
        case .fargate: "fargateRoles"
        case .hybridNode: "hybridNodeRoles"
        case .autoModeNode: "autoModeNodeRoles"
        case .role, .user: "member"
        }
    }
}
