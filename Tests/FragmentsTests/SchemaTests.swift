import Diagnostics
import Foundation
import Testing
@testable import Fragments

private func validate(_ yaml: String, _ schema: Schema, context: String = "Team 'x'") throws -> [Diagnostic] {
    let node = try #require(read(yaml).0)
    var diagnostics: [Diagnostic] = []
    schema.validate(node, &diagnostics, context: context)
    return diagnostics
}

@Suite("Schema")
struct SchemaTests {
    @Test("an unknown key is reported at the key, with a suggestion and the allowed keys")
    func unknownKeyWithSuggestion() throws {
        let d = try validate("kind: Team\nname: x\ngroups:\n  dev:\n    acess: {ns: edit}\n", FragmentSchemas.team)
        #expect(codes(d) == ["unknown-key"])
        #expect(d.first?.message == "unknown key 'acess' in 'dev' in 'groups'; did you mean 'access'?")
        #expect(position(d.first) == [5, 5])
        #expect(d.first?.notes.first?.message == "allowed keys: access, accessPolicies, members")
    }

    @Test("suggestions are offered only for near misses", arguments: [
        ("namespace", "namespaces"), ("Groups", "groups"), ("extend", "extends"), ("plaement", "placement"),
        ("rolse", "roles"), ("zzzzzz", nil), ("description", nil),
    ] as [(String, String?)])
    func suggestionDistance(key: String, suggestion: String?) throws {
        let d = try validate("kind: Team\n\(key): []\n", FragmentSchemas.team)
        #expect(codes(d) == ["unknown-key"])
        if let suggestion {
            #expect(d.first?.message.hasSuffix("did you mean '\(suggestion)'?") == true)
        } else {
            #expect(d.first?.message.contains("did you mean") == false)
        }
    }

    @Test("edit distance is Levenshtein distance", arguments: [
        ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("same", "same", 0),
    ])
    func levenshtein(a: String, b: String, distance: Int) {
        #expect(Suggestion.distance(a, b) == distance)
    }

    @Test("the closest candidate wins; ties go to the alphabetically first")
    func closestCandidate() {
        #expect(Suggestion.closest(to: "rols", in: ["roles", "rules", "groups"]) == "roles")
        #expect(Suggestion.closest(to: "ab", in: ["ac", "aa"]) == "aa")
        #expect(Suggestion.closest(to: "x", in: [String]()) == nil)
    }

    @Test("wrong types are reported at the value with what was expected", arguments: [
        ("namespaces: payments\n", "'namespaces' must be a list, not a scalar"),
        ("groups: [dev]\n", "'groups' must be a mapping, not a list"),
        ("groups:\n  dev: edit\n", "'dev' in 'groups' must be a mapping (team group), not a scalar"),
        ("namespaces: [a, {b: c}]\n", "an item of 'namespaces' must be a string, not a mapping"),
        ("extends: {a: b}\n", "'extends' must be a list, not a mapping"),
        ("placement:\n  clusterLabels: [a]\n", "'clusterLabels' must be a mapping, not a list"),
    ])
    func wrongTypes(yaml: String, message: String) throws {
        let d = try validate("kind: Team\n" + yaml, FragmentSchemas.team)
        #expect(d.map(\.message) == [message])
        #expect(codes(d) == ["wrong-type"])
        #expect((d.first?.location.line ?? 0) >= 2)
    }

