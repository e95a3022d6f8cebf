import Diagnostics
import Model
import Testing

private func rule(_ groups: [String], _ resources: [String], _ verbs: [String], names: [String] = []) -> Rule {
    Rule(apiGroups: groups, resources: resources, verbs: verbs, resourceNames: names, location: SourceLocation(path: "t.yaml"))
}

private func urls(_ urls: [String], _ verbs: [String]) -> Rule {
    Rule(verbs: verbs, nonResourceURLs: urls, location: SourceLocation(path: "t.yaml"))
}

private func get(_ resource: String, _ sub: String = "", group: String = "", name: String = "", verb: String = "get") -> AuthorizationRequest {
    AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, subresource: sub, name: name)
}

/// A truth table in the style of Kubernetes' own `TestRuleMatches` (plugin/pkg/auth/authorizer/rbac).
@Suite("Rule.allows: Kubernetes RBAC rule matching")
struct RuleEvaluationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: Rule
        var request: AuthorizationRequest
        var allowed: Bool
        var testDescription: String { "\(rule.verbs) \(rule.apiGroups) \(rule.resources)\(rule.nonResourceURLs) names=\(rule.resourceNames) vs \(request.verb) \(request.apiGroup)/\(request.combinedResource)\(request.path ?? "") name=\(request.name) → \(allowed)" }
    }

    static let cases: [Case] = [
        // verbs
        Case(rule: rule([""], ["pods"], ["get"]), request: get("pods"), allowed: true),
        Case(rule: rule([""], ["pods"], ["list"]), request: get("pods"), allowed: false),
        Case(rule: rule([""], ["pods"], ["*"]), request: get("pods", verb: "deletecollection"), allowed: true),
        Case(rule: rule([""], ["pods"], ["Get"]), request: get("pods"), allowed: false),
        // API groups: core is "", `*` includes core
        Case(rule: rule(["apps"], ["deployments"], ["get"]), request: get("deployments", group: "apps"), allowed: true),
        Case(rule: rule([""], ["deployments"], ["get"]), request: get("deployments", group: "apps"), allowed: false),
        Case(rule: rule(["*"], ["pods"], ["get"]), request: get("pods"), allowed: true),
        Case(rule: rule(["apps"], ["pods"], ["get"]), request: get("pods"), allowed: false),
        Case(rule: rule(["extensions"], ["deployments"], ["get"]), request: get("deployments", group: "apps"), allowed: false),
        // resources and subresources
        Case(rule: rule([""], ["*"], ["get"]), request: get("pods", "log"), allowed: true),
        Case(rule: rule([""], ["pods"], ["get"]), request: get("pods", "log"), allowed: false),
        Case(rule: rule([""], ["pods/log"], ["get"]), request: get("pods", "log"), allowed: true),
        Case(rule: rule([""], ["pods/log"], ["get"]), request: get("pods"), allowed: false),
        Case(rule: rule([""], ["pods/*"], ["get"]), request: get("pods", "log"), allowed: false),
        Case(rule: rule([""], ["*/log"], ["get"]), request: get("pods", "log"), allowed: true),
        Case(rule: rule([""], ["*/log"], ["get"]), request: get("pods"), allowed: false),
        Case(rule: rule(["*"], ["*/scale"], ["update"]), request: get("deployments", "scale", group: "apps", verb: "update"), allowed: true),
        Case(rule: rule([""], ["*/*"], ["get"]), request: get("pods", "log"), allowed: false),
        Case(rule: rule([""], ["*/status"], ["get"]), request: get("nodes", "status"), allowed: true),
        Case(rule: rule([""], ["*/us"], ["get"]), request: get("nodes", "status"), allowed: false),
        // resourceNames: empty allows every name; a named rule never allows a request without a name
        Case(rule: rule([""], ["configmaps"], ["get"], names: ["a"]), request: get("configmaps", name: "a"), allowed: true),
        Case(rule: rule([""], ["configmaps"], ["get"], names: ["a"]), request: get("configmaps", name: "b"), allowed: false),
        Case(rule: rule([""], ["configmaps"], ["list"], names: ["a"]), request: get("configmaps", verb: "list"), allowed: false),
        Case(rule: rule([""], ["configmaps"], ["get"]), request: get("configmaps", name: "anything"), allowed: true),
        // non-resource URLs: exact, `*`, prefix ending in `*`; never through resource rules
        Case(rule: urls(["/healthz"], ["get"]), request: AuthorizationRequest(verb: "get", path: "/healthz"), allowed: true),
        Case(rule: urls(["/healthz"], ["get"]), request: AuthorizationRequest(verb: "get", path: "/healthz/etcd"), allowed: false),
        Case(rule: urls(["/healthz*"], ["get"]), request: AuthorizationRequest(verb: "get", path: "/healthz/etcd"), allowed: true),
        Case(rule: urls(["/api/*"], ["get"]), request: AuthorizationRequest(verb: "get", path: "/api"), allowed: false),
        Case(rule: urls(["*"], ["get"]), request: AuthorizationRequest(verb: "get", path: "/metrics"), allowed: true),
        Case(rule: urls(["/metrics"], ["post"]), request: AuthorizationRequest(verb: "get", path: "/metrics"), allowed: false),
        Case(rule: rule(["*"], ["*"], ["*"]), request: AuthorizationRequest(verb: "get", path: "/healthz"), allowed: false),
        Case(rule: urls(["/healthz"], ["get"]), request: get("pods"), allowed: false),
    ]

    @Test("matches verbs, groups, resources, subresources, names and URLs as Kubernetes does", arguments: cases)
    func truthTable(_ c: Case) {
        #expect(c.rule.allows(c.request) == c.allowed)
    }

    @Test("a risky permission is judged by the rule's API groups, not its resource wildcard alone")
    func riskJudgedWithAPIGroups() {
        let coreAndApps = [rule(["", "extensions", "apps"], ["*"], ["*"])]
        let reached = Set(RiskyPermission.reached(by: coreAndApps).map(\.name))
        #expect(reached.contains("read secrets") && reached.contains("exec into pods") && reached.contains("impersonate service accounts") && reached.contains("impersonate users or groups"))
        #expect(!reached.contains("write roles or role bindings") && !reached.contains("escalate or bind roles"))
        let everything = Set(RiskyPermission.reached(by: [rule(["*"], ["*"], ["*"])]).map(\.name))
        #expect(everything == Set(RiskyPermission.catalogue.map(\.name)))
        #expect(RiskyPermission.reached(by: [rule(["apps"], ["deployments"], ["*"])]).isEmpty)
    }
}
