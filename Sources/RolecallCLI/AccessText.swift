import Authorization
import Diagnostics

/// How a grant reads in text answers: the path from principal to permission.
enum AccessText {
    static func via(_ grant: AccessGrant) -> String {
        switch grant.via {
        case .systemMasters:
            return "system:masters through aws-auth (bypasses RBAC)"
        case .binding(let binding, let role, let builtin):
            let scope = binding.namespace.map { "in namespace \($0)" } ?? "cluster-wide"
            let kind = builtin == nil ? binding.roleRef.kind.rawValue : "built-in ClusterRole"
            return "\(binding.kind) \(binding.name) → \(kind) \(role.name), \(scope)"
        case .accessPolicy(let association):
            return "access policy \(association.policyName), scope \(association.scope.description)"
        case .nodeAuthorizer:
            return "the Node authorizer (system:nodes)"
        }
    }

    static func grantedAt(_ grant: AccessGrant) -> SourceLocation? {
        switch grant.via {
        case .binding(let binding, _, _): binding.grantedAt
        case .accessPolicy(let association): association.grantedAt
        case .systemMasters, .nodeAuthorizer: nil
        }
    }
}
