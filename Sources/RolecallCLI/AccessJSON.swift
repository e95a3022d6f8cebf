import Authorization
import Compiler
import Diagnostics
import Model
import Serialization

/// The JSON shapes `who-can`, `explain` and `access` share (docs/cli.md, "JSON schemas").
enum AccessJSON {
    static func location(_ l: SourceLocation?) -> Document {
        guard let l else { return .null }
        return .map([("path", .string(l.path)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    static func rule(_ r: Rule) -> Document {
        .map([("apiGroups", .strings(r.apiGroups)), ("resources", .strings(r.resources)), ("verbs", .strings(r.verbs)),
              ("resourceNames", .strings(r.resourceNames)), ("nonResourceURLs", .strings(r.nonResourceURLs)),
              ("definedAt", location(r.location))])
    }

    static func source(_ s: AccessSource) -> Document {
        .map([("commit", .string(s.commit.hex)), ("reason", .string(s.reason))])
    }

    static func scope(_ scope: AccessPolicyAssociation.Scope) -> [(String, Document)] {
        switch scope {
        case .cluster: [("scope", .string("cluster")), ("namespaces", .list([]))]
        case .namespaces(let names): [("scope", .string("namespace")), ("namespaces", .strings(names))]
        }
    }

    static func policy(_ p: AccessPolicyAssociation) -> Document {
        .map([("arn", .string(p.policyARN)), ("name", .string(p.policyName))] + scope(p.scope) + [("grantedAt", location(p.grantedAt))])
    }

    static func certainty(_ c: Certainty) -> [(String, Document)] {
        [("certainty", .string(c.word)), ("reason", c.reason.map(Document.string) ?? .null)]
    }

    static func grant(_ g: AccessGrant) -> Document {
        var pairs: [(String, Document)] = []
        switch g.via {
        case .systemMasters:
            pairs = [("kind", .string("systemMasters")), ("grantedAt", .null)]
        case .binding(let binding, let role, let builtin):
            pairs = [("kind", .string("binding")),
                     ("binding", .map([("kind", .string(binding.kind)), ("name", .string(binding.name)),
                                       ("namespace", binding.namespace.map(Document.string) ?? .null)])),
                     ("role", .map([("kind", .string(binding.roleRef.kind.rawValue)), ("name", .string(role.name)),
                                    ("builtin", builtin.map { .string($0.citation) } ?? .null), ("definedAt", location(role.definedAt))])),
                     ("grantedAt", location(binding.grantedAt)),
                     ("overrides", .list(binding.overrides.map(location)))]
        case .accessPolicy(let association):
            pairs = [("kind", .string("accessPolicy")), ("policy", policy(association)), ("grantedAt", location(association.grantedAt))]
        case .nodeAuthorizer:
            pairs = [("kind", .string("nodeAuthorizer")), ("grantedAt", .null)]
        }
        return .map(pairs + certainty(g.certainty) + [("rule", g.rule.map(rule) ?? .null)])
    }

    static func principal(_ p: Principal) -> [(String, Document)] {
        [("arn", .string(p.arn)), ("matchedArn", .string(p.matchedARN)), ("username", .string(p.username)),
         ("groups", .strings(p.groups)), ("path", .string(p.path.rawValue)), ("mappedAt", location(p.mappedAt))]
    }

    static func answer(_ a: AccessQuery.Answer) -> Document {
        .map(principal(a.principal) + certainty(a.certainty) + [("grants", .list(a.grants.map(grant)))])
    }

    static func request(_ r: AuthorizationRequest) -> [(String, Document)] {
        [("verb", .string(r.verb)), ("apiGroup", .string(r.apiGroup)), ("resource", .string(r.resource)),
         ("subresource", .string(r.subresource)), ("name", .string(r.name)), ("namespace", .string(r.namespace)),
         ("nonResourceURL", r.path.map(Document.string) ?? .null)]
    }
}

