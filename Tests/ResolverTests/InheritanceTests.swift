import Diagnostics
import Fragments
import Resolver
import Testing

@Suite("extends")
struct InheritanceTests {
    @Test("a team extending several templates applies them left to right, then itself")
    func multipleExtendsLeftToRight() throws {
        let r = resolve([
            ("teams/_templates/a.yaml", "kind: Team\nname: a\nnamespaces: [from-a]\nroles: {ra: {rules: []}}\ngroups: {dev: {access: {x: view}}}\n"),
            ("teams/_templates/b.yaml", "kind: Team\nname: b\nnamespaces: [from-b]\nroles: {rb: {rules: []}}\ngroups: {dev: {access: {y: edit}}}\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: [_templates/a, _templates/b]\ngroups: {dev: {access: {x: admin}}}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let t = try #require(r.teams["t"])
        #expect(flat(t.base["namespaces"]) == "[from-b]")
        #expect(t.base["namespaces"]?.overrides.map(\.path) == ["teams/_templates/a.yaml"])
        #expect(flat(t.base["roles"]) == "{ra:{rules:[]},rb:{rules:[]}}")
        #expect(flat(t.base["groups"]) == "{dev:{access:{x:admin,y:edit}}}")
        #expect(t.base["name"]?.string == "t" && t.base["kind"]?.string == "Team")
        #expect(r.teams["_templates/a"] == nil, "templates are not teams")
    }

    @Test("swapping the extends order swaps the winner")
    func extendsOrderMatters() throws {
        let r = resolve([
            ("teams/_templates/a.yaml", "kind: Team\nname: a\nnamespaces: [from-a]\n"),
            ("teams/_templates/b.yaml", "kind: Team\nname: b\nnamespaces: [from-b]\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: [_templates/b, _templates/a]\n"),
        ])
        #expect(flat(r.teams["t"]?.base["namespaces"]) == "[from-a]")
    }

    @Test("a three-level environment chain merges root first and lists ancestors root first")
    func threeLevelEnvironmentChain() throws {
        let r = resolve([
            ("environments/base.yaml", "kind: Environment\nname: base\nabstract: true\nauthMode: both\naccounts: ['1']\npolicy: {breakGlass: [a]}\n"),
            ("environments/eu.yaml", "kind: Environment\nname: eu\nextends: base\nabstract: true\nauthMode: api\npolicy: {systemMasters: [b]}\n"),
            ("environments/prod.yaml", "kind: Environment\nname: prod\nextends: eu\naccounts: ['2']\npolicy: {breakGlass: null}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let prod = try #require(r.environments["prod"])
        #expect(prod.ancestors == ["base", "eu"])
        #expect(r.environments["eu"]?.ancestors == ["base"])
        #expect(r.environments["base"]?.ancestors == [])
        #expect(prod.node["authMode"]?.string == "api")
        #expect(flat(prod.node["accounts"]) == "[2]")
        #expect(flat(prod.node["policy"]) == "{systemMasters:[b]}")
        #expect(prod.node["authMode"]?.overrides.map(\.path) == ["environments/base.yaml"])
        #expect(!prod.isAbstract, "abstract belongs to the fragment that says it")
        #expect(prod.node["abstract"] == nil && prod.node["name"]?.string == "prod" && prod.node["extends"]?.string == "eu")
        #expect(r.environments["eu"]?.isAbstract == true)
        #expect(prod.location.path == "environments/prod.yaml")
    }

    @Test("diamond inheritance lists each ancestor once")
    func diamondAncestors() {
        let r = resolve([
            environment("root", abstract: true), environment("left", extends: "root", abstract: true),
            environment("right", extends: "root", abstract: true),
            ("environments/leaf.yaml", "kind: Environment\nname: leaf\nextends: [left, right]\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        #expect(r.environments["leaf"]?.ancestors == ["root", "left", "right"])
    }

    @Test("a cycle is one error that names the whole cycle, and none of its members resolve")
    func cycle() throws {
        let r = resolve([
            environment("a", extends: "b"), environment("b", extends: "c"), environment("c", extends: "a"), environment("d"),
        ])
        #expect(codes(r.diagnostics) == ["extends-cycle"])
        let message = try #require(r.diagnostics.first?.message)
        #expect(message.contains("a -> b -> c -> a"), "\(message)")
        #expect(r.diagnostics.first?.location.path == "environments/c.yaml")
        #expect(r.diagnostics.first?.location.line == 3)
        #expect(Set(r.environments.keys) == ["d"])
    }

    @Test("a fragment extending itself is a cycle")
    func selfCycle() {
        let r = resolve([("teams/t.yaml", "kind: Team\nname: t\nextends: [t]\n")])
        #expect(codes(r.diagnostics) == ["extends-cycle"])
        #expect(r.diagnostics.first?.message.contains("t -> t") == true)
        #expect(r.teams.isEmpty)
    }

    @Test("a team below a cycle fails without a second error")
    func belowCycle() {
        let r = resolve([
            ("teams/_templates/x.yaml", "kind: Team\nname: x\nextends: _templates/y\n"),
            ("teams/_templates/y.yaml", "kind: Team\nname: y\nextends: _templates/x\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: _templates/x\n"),
        ])
        #expect(codes(r.diagnostics) == ["extends-cycle"])
        #expect(r.teams["t"] == nil)
    }

    @Test("a missing parent is an error at the extends entry")
    func missingParent() {
        let r = resolve([environment("dev", extends: "nope")])
        #expect(codes(r.diagnostics) == ["missing-parent"])
        #expect(r.diagnostics.first?.message == "environment 'dev' extends 'nope', which does not exist")
        #expect(r.diagnostics.first?.location.line == 3)
        #expect(r.environments["dev"] == nil)
    }

    @Test("extending a template by its bare name suggests the _templates/ name")
    func templateNameHint() {
        let r = resolve([
            ("teams/_templates/svc.yaml", "kind: Team\nname: svc\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: svc\n"),
        ])
        #expect(codes(r.diagnostics) == ["missing-parent"])
        #expect(r.diagnostics.first?.message.hasSuffix("templates are named '_templates/svc'") == true)
    }

    @Test("one broken parent in a list fails the child; the siblings still resolve")
    func partialFailure() {
        let r = resolve([
            ("teams/_templates/ok.yaml", "kind: Team\nname: ok\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: [_templates/ok, _templates/gone]\n"),
            ("teams/u.yaml", "kind: Team\nname: u\nextends: _templates/ok\n"),
        ])
        #expect(codes(r.diagnostics) == ["missing-parent"])
        #expect(r.teams["t"] == nil && r.teams["u"] != nil)
    }

    @Test("two files defining one team are a duplicate definition pointing at the first")
    func duplicateDefinition() {
        let r = resolve([
            ("teams/t.yaml", "kind: Team\nname: t\n"),
            ("teams/t/team.yaml", "kind: Team\nname: t\n"),
        ])
        #expect(codes(r.diagnostics) == ["duplicate-definition"])
        #expect(r.diagnostics.first?.location.path == "teams/t/team.yaml")
        #expect(r.diagnostics.first?.notes.first?.location?.path == "teams/t.yaml")
    }
}
