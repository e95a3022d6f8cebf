import Diagnostics
import Model

/// The RBAC objects a cluster holds beyond the built-in ones: what rolecall emits.
public struct RBACPolicy: Sendable {
    public var roles: [PolicyRole]
    public var clusterRoles: [PolicyRole]
    public var bindings: [PolicyBinding]

    public init(roles: [PolicyRole] = [], clusterRoles: [PolicyRole] = [], bindings: [PolicyBinding] = []) {
        self.roles = roles
        self.clusterRoles = clusterRoles
        self.bindings = bindings
    }
}
