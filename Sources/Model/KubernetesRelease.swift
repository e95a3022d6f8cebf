/// A Kubernetes minor release (`1.33`). It decides the rules of the built-in ClusterRoles, which
/// the bootstrap policy fixes per release.
public struct KubernetesRelease: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(major: Int = 1, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `1.33`, `v1.33`; a patch (`1.33.2`) is refused: RBAC defaults change per minor release only,
    /// and a patch level in a fragment would suggest a precision rolecall does not have.
    public init?(_ text: String) {
        let bare = text.hasPrefix("v") ? String(text.dropFirst()) : text
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), String(major) == parts[0], String(minor) == parts[1] else {
            return nil
        }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: KubernetesRelease, rhs: KubernetesRelease) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }

    /// The releases whose bootstrap policy rolecall ships (Authorization's vendored files; a test
    /// keeps the two lists equal).
    public static let supported: [KubernetesRelease] = (29...33).map { KubernetesRelease(minor: $0) }

    /// What an environment runs when it does not say: the newest supported release.
    public static let `default` = supported.last!
}