    @Test("booleans accept only unquoted true/false spellings", arguments: [
        ("true", true), ("false", true), ("True", true), ("FALSE", true), ("yes", false), ("\"true\"", false), ("1", false), ("on", false),
    ])
    func booleans(value: String, accepted: Bool) throws {
        let d = try validate("kind: Environment\nabstract: \(value)\n", FragmentSchemas.environment, context: "Environment 'x'")
        #expect(d.isEmpty == accepted)
        if !accepted { #expect(d.first?.message == "'abstract' must be true or false, not a scalar") }
    }

    @Test("null is accepted for any field (it deletes in a merge), but not as a list item")
    func nulls() throws {
        #expect(try validate("kind: Team\nnamespaces: null\ngroups: ~\nroles:\n", FragmentSchemas.team).isEmpty)
        let d = try validate("kind: Team\nnamespaces: [a, ~, b]\n", FragmentSchemas.team)
        #expect(d.map(\.message) == ["'namespaces' has an empty (null) item"])
        #expect(position(d.first) == [2, 17])
    }

    @Test("extends accepts a single name or a list of names")
    func extendsForms() throws {
        #expect(try validate("kind: Team\nextends: base\n", FragmentSchemas.team).isEmpty)
        #expect(try validate("kind: Team\nextends: [a, b]\n", FragmentSchemas.team).isEmpty)
        #expect(codes(try validate("kind: Team\nextends: [a, [b]]\n", FragmentSchemas.team)) == ["wrong-type"])
    }

    @Test("members are ARN strings or mappings with arn and username only")
    func memberForms() throws {
        let ok = "kind: Team\ngroups:\n  g:\n    members:\n    - arn:aws:iam::1:role/a\n    - {arn: 'arn:aws:iam::1:user/b', username: b}\n"
        #expect(try validate(ok, FragmentSchemas.team).isEmpty)
        let bad = "kind: Team\ngroups:\n  g:\n    members:\n    - {arn: 'arn:aws:iam::1:user/b', usrname: b}\n    - [x]\n"
        let d = try validate(bad, FragmentSchemas.team)
        #expect(codes(d) == ["unknown-key", "wrong-type"])
        #expect(d.first?.message.hasSuffix("did you mean 'username'?") == true)
    }

    @Test("every reported problem is collected, not just the first")
    func collectsAll() throws {
        let d = try validate("kind: Team\nnamespace: [a]\ngroups: 3\nroles:\n  r:\n    rule: []\n", FragmentSchemas.team)
        #expect(codes(d).sorted() == ["unknown-key", "unknown-key", "wrong-type"])
    }

    @Test("overlays allow only the keys that vary by environment or cluster")
    func overlayKeys() throws {
        #expect(try validate("kind: Overlay\nname: prod\ngroups: {}\nroles: {}\nnamespaces: []\nplacement: {}\n", FragmentSchemas.overlay).isEmpty)
        for key in ["extends", "environments", "clusters", "abstract"] {
            #expect(codes(try validate("kind: Overlay\n\(key): x\n", FragmentSchemas.overlay)) == ["unknown-key"], "\(key)")
        }
    }

    @Test("an inline team overlay cannot extend or nest further overlays")
    func inlineOverlayKeys() throws {
        #expect(try validate("kind: Team\nenvironments:\n  prod:\n    groups: {dev: {access: {'*': view}}}\n", FragmentSchemas.team).isEmpty)
        let d = try validate("kind: Team\nclusters:\n  c1:\n    extends: x\n    clusters: {}\n", FragmentSchemas.team)
        #expect(codes(d) == ["unknown-key", "unknown-key"])
    }

    @Test("environment clusters, platform groups and policy are checked")
    func environmentSchema() throws {
        let good = """
            kind: Environment
            name: dev
            clusters:
              c1: {account: "1", region: eu-west-1, labels: {tier: dev}, nodeRoles: [a], fargateRoles: [], windowsNodeRoles: []}
            groups:
              admins: {members: [a], clusterRoles: [cluster-admin], systemMasters: false}
            policy: {breakGlass: [a], systemMasters: [], teamClusterRoles: [view], allowedAccounts: ["1"]}
            clusterRoles:
              r: {rules: [{apiGroups: [""], resources: [pods], verbs: [get], resourceNames: [x], nonResourceURLs: []}]}

            """
        #expect(try validate(good, FragmentSchemas.environment).isEmpty)
        let bad = "kind: Environment\nclusters:\n  c1: {acount: '1'}\npolicy: {breakglass: []}\nclusterRoles:\n  r: {rules: [{verb: [get]}]}\n"
        let d = try validate(bad, FragmentSchemas.environment)
        #expect(d.map(\.message).sorted() == [
            "unknown key 'acount' in 'c1' in 'clusters'; did you mean 'account'?",
            "unknown key 'breakglass' in 'policy'; did you mean 'breakGlass'?",
            "unknown key 'verb' in an item of 'rules'; did you mean 'verbs'?",
        ])
    }
}
