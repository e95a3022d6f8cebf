/// A request as the Kubernetes RBAC authorizer sees it: either a resource request (verb, API
/// group, resource, subresource, name, namespace) or a non-resource request (verb, path).
public struct AuthorizationRequest: Hashable, Sendable, Codable {
    public var verb: String
    public var apiGroup: String
    public var resource: String
    public var subresource: String
    public var name: String
    /// The request's namespace; "" for cluster-scoped requests and requests across all namespaces.
    public var namespace: String
    /// The URL path of a non-resource request (`/healthz`); nil for resource requests.
    public var path: String?

    public init(verb: String, apiGroup: String = "", resource: String, subresource: String = "", name: String = "", namespace: String = "") {
        self.verb = verb
        self.apiGroup = apiGroup
        self.resource = resource
        self.subresource = subresource
        self.name = name
        self.namespace = namespace
        self.path = nil
    }

    public init(verb: String, path: String) {
        self.verb = verb
        self.apiGroup = ""
        self.resource = ""
        self.subresource = ""
        self.name = ""
        self.namespace = ""
        self.path = path
    }

    public var isResourceRequest: Bool { path == nil }

    /// `resource/subresource`, as rules spell it.
    public var combinedResource: String { subresource.isEmpty ? resource : resource + "/" + subresource }
}

extension Rule {
    /// Whether this rule allows `request`, exactly as Kubernetes' RBAC authorizer decides it
    /// (`RuleAllows` in plugin/pkg/auth/authorizer/rbac and the matchers of
    /// pkg/apis/rbac/v1/evaluation_helpers.go): `pods/*` is no wildcard, `*/scale` is; a rule
    /// with resourceNames never allows a request without a name (list, create); non-resource
    /// rules match a path exactly, by `*`, or by a prefix ending in `*`.
    public func allows(_ request: AuthorizationRequest) -> Bool {
        guard verbs.contains(where: { $0 == "*" || $0 == request.verb }) else { return false }
        guard let path = request.path else {
            return apiGroups.contains(where: { $0 == "*" || $0 == request.apiGroup })
                && matchesResource(request.combinedResource, subresource: request.subresource)
                && (resourceNames.isEmpty || resourceNames.contains(request.name))
        }
        return nonResourceURLs.contains { url in
            if url == "*" || url == path { return true }
            guard url.hasSuffix("*") else { return false }
            var prefix = Substring(url)
            while prefix.last == "*" { prefix = prefix.dropLast() }
            return path.hasPrefix(prefix)
        }
    }

    private func matchesResource(_ combined: String, subresource: String) -> Bool {
        resources.contains { candidate in
            candidate == "*" || candidate == combined || (!subresource.isEmpty && candidate == "*/" + subresource)
        }
    }
}
