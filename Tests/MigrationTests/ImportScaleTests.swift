import BuiltinPlugins
import Migration
import Testing

/// Generated dumps of a larger cluster: many teams, each with two namespaces, a custom Role and an
/// SSO role; one on-call group reaching into several teams' namespaces joins those into one team.
@Suite("import at scale")
struct ImportScaleTests {
    static func dumps(teams: Int) -> (awsAuth: String, rbac: String) {
        var rows = "    - rolearn: arn:aws:iam::111122223333:role/node\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n"
        rows += "    - rolearn: arn:aws:iam::111122223333:role/admin\n      username: admin\n      groups: [system:masters]\n"
        rows += "    - rolearn: arn:aws:iam::111122223333:role/oncall\n      username: oncall:{{SessionName}}\n      groups: [oncall]\n"
        var items = ""
        for i in 0..<teams {
            rows += "    - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_Team\(i)Dev_0a1b2c3d4e5f6a7b\n      username: team\(i):{{SessionName}}\n      groups: [team\(i)-devs]\n"
            for namespace in ["team\(i)", "team\(i)-jobs"] {
                items += "- {apiVersion: v1, kind: Namespace, metadata: {name: \(namespace)}}\n"
                items += """
                - apiVersion: rbac.authorization.k8s.io/v1
                  kind: RoleBinding
                  metadata: {name: devs, namespace: \(namespace)}
                  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: \(namespace.hasSuffix("-jobs") ? "Role" : "ClusterRole"), name: \(namespace.hasSuffix("-jobs") ? "job-runner" : "edit")}
                  subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: team\(i)-devs}]

                """
            }
            items += """
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: Role
              metadata: {name: job-runner, namespace: team\(i)-jobs}
              rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, list, create, delete]}]

            """
        }
        for i in 0..<min(3, teams) {
            items += """
            - apiVersion: rbac.authorization.k8s.io/v1
              kind: RoleBinding
              metadata: {name: oncall, namespace: team\(i)}
              roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
              subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: oncall}]

            """
        }
        let awsAuth = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n" + rows
        return (awsAuth, "apiVersion: v1\nkind: List\nitems:\n" + items)
    }

    @Test func manyTeamsImportAndProve() throws {
        let (awsAuth, rbac) = Self.dumps(teams: 30)
        let live = try LiveDumps.read(awsAuth: awsAuth, rbac: rbac, accessEntries: nil)
        let result = try Importer.run(live, cluster: "big-1", environment: "prod", existing: [], registry: BuiltinPlugins.registry)
        #expect(result.proof.holds, "\(result.report.text(proof: result.proof, written: []).suffix(3000))")
        #expect(result.proof.principals == 33)
        let teams = result.files.filter { $0.path.hasPrefix("teams/") }
        // team0..team2 share the on-call group: one team "team" holding their six namespaces; 27 more teams of their own.
        #expect(teams.count == 28, "\(teams.map(\.path))")
        let joined = try #require(teams.first { $0.text.contains("- team0-jobs\n") })
        for i in 0..<3 { #expect(joined.text.contains("- team\(i)\n") && joined.text.contains("- team\(i)-jobs\n")) }
        #expect(joined.text.contains("oncall:"))
    }
}
