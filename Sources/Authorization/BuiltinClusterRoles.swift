import Diagnostics
import Model

/// The ClusterRoles every cluster of one Kubernetes release starts with, aggregation resolved as
/// the clusterrole-aggregation controller does it: an aggregated role's rules are the rules of
/// every ClusterRole whose labels match one of its selectors (so `admin` holds `edit`'s, which
/// holds `view`'s), in name order.
public struct BuiltinClusterRoles: Sendable {
    public let source: BootstrapPolicySource
    public let roles: [String: PolicyRole]

    /// The labels through which other ClusterRoles add rules to the user-facing roles in a live cluster.
    public static let aggregationLabels = [
        "admin": "rbac.authorization.k8s.io/aggregate-to-admin",
        "edit": "rbac.authorization.k8s.io/aggregate-to-edit",
        "view": "rbac.authorization.k8s.io/aggregate-to-view",
    ]

    public init(source: BootstrapPolicySource) throws {
        self.source = source
        let path = "kubernetes/kubernetes@\(source.commit.prefix(12)):\(BootstrapPolicySource.upstreamPath)"
        let parsed = try RBACManifests.read(source.text, path: path).clusterRoles
        var roles = Dictionary(parsed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Aggregation chains (view → edit → admin) settle within as many passes as there are roles.
        for _ in 0..<roles.count {
            var changed = false
            for (name, role) in roles where role.isAggregated {
                let members = roles.values.filter { member in
                    member.name != name && role.aggregationSelectors.contains { selector in
                        !selector.isEmpty && selector.allSatisfy { member.labels[$0.key] == $0.value }
                    }
                }.sorted { $0.name < $1.name }
                var rules: [Rule] = []
                for rule in members.flatMap(\.rules) where !rules.contains(rule) { rules.append(rule) }
                if rules != role.rules {
                    roles[name]?.rules = rules
                    changed = true
                }
            }
            if !changed { break }
        }
        self.roles = roles
    }

    public subscript(name: String) -> PolicyRole? { roles[name] }

    /// Each release's roles, read the first time they are asked for: reading one release's
    /// vendored policy costs millions of instructions, and a compile asks for one or two.
    private static let parsed = MadeOnce<KubernetesRelease, BuiltinClusterRoles>()

    /// The built-in roles of `release` (a supported one; the spec decoder refuses others).
    public static func of(_ release: KubernetesRelease) -> BuiltinClusterRoles {
        let source = BootstrapPolicySource.all.first { $0.release == release } ?? BootstrapPolicySource.all.first { $0.release == KubernetesRelease.default }!
        // The vendored text is part of the binary and pinned by tests: failing to read it is a build defect.
        return parsed.value(for: source.release) { try! BuiltinClusterRoles(source: source) }
    }
}
