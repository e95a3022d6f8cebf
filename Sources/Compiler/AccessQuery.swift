import Authorization
import Diagnostics
import Model

/// "Who can VERB RESOURCE?" over one cluster, answered by the same evaluation the cluster runs
/// (Authorization's `ClusterAuthorization`): `can`, or `may` with the reason it is unknowable
/// offline, or not listed.
public struct AccessQuery: Sendable {
    public var request: AuthorizationRequest

    public init(_ request: AuthorizationRequest) {
        self.request = request
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Cluster-scoped resources of the built-in API: a request for them never has a namespace,
    /// so `-n` with one of them is a mistake worth refusing rather than answering wrongly.
    public static let clusterScoped: Set<String> = [
        "nodes", "namespaces", "persistentvolumes", "componentstatuses", "clusterroles", "clusterrolebindings",
        "customresourcedefinitions", "apiservices", "mutatingwebhookconfigurations", "validatingwebhookconfigurations",
        "validatingadmissionpolicies", "validatingadmissionpolicybindings", "storageclasses", "csidrivers", "csinodes",
        "volumeattachments", "priorityclasses", "runtimeclasses", "ingressclasses", "certificatesigningrequests",
        "tokenreviews", "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews",
        "flowschemas", "prioritylevelconfigurations", "ipaddresses", "servicecidrs",
    ]

    /// RESOURCE as kubectl writes it (`pods`, `pods/exec`, `deployments.apps/scale`), or a
    /// non-resource URL (`/healthz`). Without a namespace the request is made across all
    /// namespaces (as `kubectl auth can-i -A`), which only ClusterRoleBindings grant. A
    /// `namespaces` request with a name is in that namespace, as the API server attributes it.
    public static func parse(verb: String, resource: String, namespace: String?, name: String?) throws -> AccessQuery {
        if resource.hasPrefix("/") {
            guard namespace == nil, name == nil else { throw Failure(description: "a non-resource URL (\(resource)) has no namespace or name") }
            return AccessQuery(AuthorizationRequest(verb: verb, path: resource))
        }
        let slash = resource.firstIndex(of: "/")
        let head = slash.map { String(resource[..<$0]) } ?? resource
        let subresource = slash.map { String(resource[resource.index(after: $0)...]) } ?? ""
        let dot = head.firstIndex(of: ".")
        let base = dot.map { String(head[..<$0]) } ?? head
        let group = dot.map { String(head[head.index(after: $0)...]) } ?? ""
        var namespace = namespace ?? ""
        if clusterScoped.contains(base) && (group.isEmpty || group.hasSuffix(".k8s.io")) {
            if base == "namespaces", let name, namespace.isEmpty || namespace == name {
                namespace = name
            } else if !namespace.isEmpty {
                throw Failure(description: "\(base) are cluster-scoped: a request for them has no namespace; drop -n")
            }
        }
        return AccessQuery(AuthorizationRequest(verb: verb, apiGroup: group, resource: base, subresource: subresource,
                                                name: name ?? "", namespace: namespace))
    }

    public struct Answer: Sendable {
        public var identity: Identity
        public var principal: Principal
        public var grants: [AccessGrant]

        /// `can` when any grant is certain; otherwise `may`, with every reason.
        public var certainty: Certainty {
            if grants.contains(where: { $0.certainty == .can }) { return .can }
            return .may(reason: grants.compactMap(\.certainty.reason).joined(separator: "; "))
        }
    }

    public func answers(in model: AccessModel) -> [Answer] {
        zip(model.identities, model.authorization.principals).compactMap { identity, principal in
            let grants = model.authorization.grants(for: principal, request)
            return grants.isEmpty ? nil : Answer(identity: identity, principal: principal, grants: grants)
        }
    }

    public func answers(in access: ClusterAccess) -> [Answer] { answers(in: AccessModel(access)) }

    /// For a namespaced request across all namespaces: who is allowed it only inside some of the
    /// cluster's namespaces (a RoleBinding there), and where. Those are not answers to the
    /// request, but what people usually mean to ask next.
    public func onlyInNamespaces(in model: AccessModel) -> [(answer: Answer, namespaces: [String])] {
        guard request.isResourceRequest, request.namespace.isEmpty, !Self.clusterScoped.contains(request.resource) else { return [] }
        let everywhere = Set(answers(in: model).map { $0.principal.matchedARN.lowercased() })
        var found: [String: (answer: Answer, namespaces: [String])] = [:]
        for namespace in model.access.namespaces.map(\.name).sorted() {
            var scoped = request
            scoped.namespace = namespace
            for answer in AccessQuery(scoped).answers(in: model) where !everywhere.contains(answer.principal.matchedARN.lowercased()) {
                found[answer.principal.matchedARN.lowercased(), default: (answer, [])].namespaces.append(namespace)
            }
        }
        return found.values.sorted { $0.answer.principal.matchedARN.lowercased() < $1.answer.principal.matchedARN.lowercased() }
    }

    /// `get pods/exec [core] in namespace payments`, `get /healthz`.
    public var description: String {
        guard request.isResourceRequest else { return "\(request.verb) \(request.path ?? "")" }
        let group = request.apiGroup.isEmpty ? "core" : request.apiGroup
        let named = request.name.isEmpty ? "" : " named \(request.name)"
        let scope = request.namespace.isEmpty
            ? (Self.clusterScoped.contains(request.resource) ? "(cluster-scoped)" : "across all namespaces")
            : "in namespace \(request.namespace)"
        return "\(request.verb) \(request.combinedResource) [\(group)]\(named) \(scope)"
    }
}
