import Diagnostics
import Model
import PluginAPI

/// Nothing may lock people or nodes out of a cluster: nodes need a mapping, break-glass
/// principals must reach cluster-admin everywhere.
public struct LockoutGuard: Guard {
    public let name = "lockout"

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let spec = cluster.cluster
        if spec.nodeRoles.isEmpty && spec.windowsNodeRoles.isEmpty && spec.fargateRoles.isEmpty {
            findings.append(.error("no-node-role", "cluster '\(spec.name)' maps no node or Fargate role: its nodes could not join; add `nodeRoles` or `fargateRoles`", at: spec.location))
        }
        let adminGroups = Set(cluster.clusterRoleBindings.filter { $0.clusterRole == "cluster-admin" }.flatMap(\.groups))
        for breakGlass in cluster.policy.breakGlass {
            let key = (ARN(breakGlass.value)?.pathless ?? breakGlass.value).lowercased()
            let identity = cluster.identities.first { $0.authenticatorARN.lowercased() == key }
            guard let identity else {
                findings.append(.error("break-glass-unmapped", "break-glass principal \(breakGlass.value) is not mapped in cluster '\(spec.name)'; add it to a platform group bound to cluster-admin", at: breakGlass.location))
                continue
            }
            if !identity.isSystemMaster && adminGroups.isDisjoint(with: identity.groups) {
                findings.append(.error("break-glass-not-admin", "break-glass principal \(breakGlass.value) does not reach cluster-admin in cluster '\(spec.name)' (its groups: \(identity.groups.joined(separator: ", "))); bind its group to cluster-admin",
                                       at: breakGlass.location, notes: [.init("mapped here", at: identity.location)]))
            }
        }
        return findings
    }
}
