import Authorization
import Compiler
import Diagnostics
import Foundation
import Model
import PluginAPI

/// The import's proof: the imported fragments compiled (in memory, through the Compiler's
/// git-free stages, with the plugins the caller injects), the cluster's emitted files read back
/// as EKS and the API server read them (`BundleReader`), and, for every principal of the dumps
/// and a fixed set of requests, access before (the live cluster) compared with access after.
public struct AccessProof: Sendable {
    public struct Difference: Sendable, Equatable {
        public var arn: String
        public var request: String
        public var before: String
        public var after: String
    }

    public var differences: [Difference]
    /// Findings of compiling the imported fragments (errors make the proof fail).
    public var diagnostics: [Diagnostic]
    public var principals: Int
    public var requests: Int
    /// The cluster's emitted files, by path relative to its folder.
    public var files: [String: String]

    public var holds: Bool { differences.isEmpty && !diagnostics.hasErrors }

    /// `files`: every fragment of the repository as it will be (paths under environments/ and teams/).
    public static func prove(_ live: LiveCluster, files: [(path: String, text: String)], cluster: String, environment: String,
                             registry: PluginRegistry) -> AccessProof {
        let (source, loading) = SourceLoader.parse(files.map { (path: $0.path, data: Data($0.text.utf8)) })
        let compilation = Pipeline(registry: registry).compile(source, findings: loading, commit: "import", tree: "import", environments: [environment])
        let compiled = compilation.environments.first { $0.spec.name == environment }
        let release = compiled?.spec.kubernetesRelease ?? .default
        let emitted = compiled?.bundle.clusters.first { $0.name == cluster }?.files ?? []
        let bundle = Dictionary(emitted.map { ($0.path, $0.contents) }, uniquingKeysWith: { $1 })
        var diagnostics = compilation.diagnostics
        let after: ClusterAuthorization
        do {
            after = try BundleReader.read(bundle, release: release)
        } catch {
            diagnostics.append(.error("import-proof", "the compiled bundle of cluster '\(cluster)' cannot be read back: \(error)", at: SourceLocation(path: "environments/\(environment).yaml")))
            after = ClusterAuthorization(release: release, principals: [], policy: RBACPolicy())
        }
        let before = live.authorization(release: release)
        let requests = Self.requests(live, after: after)
        let differences = compare(before: before, after: after, requests: requests)
        return AccessProof(differences: differences, diagnostics: diagnostics, principals: before.principals.count, requests: requests.count, files: bundle)
    }

    /// Every principal of `before` (and any `after` adds), over `requests`: `can`, `may` or `no` each side.
    public static func compare(before: ClusterAuthorization, after: ClusterAuthorization, requests: [AuthorizationRequest]) -> [Difference] {
        let plan = RequestPlan(requests)
        let subjects = SubjectIndex(before.policy.bindings + after.policy.bindings)
        var differences: [Difference] = []
        var keys: [String] = before.principals.map { $0.matchedARN.lowercased() }
        for principal in after.principals where !keys.contains(principal.matchedARN.lowercased()) { keys.append(principal.matchedARN.lowercased()) }
        for key in keys {
            let old = before.principals.first { $0.matchedARN.lowercased() == key }
            let new = after.principals.first { $0.matchedARN.lowercased() == key }
            let arn = old?.arn ?? new?.arn ?? key
            if old == nil || new == nil {
                differences.append(Difference(arn: arn, request: "authenticate", before: old == nil ? "no" : "yes", after: new == nil ? "no" : "yes"))
                continue
            }
            // Each side narrowed to the bindings that name the principal: the same answers, without
            // scanning every binding of the cluster for every request.
            for (request, a, b) in differing(narrowed(before, to: old!), old!, narrowed(after, to: new!), new!, plan) {
                differences.append(Difference(arn: arn, request: describe(request), before: a, after: b))
            }
            // The authenticator renders placeholders in usernames and groups at login: a binding
            // to a user or group that a session name renders is that principal's access, for that
            // session. Each such name is tried on both sides as a concrete session.
            for (oldSession, newSession, name) in sessions(old!, new!, subjects: subjects) {
                for (request, a, b) in differing(narrowed(before, to: oldSession), oldSession, narrowed(after, to: newSession), newSession, plan) {
                    differences.append(Difference(arn: arn, request: "\(describe(request)) (as \(name))", before: a, after: b))
                }
            }
        }
        return differences
    }

