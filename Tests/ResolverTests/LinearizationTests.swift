import Diagnostics
import Fragments
import Resolver
import Testing

/// One `extends` graph and the order its patches must apply in (DESIGN.md section 2: reclass
/// linearization: depth first, left to right, parents first, each fragment once).
struct Shape: Sendable, CustomTestStringConvertible {
    let name: String
    /// Parents by fragment; `leaf` is the fragment that is resolved.
    let extends: [String: [String]]
    let order: [String]
    var testDescription: String { name }

    static let leaf = "t"
    static let all = [
        Shape(name: "chain", extends: ["t": ["c"], "c": ["b"], "b": ["a"]], order: ["a", "b", "c", "t"]),
        Shape(name: "diamond through the second parent", extends: ["t": ["a", "b"], "b": ["a"]], order: ["a", "b", "t"]),
        Shape(name: "diamond through both parents", extends: ["t": ["l", "r"], "l": ["root"], "r": ["root"]], order: ["root", "l", "r", "t"]),
        Shape(name: "a parent listed again after its child", extends: ["t": ["secure", "batch"], "secure": ["batch"]], order: ["batch", "secure", "t"]),
        Shape(name: "a parent reached first through another", extends: ["t": ["y", "x"], "y": ["x"], "x": ["p"]], order: ["p", "x", "y", "t"]),
        Shape(name: "shared grandparents in opposite orders", extends: ["t": ["x", "y"], "x": ["p", "q"], "y": ["q", "p"]], order: ["p", "q", "x", "y", "t"]),
        Shape(name: "the same parent twice in one list", extends: ["t": ["a", "b", "a"]], order: ["a", "b", "t"]),
    ]

    var names: [String] { Array(Set(extends.keys).union(extends.values.joined())).sorted() }
}

@Suite("extends linearization")
struct LinearizationTests {
    static func templatePath(_ name: String) -> String {
        name == Shape.leaf ? "teams/t.yaml" : "teams/_templates/\(name).yaml"
    }

    /// Every fragment sets `namespaces: [<its name>]` on line 4, so the provenance of the resolved
    /// value lists every patch that applied, in the order they applied.
    @Test("team templates apply once each, in linear order", arguments: Shape.all)
    func teamOrder(shape: Shape) throws {
        let r = resolve(shape.names.map { name in
            let parents = (shape.extends[name] ?? []).map { "_templates/" + $0 }
            return (Self.templatePath(name), "kind: Team\nname: \(name)\nextends: [\(parents.joined(separator: ", "))]\nnamespaces: [\(name)]\n")
        })
        #expect(r.diagnostics.isEmpty)
        let namespaces = try #require(r.teams["t"]?.base["namespaces"])
        #expect(flat(namespaces) == "[t]")
        #expect(namespaces.overrides.map(\.path) == shape.order.dropLast().map(Self.templatePath))
        #expect(namespaces.overrides.allSatisfy { $0.line == 4 })
    }

    @Test("environments apply once each, in linear order, and list their ancestors in it", arguments: Shape.all)
    func environmentOrder(shape: Shape) throws {
        let r = resolve(shape.names.map { name in
            let parents = shape.extends[name] ?? []
            return ("environments/\(name).yaml", "kind: Environment\nname: \(name)\nextends: [\(parents.joined(separator: ", "))]\naccounts: ['\(name)']\n")
        })
        #expect(r.diagnostics.isEmpty)
        let leaf = try #require(r.environments["t"])
        #expect(leaf.ancestors == Array(shape.order.dropLast()))
        #expect(flat(leaf.node["accounts"]) == "[t]")
        #expect(leaf.node["accounts"]?.overrides.map(\.path) == shape.order.dropLast().map { "environments/\($0).yaml" })
    }

    /// The issue's reproduction: `b` deletes the `"*"` grant `a` made; extending `a` directly too
    /// must not bring it back.
    @Test("a template's null is kept when its parent is also extended directly", arguments: [["_templates/a", "_templates/b"], ["_templates/b"]])
    func issueReproduction(extends: [String]) throws {
        let r = resolve([
            ("teams/_templates/a.yaml", "kind: Team\nname: a\ngroups: {dev: {access: {\"*\": edit}}}\n"),
            ("teams/_templates/b.yaml", "kind: Team\nname: b\nextends: [_templates/a]\ngroups: {dev: {access: {\"*\": null}}}\n"),
            ("teams/web.yaml", """
                kind: Team
                name: web
                extends: [\(extends.joined(separator: ", "))]
                namespaces: [web, web-api]
                groups: {dev: {members: [arn:aws:iam::111122223333:role/WebDev], access: {web: view}}}

                """),
        ])
        #expect(r.diagnostics.isEmpty)
        let groups = try #require(r.teams["web"]?.base["groups"])
        #expect(flat(groups) == "{dev:{access:{web:view},members:[arn:aws:iam::111122223333:role/WebDev]}}")
        let grant = try #require(groups["dev"]?["access"]?["web"])
        #expect(grant.location.path == "teams/web.yaml" && grant.location.line == 5 && grant.overrides.isEmpty)
    }

    static let environments = [environment("prod", clusters: ["prod-1"]), environment("dev", clusters: ["dev-1"])]

