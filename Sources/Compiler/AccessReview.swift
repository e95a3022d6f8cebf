import Authorization
import Output
import Model
import PluginAPI

/// What a reviewer must see first about a change, beyond the list of facts (AccessDiff):
/// changes that delete things in the cluster, new risky permissions, and when each
/// environment's part takes effect.
public struct AccessReview: Sendable {
    public struct Finding: Sendable, Hashable {
        public var environment: String
        public var cluster: String?
        public var message: String
    }

    /// When an environment's part of the change reaches its clusters.
    public enum Landing: Sendable, Equatable {
        /// The environment compiles from `main`: merging deploys it.
        case merge
        /// The environment compiles from `env/<E>`: only `rolecall promote FROM E` deploys it.
        case promotion(from: String)
    }

    public var destructive: [Finding]
    public var risks: [Finding]
    public var landing: [String: Landing]

    public var isEmpty: Bool { destructive.isEmpty && risks.isEmpty }

    public init(destructive: [Finding], risks: [Finding], landing: [String: Landing]) {
        self.destructive = destructive
        self.risks = risks
        self.landing = landing
    }

    /// When `environment`'s part of a change reaches its clusters.
    public static func landing(of environment: EnvironmentSpec) -> Landing {
        environment.promotesFrom.map { .promotion(from: $0.value) } ?? .merge
    }

    /// Break-glass principals the head's policy no longer lists.
    public static func breakGlassRemoved(from base: EnvironmentSpec, to head: EnvironmentSpec) -> [Finding] {
        let kept = Set(head.policy.breakGlass.map { $0.value.lowercased() })
        return base.policy.breakGlass.map(\.value).filter { !kept.contains($0.lowercased()) }.map {
            Finding(environment: head.name, cluster: nil, message: "break-glass principal \($0) is removed from policy.breakGlass")
        }
    }

    /// A cluster of the base that the head compiles no more.
    public static func noLongerCompiled(_ cluster: String, in environment: EnvironmentSpec) -> Finding {
        Finding(environment: environment.name, cluster: cluster,
                message: "cluster \(cluster) is no longer compiled: its folder leaves \(OutputTemplate.standard.branch(for: environment.name)), and with pruning everything rolecall applied there is deleted"
                    + (environment.protectsFromPrune ? " (but the Namespaces and aws-auth, which carry prune protection)" : ""))
    }

    /// One cluster on both sides, given the paths of its files on each: what it deletes, and
    /// the risky permissions it adds.
    public static func review(environment: String, base old: ClusterAccess, files oldFiles: [String], head new: ClusterAccess, files: [String]) -> (destructive: [Finding], risks: [Finding]) {
        (destructive(from: old, oldFiles: oldFiles, to: new, files: files, environment: environment),
         risks(from: AccessModel(old), to: AccessModel(new), environment: environment))
    }

    static func destructive(from old: ClusterAccess, oldFiles: [String], to new: ClusterAccess, files: [String], environment: String) -> [Finding] {
        let cluster = new.cluster.name
        var findings: [Finding] = []
        let namespaces = Set(new.namespaces.map(\.name))
        for namespace in old.namespaces.map(\.name).sorted() where !namespaces.contains(namespace) {
            // What happens in the cluster depends on the annotations it already holds: the base's.
            let message = old.environment.protectsFromPrune
                ? "namespace \(namespace) disappears: prune protection keeps it and everything in it in the cluster, no longer managed; to retire it, delete it by hand (docs/output.md, \"Retiring a namespace\")"
                : "namespace \(namespace) disappears: Argo CD or Flux with pruning deletes it and everything in it"
            findings.append(Finding(environment: environment, cluster: cluster, message: message))
        }
        let mode = "authMode \(old.authMode.rawValue) → \(new.authMode.rawValue)"
        for (file, what) in [("aws-auth.yaml", "the aws-auth ConfigMap"), ("access-entries.json", "access entries")]
        where oldFiles.contains(file) && !files.contains(file) {
            findings.append(Finding(environment: environment, cluster: cluster,
                                    message: "\(what) stop\(file == "aws-auth.yaml" ? "s" : "") being emitted (\(mode)): every principal mapped only there loses access"
                                        + (file == "aws-auth.yaml" && old.environment.protectsFromPrune
                                            ? " once the ConfigMap is gone; prune protection leaves the last applied copy in the cluster, no longer updated" : "")))
        }
        let nodeRoles = Set(new.identities.filter(\.kind.isNode).map { $0.authenticatorARN.lowercased() })
        for node in old.identities where node.kind.isNode && !nodeRoles.contains(node.authenticatorARN.lowercased()) {
            findings.append(Finding(environment: environment, cluster: cluster,
                                    message: "node role \(node.arn) is removed: nodes using it can no longer join, and running ones go NotReady"))
        }
        return findings
    }

