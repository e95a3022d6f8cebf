import Diagnostics
import Model

/// A subject of a binding, as the RBAC authorizer matches it (ServiceAccounts are users
/// `system:serviceaccount:<ns>:<name>` there, and no IAM principal is one).
public struct Subject: Hashable, Sendable {
    public enum Kind: String, Sendable { case user = "User", group = "Group" }
    public var kind: Kind
    public var name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }
}