    /// A diamond (t extends [a, b], b extends a) with a `null` in every fragment, in the base and
    /// in each template's inline overlay for prod.
    static let diamondWithNulls = environments + [
        ("teams/_templates/a.yaml", """
            kind: Team
            name: a
            roles: {keep: {rules: []}, drop: {rules: []}}
            groups:
              dev: {access: {"*": edit, logs: view}}
              ops: {access: {"*": view}}
            environments:
              prod: {roles: {extra: {rules: []}}, groups: {dev: {access: {logs: null}}}}

            """),
        ("teams/_templates/b.yaml", """
            kind: Team
            name: b
            extends: _templates/a
            roles: {drop: null}
            groups:
              dev: {access: {"*": null}}
            environments:
              prod: {roles: {extra: null}, groups: {ops: {access: {"*": edit}}}}

            """),
        ("teams/t.yaml", """
            kind: Team
            name: t
            extends: [_templates/a, _templates/b]
            namespaces: [web, logs]
            groups:
              ops: null
              dev: {members: [arn:aws:iam::111122223333:role/Dev], access: {web: view}}
            environments:
              prod: {groups: {ops: {access: {"*": null, web: view}}}}

            """),
    ]

    @Test("in a diamond every null applies once, at its fragment's place, in the base and in inline overlays")
    func diamondNullsAtEveryLevel() throws {
        let r = resolve(Self.diamondWithNulls)
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        #expect(flat(team.base["roles"]) == "{keep:{rules:[]}}")
        #expect(flat(team.base["groups"]) == "{dev:{access:{logs:view,web:view},members:[arn:aws:iam::111122223333:role/Dev]}}")
        #expect(team.overlays["prod"]?.map(\.location.path) == ["teams/_templates/a.yaml", "teams/_templates/b.yaml", "teams/t.yaml"],
                "each template's inline overlay once, in linear order")
        let prod = team.effective(in: try #require(r.environments["prod"]), cluster: "prod-1")
        #expect(flat(prod["roles"]) == "{keep:{rules:[]}}")
        #expect(flat(prod["groups"]) == "{dev:{access:{web:view},members:[arn:aws:iam::111122223333:role/Dev]},ops:{access:{web:view}}}")
        let dev = team.effective(in: try #require(r.environments["dev"]), cluster: "dev-1")
        #expect(flat(dev["groups"]) == flat(team.base["groups"]))
    }

    /// The issue's second shape: t extends [secure, batch] and secure extends batch, replacing its
    /// rules in the base and its grant in an inline overlay; batch must not be applied again last.
    @Test("a parent listed again after its child does not overwrite the child, in the base or in overlays")
    func repeatedParentDoesNotOverwriteChild() throws {
        let r = resolve(Self.environments + [
            ("teams/_templates/batch.yaml", """
                kind: Team
                name: batch
                roles: {runner: {rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, create, delete]}]}}
                environments:
                  prod: {groups: {ops: {access: {"*": edit}}}}

                """),
            ("teams/_templates/secure.yaml", """
                kind: Team
                name: secure
                extends: _templates/batch
                roles: {runner: {rules: [{apiGroups: [batch], resources: [jobs], verbs: [get]}]}}
                environments:
                  prod: {groups: {ops: {access: {"*": view}}}}

                """),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: [_templates/secure, _templates/batch]\nnamespaces: [jobs]\ngroups: {ops: {access: {\"*\": runner}}}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        let rules = try #require(team.base["roles"]?["runner"]?["rules"])
        #expect(flat(rules) == "[{apiGroups:[batch],resources:[jobs],verbs:[get]}]")
        #expect(rules.location.path == "teams/_templates/secure.yaml" && rules.location.line == 4)
        #expect(rules.overrides.map(\.path) == ["teams/_templates/batch.yaml"], "batch's rules once, as what secure overrode")
        #expect(team.overlays["prod"]?.map(\.location.path) == ["teams/_templates/batch.yaml", "teams/_templates/secure.yaml"])
        let prod = team.effective(in: try #require(r.environments["prod"]), cluster: "prod-1")
        let grant = try #require(prod["groups"]?["ops"]?["access"]?["*"])
        #expect(grant.string == "view" && grant.location.path == "teams/_templates/secure.yaml")
        #expect(grant.overrides.map(\.path) == ["teams/t.yaml", "teams/_templates/batch.yaml"])
    }

    @Test("an environment diamond keeps a null of the second branch and the first branch's override of the root")
    func environmentDiamond() throws {
        let r = resolve([
            ("environments/root.yaml", "kind: Environment\nname: root\nabstract: true\nauthMode: both\naccounts: ['1']\n"),
            ("environments/api.yaml", "kind: Environment\nname: api\nabstract: true\nextends: root\nauthMode: api\n"),
            ("environments/closed.yaml", "kind: Environment\nname: closed\nabstract: true\nextends: root\naccounts: null\n"),
            ("environments/prod.yaml", "kind: Environment\nname: prod\nextends: [api, closed, root]\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let prod = try #require(r.environments["prod"])
        #expect(prod.ancestors == ["root", "api", "closed"])
        #expect(prod.node["accounts"] == nil, "closed's null deletes what root set")
        #expect(prod.node["authMode"]?.string == "api", "root, listed again, does not undo api")
        #expect(prod.node["authMode"]?.overrides.map(\.path) == ["environments/root.yaml"])
    }

    @Test("a cycle reached through a diamond is still one error naming the whole cycle")
    func cycleThroughDiamond() throws {
        let r = resolve([
            ("teams/_templates/a.yaml", "kind: Team\nname: a\nextends: _templates/c\n"),
            ("teams/_templates/b.yaml", "kind: Team\nname: b\nextends: _templates/a\n"),
            ("teams/_templates/c.yaml", "kind: Team\nname: c\nextends: _templates/b\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: [_templates/a, _templates/b]\n"),
        ])
        #expect(codes(r.diagnostics) == ["extends-cycle"])
        let message = try #require(r.diagnostics.first?.message)
        #expect(message.contains("_templates/a -> _templates/c -> _templates/b -> _templates/a"), "\(message)")
        #expect(r.diagnostics.first?.location.path == "teams/_templates/b.yaml" && r.diagnostics.first?.location.line == 3)
        #expect(r.teams.isEmpty)
    }
}
