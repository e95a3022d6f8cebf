import Model
import ModelBuilding
import Testing

/// Where the `"*"` and the explicit `web-api` grant of one `access` map are written: which file
/// holds each, and so which key comes first in the merged map.
struct WildcardLayout: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let template: String?
    let team: String
    /// The file holding the explicit grant, where its binding must point.
    let explicitIn: String

    static let all = [
        WildcardLayout(testDescription: "\"*\" first in one file", template: nil, team: #"{"*": edit, web-api: view}"#, explicitIn: "teams/web.yaml"),
        WildcardLayout(testDescription: "\"*\" last in one file", template: nil, team: #"{web-api: view, "*": edit}"#, explicitIn: "teams/web.yaml"),
        WildcardLayout(testDescription: "explicit in the template, \"*\" in the team", template: "{web-api: view}", team: #"{"*": edit}"#, explicitIn: "teams/_templates/svc.yaml"),
        WildcardLayout(testDescription: "\"*\" in the template, explicit in the team", template: #"{"*": edit}"#, team: "{web-api: view}", explicitIn: "teams/web.yaml"),
    ]
}

@Suite("ClusterAccessBuilder: \"*\" and explicit namespaces")
struct WildcardPrecedenceTests {
    @Test("an explicit namespace beats \"*\" whatever the key order or the file each is in", arguments: WildcardLayout.all)
    func explicitBeatsWildcard(layout: WildcardLayout) throws {
        var files = [prodEnvironment(), ("teams/web.yaml", """
            kind: Team
            name: web
            \(layout.template == nil ? "" : "extends: _templates/svc")
            namespaces: [web, web-api, web-batch]
            groups: {dev: {access: \(layout.team)}}

            """)]
        if let template = layout.template {
            files.append(("teams/_templates/svc.yaml", "kind: Team\nname: svc\ngroups: {dev: {access: \(template)}}\n"))
        }
        let bindings = try build(files, environment: "prod", cluster: "c1").access.roleBindings.filter { $0.name == "web:dev" }
        #expect(bindings.map { "\($0.namespace)=\($0.roleRef.name)" } == ["web=edit", "web-api=view", "web-batch=edit"])
        #expect(bindings.first { $0.namespace == "web-api" }?.location.path == layout.explicitIn)
    }
}
