/// What `rolecall import` decided and what it could not represent: printed for review, never
/// silently dropped (docs/migrating.md, "Reviewing the import").
public struct ImportReport: Sendable {
    /// How one identity's access changes shape (its access itself is compared by the proof).
    public struct IdentityChange: Sendable {
        public var arn: String
        /// `live-group → team:group`, `username: x → y`.
        public var changes: [String]
    }

    /// Choices made without asking (where a principal went, what was marked EKS-managed, ...).
    public var choices: [String] = []
    public var identities: [IdentityChange] = []
    /// What has no form in rolecall's fragments, to decide on: each says what was left out and why.
    public var unrepresentable: [String] = []
    /// What was left alone because Kubernetes or EKS creates it.
    public var ignored: [String] = []

    public init() {}
}