    /// The subjects of every binding of both sides, each once, in order of first appearance,
    /// with those of each kind sorted by their UTF-8 bytes: a template can render into a name
    /// only if the name starts with the template's text before its first `{{`, so the names a
    /// principal's templates might reach are found by prefix, not by trying every subject.
    struct SubjectIndex {
        var subjects: [Subject] = []
        var sorted: [Subject.Kind: [(name: [UInt8], order: Int)]] = [:]

        init(_ bindings: [PolicyBinding]) {
            var seen: Set<Subject> = []
            for subject in bindings.flatMap(\.subjects) where !subject.name.contains("{{") && seen.insert(subject).inserted {
                sorted[subject.kind, default: []].append((Array(subject.name.utf8), subjects.count))
                subjects.append(subject)
            }
            for kind in sorted.keys { sorted[kind]!.sort { $0.name.lexicographicallyPrecedes($1.name) } }
        }

        /// The order of every subject of `kind` whose name starts with what `template` has before its first `{{`.
        func candidates(_ kind: Subject.Kind, for template: String) -> [Int] {
            guard let names = sorted[kind] else { return [] }
            let prefix = Array((template.components(separatedBy: "{{").first ?? "").utf8)
            var low = 0, high = names.count
            while low < high {
                let middle = (low + high) / 2
                if names[middle].name.lexicographicallyPrecedes(prefix) { low = middle + 1 } else { high = middle }
            }
            var found: [Int] = []
            while low < names.count, names[low].name.starts(with: prefix) {
                found.append(names[low].order)
                low += 1
            }
            return found
        }
    }

    /// `old` and `new` as the sessions whose rendered username or group is a subject of a binding
    /// that the template reaches only through its placeholders.
    static func sessions(_ old: Principal, _ new: Principal, subjects index: SubjectIndex) -> [(Principal, Principal, String)] {
        guard templated(old.username) || templated(new.username) || (old.groups + new.groups).contains(where: templated) else { return [] }
        var orders: Set<Int> = []
        for username in [old.username, new.username] where templated(username) { orders.formUnion(index.candidates(.user, for: username)) }
        for group in old.groups + new.groups where templated(group) { orders.formUnion(index.candidates(.group, for: group)) }
        return orders.sorted().compactMap { sessionPair(old, new, as: index.subjects[$0]) }
    }

    static func templated(_ text: String) -> Bool { text.contains("{{") }

    /// `old` and `new` as a session that renders into `subject` (each side unchanged when its
    /// templates cannot), named for the report; nil when neither side can.
    static func sessionPair(_ old: Principal, _ new: Principal, as subject: Subject) -> (Principal, Principal, String)? {
        func rendered(_ principal: Principal) -> Principal? {
            var session = principal
            switch subject.kind {
            case .user:
                guard templated(principal.username), UsernameTemplates.canCollide(principal.username, subject.name) else { return nil }
                session.username = subject.name
            case .group:
                guard !principal.groups.contains(subject.name),
                      principal.groups.contains(where: { templated($0) && UsernameTemplates.canCollide($0, subject.name) }) else { return nil }
                session.groups.append(subject.name)
            }
            return session
        }
        let a = rendered(old), b = rendered(new)
        if a == nil && b == nil { return nil }
        return (a ?? old, b ?? new, "\(subject.kind == .user ? "user" : "group") \(subject.name)")
    }

    /// `requests` arranged for `differing`: each namespaced request by its shape (the request
    /// without a namespace) and namespace, the others as they are, every one by its index.
    struct RequestPlan {
        var requests: [AuthorizationRequest]
        /// One request per shape, its namespace left to fill.
        var shapes: [AuthorizationRequest] = []
        /// Per namespace: (index into `requests`, shape) of each request there.
        var byNamespace: [String: [(index: Int, shape: Int)]] = [:]
        /// Requests with no namespace: cluster-wide, across namespaces, non-resource.
        var unscoped: [Int] = []

