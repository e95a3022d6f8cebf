import Diagnostics
import Model

/// A RoleBinding (with a namespace) or ClusterRoleBinding (without one).
public struct PolicyBinding: Sendable {
    public var name: String
    public var namespace: String?
    public var roleRef: RoleRef
    public var subjects: [Subject]
    /// The fragment line that granted it, and the lines that line overrode.
    public var grantedAt: SourceLocation?
    public var overrides: [SourceLocation]

    public init(name: String, namespace: String?, roleRef: RoleRef, subjects: [Subject],
                grantedAt: SourceLocation? = nil, overrides: [SourceLocation] = []) {
        self.name = name
        self.namespace = namespace
        self.roleRef = roleRef
        self.subjects = subjects
        self.grantedAt = grantedAt
        self.overrides = overrides
    }

    public var kind: String { namespace == nil ? "ClusterRoleBinding" : "RoleBinding" }

    public func names(username: String, groups: Set<String>) -> Bool {
        subjects.contains { $0.kind == .user ? $0.name == username : groups.contains($0.name) }
    }
}
