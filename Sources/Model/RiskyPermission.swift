/// Permissions that RBAC analysis tools flag (FACTS.md "Risky rules"), each with the concrete
/// requests that exercise it. One catalogue serves the guards (what a wildcard rule really
/// reaches) and reviews (what a change newly allows), so both judge a rule the same way.
public struct RiskyPermission: Hashable, Sendable, Codable {
    /// A short name for reports: `read secrets`, `exec into pods`.
    public var name: String
    /// Why it matters, in one sentence a reviewer can act on.
    public var reason: String
    /// Requests (without namespace or name) any of which exercises the permission.
    public var requests: [AuthorizationRequest]
    /// Whether it can be granted inside one namespace (a RoleBinding), or only cluster-wide.
    public var namespaced: Bool

    public init(name: String, reason: String, requests: [AuthorizationRequest], namespaced: Bool) {
        self.name = name
        self.reason = reason
        self.requests = requests
        self.namespaced = namespaced
    }

    /// Whether any of `rules` allows any of this permission's requests.
    public func isReached(by rules: [Rule]) -> Bool {
        requests.contains { request in rules.contains { $0.allows(request) } }
    }

    private static func requests(_ verbs: [String], _ group: String, _ resources: [String]) -> [AuthorizationRequest] {
        verbs.flatMap { verb in
            resources.map { resource in
                let parts = resource.split(separator: "/", maxSplits: 1).map(String.init)
                return AuthorizationRequest(verb: verb, apiGroup: group, resource: parts[0], subresource: parts.count > 1 ? parts[1] : "")
            }
        }
    }

    private static let rbacGroup = "rbac.authorization.k8s.io"
    private static let writeVerbs = ["create", "update", "patch", "delete", "deletecollection"]

    public static let catalogue: [RiskyPermission] = [
        RiskyPermission(name: "read secrets", reason: "Secrets hold credentials, including service account tokens",
                        requests: requests(["get", "list", "watch"], "", ["secrets"]), namespaced: true),
        RiskyPermission(name: "exec into pods", reason: "a shell in a pod runs as its service account and reads its mounted secrets",
                        requests: requests(["create"], "", ["pods/exec"]), namespaced: true),
        RiskyPermission(name: "attach to pods", reason: "attaching reaches a running container's terminal",
                        requests: requests(["create"], "", ["pods/attach"]), namespaced: true),
        RiskyPermission(name: "port-forward to pods", reason: "port-forwarding reaches ports no Service exposes",
                        requests: requests(["create"], "", ["pods/portforward"]), namespaced: true),
        RiskyPermission(name: "create service account tokens", reason: "a minted token acts as the service account, wherever it is bound",
                        requests: requests(["create"], "", ["serviceaccounts/token"]), namespaced: true),
        // Service accounts are namespaced, so a RoleBinding can grant impersonating them; users,
        // groups and extras are cluster-scoped and need a ClusterRoleBinding.
        RiskyPermission(name: "impersonate service accounts", reason: "impersonation acts as the service account, with all it is bound to",
                        requests: requests(["impersonate"], "", ["serviceaccounts"]), namespaced: true),
        RiskyPermission(name: "impersonate users or groups", reason: "impersonating a user or group (system:masters included) acts with its access",
                        requests: requests(["impersonate"], "", ["users", "groups"])
                            + requests(["impersonate"], "authentication.k8s.io", ["userextras", "uids"]), namespaced: false),
        RiskyPermission(name: "escalate or bind roles", reason: "escalate and bind grant permissions the holder was not given",
                        requests: requests(["escalate", "bind"], rbacGroup, ["roles", "clusterroles"]), namespaced: true),
        RiskyPermission(name: "write roles or role bindings", reason: "writing RBAC objects changes who may do what",
                        requests: requests(writeVerbs, rbacGroup, ["roles", "rolebindings"]), namespaced: true),
        RiskyPermission(name: "write cluster roles or cluster role bindings", reason: "cluster-wide RBAC objects change access in every namespace",
                        requests: requests(writeVerbs + ["escalate", "bind"], rbacGroup, ["clusterroles", "clusterrolebindings"]), namespaced: false),
        RiskyPermission(name: "proxy to nodes", reason: "the kubelet API runs commands in every pod on the node",
                        requests: requests(["get", "create"], "", ["nodes/proxy"]), namespaced: false),
        RiskyPermission(name: "write nodes or namespaces", reason: "cluster-scoped objects the platform owns",
                        requests: requests(writeVerbs, "", ["nodes", "namespaces", "persistentvolumes"]), namespaced: false),
        RiskyPermission(name: "write admission webhooks or CRDs", reason: "webhooks see and can change every request; CRDs change the API",
                        requests: requests(writeVerbs, "admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"])
                            + requests(writeVerbs, "apiextensions.k8s.io", ["customresourcedefinitions"]), namespaced: false),
    ]

    /// The catalogue's permissions that `rules` reach, in catalogue order.
    public static func reached(by rules: [Rule]) -> [RiskyPermission] {
        catalogue.filter { $0.isReached(by: rules) }
    }
}

extension Rule {
    /// Whether the rule names `*` as a verb, API group or resource (including `*/sub`).
    public var usesWildcard: Bool {
        verbs.contains("*") || apiGroups.contains("*") || resources.contains { $0 == "*" || $0.hasPrefix("*/") }
            || nonResourceURLs.contains { $0.hasSuffix("*") }
    }
}