    /// Risky permissions a principal reaches in `new` and did not in `old`, one line per
    /// principal and scope; then new wildcard rules and new cluster-wide bindings.
    static func risks(from old: AccessModel, to new: AccessModel, environment: String) -> [Finding] {
        let cluster = new.access.cluster.name
        // A principal whose identity and every binding and role that names it are the same on
        // both sides reaches the same: evaluate only the others.
        let oldInputs = inputs(old.authorization), newInputs = inputs(new.authorization)
        let unchanged = Set(newInputs.keys.filter { oldInputs[$0] == newInputs[$0] })
        let before = reached(old, skipping: unchanged), after = reached(new, skipping: unchanged)
        var findings: [Finding] = []
        for (key, permissions) in after.sorted(by: { ($0.key.arn, $0.key.scope) < ($1.key.arn, $1.key.scope) }) {
            let added = permissions.subtracting(before[key] ?? [])
            guard !added.isEmpty else { continue }
            let names = ordered(added)
            findings.append(Finding(environment: environment, cluster: cluster, message: "\(key.arn) can now \(names.joined(separator: ", ")) \(key.scope)"))
        }
        let oldRules = Set(rules(old.access).map(\.text))
        for (owner, text) in rules(new.access) where !oldRules.contains(text) {
            findings.append(Finding(environment: environment, cluster: cluster, message: "new wildcard rule in \(owner)"))
        }
        let oldBindings = Set(old.access.clusterRoleBindings.map { "\($0.groups) \($0.clusterRole)" })
        for binding in new.access.clusterRoleBindings where !oldBindings.contains("\(binding.groups) \(binding.clusterRole)") {
            findings.append(Finding(environment: environment, cluster: cluster,
                                    message: "new cluster-wide binding: group \(binding.groups.joined(separator: ", ")) gets ClusterRole \(binding.clusterRole) in every namespace"))
        }
        return findings
    }

    struct Reach: Hashable { var arn: String; var scope: String }

    /// What one mapping of a principal follows from: its identity (path, username, groups,
    /// system:masters), its access policies, and each binding naming it with the rules of the
    /// role it refers to. The bindings' part is shared by the principals it describes.
    /// Compared field by field, not as text: two mappings that read alike but differ (a space in
    /// a username against one in a group) are evaluated, never taken as unchanged.
    struct Inputs: Equatable {
        var path: Principal.Path
        var username: String
        var groups: [String]
        var isSystemMaster: Bool
        var policies: [String]
        var bindings: [String]
    }

    /// Everything a principal's authorization follows from, by ARN (a principal mapped twice
    /// has two): see `Inputs`. Built-in roles are described by release.
    static func inputs(_ authorization: ClusterAuthorization) -> [String: [Inputs]] {
        var inputs: [String: [Inputs]] = [:]
        inputs.reserveCapacity(authorization.principals.count)
        // Thousands of principals share a few roles: describe each role once. Joined text, not
        // an array's `description`, which goes through reflection and dominated check --base.
        var roleTexts: [String: String] = [:]
        func list(_ items: [String]) -> String { items.joined(separator: "\u{1F}") }
        // The bindings naming a principal follow from its username and groups, and a team's
        // members share their groups: each set's bindings are described once. The username is
        // part of that only when some binding names a User.
        let userSubjects = authorization.policy.bindings.contains { $0.subjects.contains { $0.kind == .user } }
        struct Named: Hashable {
            var username: String?
            var groups: [String]
        }
        var bindingTexts: [Named: [String]] = [:]
        for principal in authorization.principals {
            let groups = Self.effectiveGroups(principal)
            let named = Named(username: userSubjects ? principal.username : nil, groups: groups)
            let bindings: [String]
            if let known = bindingTexts[named] {
                bindings = known
            } else {
                var texts: [String] = []
                for binding in authorization.bindings(naming: principal) {
                    let roleKey = "\(binding.namespace ?? "*") \(binding.roleRef.kind.rawValue) \(binding.roleRef.name)"
                    texts.append(roleKey)
                    if let known = roleTexts[roleKey] {
                        texts.append(known)
                    } else if let (role, builtin) = authorization.role(for: binding.roleRef, in: binding.namespace) {
                        let text = builtin.map { "built-in \($0.release) \($0.commit)" }
                            ?? role.rules.map { [$0.apiGroups, $0.resources, $0.verbs, $0.resourceNames, $0.nonResourceURLs].map(list).joined(separator: "\u{1E}") }.joined(separator: "\u{1D}")
                        roleTexts[roleKey] = text
                        texts.append(text)
                    }
                }
                bindingTexts[named] = texts
                bindings = texts
            }
            let mapping = Inputs(path: principal.path, username: principal.username, groups: groups, isSystemMaster: principal.isSystemMaster,
                                 policies: principal.policies.map { "\($0.policyARN) \($0.scope.description)" }, bindings: bindings)
            inputs[principal.arn, default: []].append(mapping)
        }
        return inputs
    }

