import Diagnostics
import Model

/// "Who can VERB RESOURCE?" over one cluster's compiled access, with RBAC's own matching rules
/// (README/docs: verb `*` or equal; apiGroup `*` or equal, core is ""; resource `*`, equal, or
/// `*/sub`; `pods/*` is not a wildcard; resourceNames empty or containing the name).
///
/// Built-in `admin`, `edit` and `view` are aggregated inside each cluster, so their exact rules
/// are not in the repository: grants through them are reported as `mayAllow`, never as certain.
public struct AccessQuery: Sendable {
    public var verb: String
    public var resource: String
    public var apiGroup: String
    /// nil: any namespace (and cluster-wide).
    public var namespace: String?
    public var name: String?

    public init(verb: String, resource: String, apiGroup: String = "", namespace: String? = nil, name: String? = nil) {
        self.verb = verb
        self.resource = resource
        self.apiGroup = apiGroup
        self.namespace = namespace
        self.name = name
    }

    /// `deployments.apps` → resource `deployments`, group `apps`; `pods/exec` stays core.
    public static func parse(verb: String, resource: String, namespace: String?, name: String?) -> AccessQuery {
        let slash = resource.firstIndex(of: "/")
        let head = slash.map { String(resource[..<$0]) } ?? resource
        let sub = slash.map { String(resource[$0...]) } ?? ""
        guard let dot = head.firstIndex(of: ".") else {
            return AccessQuery(verb: verb, resource: resource, namespace: namespace, name: name)
        }
        return AccessQuery(verb: verb, resource: String(head[..<dot]) + sub, apiGroup: String(head[head.index(after: dot)...]),
                           namespace: namespace, name: name)
    }

    public enum Certainty: String, Sendable { case allows, mayAllow }

    public struct Answer: Sendable {
        public var identity: Identity
        public var certainty: Certainty
        /// How: `system:masters`, or the binding, role and namespace.
        public var via: String
        public var grantedAt: SourceLocation
    }

    public func matches(_ rule: Rule) -> Bool {
        guard rule.nonResourceURLs.isEmpty else { return false }
        guard rule.verbs.contains("*") || rule.verbs.contains(verb) else { return false }
        guard rule.apiGroups.contains("*") || rule.apiGroups.contains(apiGroup) else { return false }
        let sub = resource.firstIndex(of: "/").map { String(resource[$0...]) }
        let resourceMatches = rule.resources.contains { candidate in
            candidate == "*" || candidate == resource || (sub != nil && candidate == "*" + sub!)
        }
        guard resourceMatches else { return false }
        if rule.resourceNames.isEmpty { return true }
        return name.map { rule.resourceNames.contains($0) } ?? false
    }

    public func answers(in access: ClusterAccess) -> [Answer] {
        let roles = Dictionary(access.roles.map { ("\($0.namespace)/\($0.name)", $0.rules) }, uniquingKeysWith: { a, _ in a })
        let clusterRoles = Dictionary(access.clusterRoles.map { ($0.name, $0.rules) }, uniquingKeysWith: { a, _ in a })
        func evaluate(clusterRole name: String) -> Certainty? {
            if name == "cluster-admin" { return .allows }
            if let rules = clusterRoles[name] { return rules.contains(where: matches) ? .allows : nil }
            return KubernetesBuiltins.mayAllow(name, verb: verb, resource: resource) ? .mayAllow : nil
        }
        var answers: [Answer] = []
        for identity in access.identities.sorted(by: { $0.arn.lowercased() < $1.arn.lowercased() }) {
            if identity.isSystemMaster {
                answers.append(Answer(identity: identity, certainty: .allows, via: "system:masters (bypasses RBAC)", grantedAt: identity.location))
                continue
            }
            let groups = Set(identity.groups)
            for binding in access.clusterRoleBindings where !groups.isDisjoint(with: binding.groups) {
                if let certainty = evaluate(clusterRole: binding.clusterRole) {
                    answers.append(Answer(identity: identity, certainty: certainty,
                                          via: "ClusterRoleBinding \(binding.name) → ClusterRole \(binding.clusterRole), cluster-wide", grantedAt: binding.location))
                }
            }
            for binding in access.roleBindings where !groups.isDisjoint(with: binding.groups) && (namespace == nil || namespace == binding.namespace) {
                let certainty: Certainty?
                switch binding.roleRef.kind {
                case .role: certainty = (roles["\(binding.namespace)/\(binding.roleRef.name)"] ?? []).contains(where: matches) ? .allows : nil
                case .clusterRole: certainty = evaluate(clusterRole: binding.roleRef.name)
                }
                if let certainty {
                    answers.append(Answer(identity: identity, certainty: certainty,
                                          via: "RoleBinding \(binding.name) → \(binding.roleRef.kind.rawValue) \(binding.roleRef.name) in namespace \(binding.namespace)",
                                          grantedAt: binding.location))
                }
            }
        }
        return answers
    }
}

/// What is certain about the aggregated built-ins without their exact rules: `view` only reads
/// and never Secrets or RBAC objects; `edit` never touches Roles or RoleBindings; `admin` may do
/// anything namespaced. Everything else they might allow is reported as `mayAllow`.
enum KubernetesBuiltins {
    static let readVerbs: Set<String> = ["get", "list", "watch"]
    static let rbacResources: Set<String> = ["roles", "rolebindings"]

    static func mayAllow(_ role: String, verb: String, resource: String) -> Bool {
        let base = resource.split(separator: "/").first.map(String.init) ?? resource
        switch role {
        case "view": return readVerbs.contains(verb) && base != "secrets" && !rbacResources.contains(base)
        case "edit": return !rbacResources.contains(base)
        case "admin": return true
        default: return false
        }
    }
}
