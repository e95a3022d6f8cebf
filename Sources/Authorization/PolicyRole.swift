import Diagnostics
import Model

/// A Role or ClusterRole: its rules, and where they were written.
public struct PolicyRole: Sendable {
    public var name: String
    /// nil for a ClusterRole.
    public var namespace: String?
    public var rules: [Rule]
    public var labels: [String: String]
    /// `aggregationRule.clusterRoleSelectors[].matchLabels`; empty when the role is not aggregated.
    public var aggregationSelectors: [[String: String]]
    public var definedAt: SourceLocation?

    public init(name: String, namespace: String? = nil, rules: [Rule], labels: [String: String] = [:],
                aggregationSelectors: [[String: String]] = [], definedAt: SourceLocation? = nil) {
        self.name = name
        self.namespace = namespace
        self.rules = rules
        self.labels = labels
        self.aggregationSelectors = aggregationSelectors
        self.definedAt = definedAt
    }

    public var isAggregated: Bool { !aggregationSelectors.isEmpty }
}