    /// `principal.effectiveGroups.sorted()`, without building the set: sorted, then each
    /// run of equal names kept once.
    static func effectiveGroups(_ principal: Principal) -> [String] {
        var groups = principal.groups
        groups.append(Principal.authenticated)
        groups.sort()
        var kept: [String] = []
        kept.reserveCapacity(groups.count)
        for group in groups where kept.last != group { kept.append(group) }
        return kept
    }

    /// Which catalogue permissions each principal reaches, per scope: cluster-wide, or in a
    /// namespace of the cluster where it does not already reach it cluster-wide.
    static func reached(_ model: AccessModel, skipping unchanged: Set<String> = []) -> [Reach: Set<String>] {
        let authorization = model.authorization
        let namespaces = model.access.namespaces.map(\.name).sorted()
        var reach: [Reach: Set<String>] = [:]
        // Members of one group authorize alike: evaluate once per distinct authorization key.
        let userSubjects = authorization.policy.bindings.contains { $0.subjects.contains { $0.kind == .user } }
        var cache: [String: [String: Set<String>]] = [:]
        for principal in authorization.principals where !unchanged.contains(principal.arn) {
            let key = [principal.path.rawValue, userSubjects ? principal.username : "", principal.groups.sorted().joined(separator: ","),
                       principal.policies.map { "\($0.policyARN) \($0.scope.description)" }.joined(separator: ";")].joined(separator: "|")
            if let known = cache[key] {
                for (scope, names) in known { reach[Reach(arn: principal.arn, scope: scope)] = names }
                continue
            }
            var scopes: [String: Set<String>] = [:]
            let grantsOnlyIn = authorization.grantsOnlyIn(principal)
            let grants = authorization.evaluator(for: principal)
            let candidates = namespaces.filter(grantsOnlyIn)
            for permission in RiskyPermission.catalogue {
                // nil: not reached; otherwise the name, marked `(may)` when no grant is certain.
                func reached(in namespace: String) -> String? {
                    var uncertain = false
                    for request in permission.requests {
                        var scoped = request
                        scoped.namespace = namespace
                        let granted = grants(scoped)
                        if granted.contains(where: { $0.certainty == .can }) { return permission.name }
                        uncertain = uncertain || !granted.isEmpty
                    }
                    return uncertain ? permission.name + " (may)" : nil
                }
                if let name = reached(in: "") {
                    scopes["cluster-wide", default: []].insert(name)
                } else if permission.namespaced {
                    for namespace in candidates {
                        if let name = reached(in: namespace) { scopes["in namespace \(namespace)", default: []].insert(name) }
                    }
                }
            }
            cache[key] = scopes
            for (scope, names) in scopes { reach[Reach(arn: principal.arn, scope: scope)] = names }
        }
        return reach
    }

    /// Reached permission names in catalogue order (`read secrets (may)` sorts as `read secrets`).
    static func ordered(_ names: Set<String>) -> [String] {
        let rank = Dictionary(uniqueKeysWithValues: RiskyPermission.catalogue.enumerated().map { ($0.element.name, $0.offset) })
        func base(_ name: String) -> String { name.hasSuffix(" (may)") ? String(name.dropLast(6)) : name }
        return names.sorted { (rank[base($0)] ?? .max, $0) < (rank[base($1)] ?? .max, $1) }
    }

    static func rules(_ access: ClusterAccess) -> [(owner: String, text: String)] {
        access.roles.flatMap { role in
            role.rules.filter(\.usesWildcard).map { ("Role \(role.name) in namespace \(role.namespace): \(AccessDiff.describe($0))", "\(role.namespace)/\(role.name) \(AccessDiff.describe($0))") }
        } + access.clusterRoles.flatMap { role in
            role.rules.filter(\.usesWildcard).map { ("ClusterRole \(role.name): \(AccessDiff.describe($0))", "\(role.name) \(AccessDiff.describe($0))") }
        }
    }
}
