import Diagnostics
import Fragments
import Resolver
import Testing

@Suite("overlays")
struct OverlayTests {
    static let environments = [
        environment("base", abstract: true),
        environment("prod", extends: "base", clusters: ["prod-1", "prod-2"]),
        environment("dev", clusters: ["dev-1"]),
    ]

    @Test("effective applies templates, team, env ancestors root first, env, then cluster")
    func applicationOrder() throws {
        let r = resolve(Self.environments + [
            ("teams/_templates/svc.yaml", "kind: Team\nname: svc\nnamespaces: [template]\n"),
            ("teams/t.yaml", """
                kind: Team
                name: t
                extends: _templates/svc
                namespaces: [team]
                environments:
                  base: {namespaces: [base]}

                """),
            ("teams/t/prod.yaml", "kind: Overlay\nname: prod\nnamespaces: [prod]\n"),
            ("teams/t/prod-1.yaml", "kind: Overlay\nname: prod-1\nnamespaces: [prod-1]\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        let prod = try #require(r.environments["prod"])
        let inCluster = team.effective(in: prod, cluster: "prod-1")
        #expect(flat(inCluster["namespaces"]) == "[prod-1]")
        #expect(inCluster["namespaces"]?.overrides.map(\.path) == [
            "teams/_templates/svc.yaml", "teams/t.yaml", "teams/t.yaml", "teams/t/prod.yaml",
        ])
        #expect(inCluster["namespaces"]?.overrides.map(\.line) == [3, 4, 6, 3])
        #expect(flat(team.effective(in: prod, cluster: "prod-2")["namespaces"]) == "[prod]")
        #expect(flat(team.effective(in: try #require(r.environments["dev"]), cluster: "dev-1")["namespaces"]) == "[team]")
        #expect(team.base["environments"] == nil && team.base["clusters"] == nil)
    }

    @Test("a template's inline overlay and the team's overlay both apply, the template's first")
    func templateOverlayThenTeamOverlay() throws {
        let r = resolve(Self.environments + [
            ("teams/_templates/svc.yaml", """
                kind: Team
                name: svc
                environments:
                  prod:
                    groups: {dev: {access: {"*": view, logs: view}}}

                """),
            ("teams/t.yaml", """
                kind: Team
                name: t
                extends: _templates/svc
                namespaces: [a, logs]
                groups: {dev: {access: {"*": edit}}}
                environments:
                  prod:
                    groups: {dev: {access: {"*": admin}}}

                """),
        ])
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        #expect(team.overlays["prod"]?.count == 2)
        let effective = team.effective(in: try #require(r.environments["prod"]), cluster: "prod-1")
        #expect(flat(effective["groups"]) == "{dev:{access:{*:admin,logs:view}}}")
    }

    @Test("a template overlay and a team overlay file for one target are not a conflict")
    func templateOverlayAndFile() throws {
        let r = resolve(Self.environments + [
            ("teams/_templates/svc.yaml", "kind: Team\nname: svc\nclusters:\n  prod-1: {namespaces: [from-template]}\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: _templates/svc\n"),
            ("teams/t/prod-1.yaml", "kind: Overlay\nname: prod-1\nroles: {r: {rules: []}}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let effective = try #require(r.teams["t"]).effective(in: try #require(r.environments["prod"]), cluster: "prod-1")
        #expect(flat(effective["namespaces"]) == "[from-template]")
        #expect(flat(effective["roles"]) == "{r:{rules:[]}}")
        #expect(effective["kind"]?.string == "Team", "an overlay file's kind and name are not merged")
    }

    @Test("a team's inline overlay and its overlay file for the same target is an error")
    func inlineAndFileConflict() throws {
        let r = resolve(Self.environments + [
            ("teams/t/team.yaml", "kind: Team\nname: t\nenvironments:\n  prod: {namespaces: [inline]}\n"),
            ("teams/t/prod.yaml", "kind: Overlay\nname: prod\nnamespaces: [file]\n"),
        ])
        #expect(codes(r.diagnostics) == ["duplicate-overlay"])
        let d = try #require(r.diagnostics.first)
        #expect(d.location.path == "teams/t/prod.yaml")
        #expect(d.notes.first?.location?.path == "teams/t/team.yaml")
        #expect(d.notes.first?.location?.line == 4)
        #expect(r.teams["t"]?.overlays["prod"]?.count == 1)
    }

    @Test("the same target under environments: and clusters: of one team is an error too")
    func inlineTwiceConflict() {
        let r = resolve([
            environment("x", clusters: ["x"]),
            ("teams/t.yaml", "kind: Team\nname: t\nenvironments: {x: {namespaces: [a]}}\nclusters: {x: {namespaces: [b]}}\n"),
        ])
        #expect(codes(r.diagnostics) == ["duplicate-overlay"])
    }

    @Test("inline overlays must name a known environment or cluster under the right key", arguments: [
        ("environments:\n  staging: {namespaces: [a]}\n", "overlay for unknown environment 'staging' in team 't'", "known: base, dev, prod"),
        ("clusters:\n  prod-9: {namespaces: [a]}\n", "overlay for unknown cluster 'prod-9' in team 't'", "known: dev-1, prod-1, prod-2"),
        ("environments:\n  prod-1: {namespaces: [a]}\n", "overlay for unknown environment 'prod-1' in team 't'", "known: base, dev, prod"),
        ("clusters:\n  prod: {namespaces: [a]}\n", "overlay for unknown cluster 'prod' in team 't'", "known: dev-1, prod-1, prod-2"),
    ])
    func unknownInlineTarget(yaml: String, message: String, note: String) throws {
        let r = resolve(Self.environments + [("teams/t.yaml", "kind: Team\nname: t\n" + yaml)])
        #expect(codes(r.diagnostics) == ["unknown-overlay-target"])
        let d = try #require(r.diagnostics.first)
        #expect(d.message == message)
        #expect(d.notes.map(\.message) == [note])
        #expect(d.location.path == "teams/t.yaml" && d.location.line == 4)
        #expect(r.teams["t"]?.overlays.isEmpty == true)
    }

    @Test("an overlay file named after neither an environment nor a cluster is an error")
    func unknownFileTarget() throws {
        let r = resolve(Self.environments + [
            ("teams/t.yaml", "kind: Team\nname: t\n"),
            ("teams/t/staging.yaml", "kind: Overlay\nname: staging\n"),
        ])
        #expect(codes(r.diagnostics) == ["unknown-overlay-target"])
        #expect(r.diagnostics.first?.message.contains("'staging', which is neither an environment nor a cluster") == true)
        #expect(r.diagnostics.first?.location.path == "teams/t/staging.yaml")
    }

    @Test("an overlay whose team does not exist is an error at the overlay")
    func overlayWithoutTeam() {
        let r = resolve(Self.environments + [("teams/ghost/prod.yaml", "kind: Overlay\nname: prod\n")])
        #expect(codes(r.diagnostics) == ["overlay-without-team"])
        #expect(r.diagnostics.first?.message.contains("team 'ghost'") == true)
        #expect(r.diagnostics.first?.location.path == "teams/ghost/prod.yaml")
        #expect(r.teams.isEmpty)
    }

    @Test("an overlay null deletes what the team set, for that target only")
    func overlayNullDeletes() throws {
        let r = resolve(Self.environments + [
            ("teams/t.yaml", "kind: Team\nname: t\ngroups: {dev: {access: {a: edit}}, oncall: {access: {a: view}}}\nclusters:\n  prod-2: {groups: {oncall: null}}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        let prod = try #require(r.environments["prod"])
        #expect(flat(team.effective(in: prod, cluster: "prod-2")["groups"]) == "{dev:{access:{a:edit}}}")
        #expect(flat(team.effective(in: prod, cluster: "prod-1")["groups"]) == "{dev:{access:{a:edit}},oncall:{access:{a:view}}}")
    }

    @Test("an inline overlay in a template is applied before the child's own inline overlay with its nulls intact")
    func inlineNullsAreNotMergedEarly() throws {
        // Merging the inline overlays into the base would drop `oncall: null` before it could delete.
        let r = resolve(Self.environments + [
            ("teams/_templates/svc.yaml", "kind: Team\nname: svc\nenvironments:\n  prod: {groups: {oncall: null}}\n"),
            ("teams/t.yaml", "kind: Team\nname: t\nextends: _templates/svc\ngroups: {oncall: {access: {a: view}}}\n"),
        ])
        #expect(r.diagnostics.isEmpty)
        let team = try #require(r.teams["t"])
        #expect(flat(team.effective(in: try #require(r.environments["prod"]), cluster: "prod-1")["groups"]) == "{}")
        #expect(flat(team.effective(in: try #require(r.environments["dev"]), cluster: "dev-1")["groups"]) == "{oncall:{access:{a:view}}}")
    }
}
