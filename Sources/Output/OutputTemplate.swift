/// The output branch template (`rendered/{env}`): the one place it is expanded and read back.
public struct OutputTemplate: Sendable, Equatable, CustomStringConvertible {
    public static let placeholder = "{env}"
    public static let standard = OutputTemplate("rendered/{env}")

    public let text: String

    public init(_ text: String) { self.text = text }

    public var description: String { text }
    public var hasPlaceholder: Bool { text.contains(Self.placeholder) }

    public func branch(for environment: String) -> String {
        text.replacingOccurrences(of: Self.placeholder, with: environment)
    }

    /// The environment whose output branch `branch` is, or nil (a template with exactly one
    /// `{env}`, which matches one path component).
    public func environment(ofBranch branch: String) -> String? {
        let parts = text.components(separatedBy: Self.placeholder)
        guard parts.count == 2, branch.hasPrefix(parts[0]), branch.hasSuffix(parts[1]), branch.count > parts[0].count + parts[1].count else { return nil }
        let environment = String(branch.dropFirst(parts[0].count).dropLast(parts[1].count))
        return environment.contains("/") ? nil : environment
    }
}