        init(_ requests: [AuthorizationRequest]) {
            self.requests = requests
            var shapeIndex: [String: Int] = [:]
            for (index, request) in requests.enumerated() {
                guard request.isResourceRequest, !request.namespace.isEmpty else {
                    unscoped.append(index)
                    continue
                }
                var shape = request
                shape.namespace = ""
                let text = "\(shape.verb) \(shape.apiGroup) \(shape.resource) \(shape.subresource) \(shape.name)"
                let id = shapeIndex[text] ?? {
                    shapes.append(shape)
                    shapeIndex[text] = shapes.count - 1
                    return shapes.count - 1
                }()
                byNamespace[request.namespace, default: []].append((index, id))
            }
        }
    }

    /// The requests whose answers differ between the two sides, with both answers, in request
    /// order. A namespace where neither side has a RoleBinding or namespace-scoped policy for the
    /// principal (`grantsOnlyIn`) is answered as every such namespace is: one neutral namespace
    /// is asked per shape of request, and only a shape that differs there is reported in each
    /// of them. That keeps the proof linear in principals plus namespaces, not their product.
    static func differing(_ before: ClusterAuthorization, _ old: Principal, _ after: ClusterAuthorization, _ new: Principal,
                          _ plan: RequestPlan) -> [(AuthorizationRequest, String, String)] {
        let onlyBefore = before.grantsOnlyIn(old), onlyAfter = after.grantsOnlyIn(new)
        var found: [(index: Int, a: String, b: String)] = []
        func ask(_ index: Int) {
            let request = plan.requests[index]
            let a = answer(before, old, request), b = answer(after, new, request)
            if a != b { found.append((index, a, b)) }
        }
        plan.unscoped.forEach(ask)
        // The probe namespace, unless a binding is there; a name no dump can hold (`_` is not
        // allowed in a namespace) unless a policy's wildcard covers it too: then every
        // namespace is asked.
        if let neutral = [probeNamespace, "rolecall_import_neutral"].first(where: { !onlyBefore($0) && !onlyAfter($0) }) {
            // Namespaces with something of their own on either side: asked one by one.
            let asked = Set(plan.byNamespace.keys.filter { onlyBefore($0) || onlyAfter($0) })
            let differingShapes: [Int: (String, String)] = Dictionary(uniqueKeysWithValues: plan.shapes.indices.compactMap { shape in
                var request = plan.shapes[shape]
                request.namespace = neutral
                let a = answer(before, old, request), b = answer(after, new, request)
                return a == b ? nil : (shape, (a, b))
            })
            for namespace in asked { for request in plan.byNamespace[namespace] ?? [] { ask(request.index) } }
            // Every other namespace answers as the neutral one: only a shape that differs there is visited.
            if !differingShapes.isEmpty {
                for (namespace, requests) in plan.byNamespace where !asked.contains(namespace) {
                    for request in requests { if let (a, b) = differingShapes[request.shape] { found.append((request.index, a, b)) } }
                }
            }
        } else {
            for requests in plan.byNamespace.values { for request in requests { ask(request.index) } }
        }
        return found.sorted { $0.index < $1.index }.map { (plan.requests[$0.index], $0.a, $0.b) }
    }

    static func narrowed(_ authorization: ClusterAuthorization, to principal: Principal) -> ClusterAuthorization {
        var policy = authorization.policy
        let groups = principal.effectiveGroups
        policy.bindings = policy.bindings.filter { $0.names(username: principal.username, groups: groups) }
        return ClusterAuthorization(release: authorization.release, principals: [principal], policy: policy)
    }

    static func answer(_ authorization: ClusterAuthorization, _ principal: Principal, _ request: AuthorizationRequest) -> String {
        let grants = authorization.grants(for: principal, request)
        if grants.isEmpty { return "no" }
        return grants.contains { $0.certainty == .can } ? "can" : "may"
    }

    public static func describe(_ request: AuthorizationRequest) -> String {
        guard request.isResourceRequest else { return "\(request.verb) \(request.path ?? "")" }
        let resource = request.subresource.isEmpty ? request.resource : "\(request.resource)/\(request.subresource)"
        let group = request.apiGroup.isEmpty ? "" : ".\(request.apiGroup)"
        let scope = request.namespace.isEmpty ? (AccessQuery.clusterScoped.contains(request.resource) ? "" : " -A") : " -n \(request.namespace)"
        return "\(request.verb) \(resource)\(group)\(scope)"
    }

    static let verbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
    /// (apiGroup, resource, subresource) probed in every namespace.
    static let namespaced: [(String, String, String)] = [
        ("", "pods", ""), ("", "pods", "exec"), ("", "pods", "log"), ("", "secrets", ""), ("", "configmaps", ""),
        ("", "services", ""), ("", "serviceaccounts", ""), ("apps", "deployments", ""), ("apps", "deployments", "scale"),
        ("batch", "jobs", ""), ("rbac.authorization.k8s.io", "roles", ""), ("rbac.authorization.k8s.io", "rolebindings", ""),
        ("networking.k8s.io", "ingresses", ""),
    ]
    static let clusterWide: [(String, String, String)] = [
        ("", "nodes", ""), ("", "namespaces", ""), ("", "persistentvolumes", ""), ("rbac.authorization.k8s.io", "clusterroles", ""),
        ("rbac.authorization.k8s.io", "clusterrolebindings", ""), ("apiextensions.k8s.io", "customresourcedefinitions", ""),
        ("storage.k8s.io", "storageclasses", ""),
    ]
    /// A namespace nobody owns: grants that reach it reach every namespace.
    public static let probeNamespace = "rolecall-import-probe"

    /// The fixed requests: every verb on common resources (subresources included) in every
    /// namespace of either side and an unowned one, across all namespaces, cluster-scoped
    /// resources, non-resource URLs, and what either side's roles name.
    public static func requests(_ live: LiveCluster, after: ClusterAuthorization) -> [AuthorizationRequest] {
        var namespaces = Set(live.namespaces).union([probeNamespace])
        for binding in live.bindings { if let namespace = binding.namespace { namespaces.insert(namespace) } }
        for binding in after.policy.bindings { if let namespace = binding.namespace { namespaces.insert(namespace) } }
        // Either side's namespaces and resources: a grant only the compiled side holds, in a
        // namespace or on a resource the live cluster never mentions, must be asked about too.
        let policies = live.principals.flatMap(\.policies) + after.principals.flatMap(\.policies)
        for policy in policies {
            if case .namespaces(let names) = policy.scope { namespaces.formUnion(names.filter { !$0.hasSuffix("*") }) }
        }
        var resources = namespaced
        var seen = Set(resources.map { "\($0.0)/\($0.1)/\($0.2)" })
        let roles = live.roles + live.clusterRoles + after.policy.roles + after.policy.clusterRoles
        for rule in roles.flatMap(\.rules) {
            for group in rule.apiGroups where group != "*" {
                for resource in rule.resources where resource != "*" && !resource.hasPrefix("*/") {
                    // A dump can hold any text here ("", "/x"): nothing to ask about, not a trap.
                    let parts = resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    guard let name = parts.first, !name.isEmpty else { continue }
                    let entry = (group, name, parts.count > 1 ? parts[1] : "")
                    if seen.insert("\(entry.0)/\(entry.1)/\(entry.2)").inserted { resources.append(entry) }
                }
            }
        }
        var requests: [AuthorizationRequest] = []
        for (group, resource, subresource) in resources {
            let clusterScoped = AccessQuery.clusterScoped.contains(resource)
            for verb in verbs {
                if clusterScoped {
                    requests.append(AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: subresource))
                    continue
                }
                requests.append(AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: subresource))
                for namespace in namespaces.sorted() {
                    requests.append(AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: subresource, namespace: namespace))
                }
            }
        }
        for (group, resource, subresource) in clusterWide where !seen.contains("\(group)/\(resource)/\(subresource)") {
            for verb in verbs { requests.append(AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: subresource)) }
        }
        for path in ["/healthz", "/metrics", "/version", "/logs"] { requests.append(AuthorizationRequest(verb: "get", path: path)) }
        return requests
    }
}
