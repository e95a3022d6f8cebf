import Authorization
import BuiltinPlugins
import Foundation
import Migration
import Model
import TestSupport
import Testing

@Suite("import: dumps to fragments, proven")
struct ImportTests {
    static func live() throws -> LiveCluster {
        try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: LiveDumpsFixture.rbac, accessEntries: LiveDumpsFixture.accessEntries)
    }

    static func run(_ live: LiveCluster, existing: [(path: String, text: String)] = []) throws -> Importer.Result {
        try Importer.run(live, cluster: "legacy-eu-1", environment: "prod", existing: existing, registry: BuiltinPlugins.registry)
    }

    @Test func theDumpsAreReadAsTheAuthenticatorAndEKSReadThem() throws {
        let live = try Self.live()
        #expect(live.mapRoles.count == 9)
        // Entry keys are case-insensitive (RoleARN, Username, Groups).
        #expect(live.mapRoles.contains { $0.arn == "arn:aws:iam::111122223333:role/cluster-admin-role" && $0.username == "admin" && $0.groups == ["system:masters"] })
        #expect(live.mapUsers.map(\.arn) == ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob"])
        #expect(live.accessEntries.count == 4)
        #expect(live.accessEntries.first?.policies.first?.policyName == "AmazonEKSClusterAdminPolicy")
        #expect(live.regionAndAccount?.region == "eu-west-1")
        #expect(live.namespaces.contains("payments-batch"))
        #expect(live.bindings.contains { $0.subjects.contains { $0.kind == "ServiceAccount" } })
    }

    @Test func importProvesEqualAccessForEveryPrincipal() throws {
        let result = try Self.run(try Self.live())
        let text = result.report.text(proof: result.proof, written: result.files.map(\.path))
        #expect(result.proof.diagnostics.filter { $0.severity == .error }.isEmpty, "\(text)")
        #expect(result.proof.differences.isEmpty, "\(text)")
        #expect(result.proof.holds)
        // Every principal of the dumps took part: 13 principals (nodes included; an entry and an aws-auth row of one role are one).
        #expect(result.proof.principals == 13)
        #expect(result.proof.requests > 500)
    }

    @Test func theEnvironmentHoldsNodesPlatformGroupsAndABreakGlassProposal() throws {
        let result = try Self.run(try Self.live())
        let environment = try #require(result.files.first { $0.path == "environments/prod.yaml" }?.text)
        #expect(environment.contains("authMode: both"))
        #expect(environment.contains("region: eu-west-1"))
        #expect(environment.contains("windowsNodeRoles:\n    - arn:aws:iam::111122223333:role/eks-windows-node"), "\(environment)")
        #expect(environment.contains("eksManagedNodeRoles:\n    - arn:aws:iam::111122223333:role/eks-mng-node\n    - arn:aws:iam::111122223333:role/eks-fargate-pods"), "\(environment)")
        #expect(environment.contains("systemMasters: true"))
        // SSO role paths are kept as the access entry writes them.
        #expect(environment.contains("role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b"))
        #expect(environment.contains("namespace-lister:"))
        #expect(environment.contains("breakGlass:"))
        #expect(result.report.unrepresentable.contains { $0.contains("ServiceAccount monitoring/prometheus") })
        #expect(result.report.unrepresentable.contains { $0.contains("user 'ghost'") })
    }

    @Test func namespacesBoundToTheSameGroupsBecomeOneTeam() throws {
        let result = try Self.run(try Self.live())
        let paths = result.files.map(\.path)
        #expect(paths.contains("teams/payments.yaml"))
        #expect(paths.contains("teams/billing.yaml"))
        #expect(paths.contains("teams/search.yaml"))
        let payments = try #require(result.files.first { $0.path == "teams/payments.yaml" }?.text)
        #expect(payments.contains("namespaces:\n- payments\n- payments-batch"), "\(payments)")
        #expect(payments.contains("batch-runner:"))
        #expect(payments.contains("placement:\n  clusters:\n  - legacy-eu-1"))
        // A username equal to rolecall's default is left out; a custom one kept.
        #expect(!payments.contains("username: arn:aws:sts"))
        #expect(payments.contains("username: payments-dev:{{SessionName}}") || payments.contains("username: \"payments-dev:{{SessionName}}\""))
        let renames = result.report.identities.flatMap(\.changes)
        #expect(renames.contains("groups [payments-devs] → [payments:payments-devs]"))
    }

    /// The proof must be able to fail: the same dumps with a grant the fragments cannot carry.
    @Test func anUnrepresentableGrantMakesTheProofFail() throws {
        let rbac = LiveDumpsFixture.rbac + """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: devs-view, namespace: payments}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: batch-runner}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: payments-devs}

        """
        // (A Role of another namespace: the binding grants nothing, so the proof still holds.)
        let live = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: rbac, accessEntries: LiveDumpsFixture.accessEntries)
        #expect(try Self.run(live).proof.differences.isEmpty)

        let twoRoles = LiveDumpsFixture.rbac + """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata: {name: secret-reader, namespace: payments}
          rules:
          - apiGroups: [""]
            resources: [secrets]
            verbs: [get]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: billing-admins-payments, namespace: payments}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}

        """
        let changed = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: twoRoles, accessEntries: LiveDumpsFixture.accessEntries)
        let result = try Self.run(changed)
        #expect(result.report.unrepresentable.contains { $0.contains("2 bindings in namespace payments") })
        // deployers kept edit (which reads secrets), so the proof may still hold; a cluster-wide
        // grant to a team group's principal must not.
        let clusterWide = LiveDumpsFixture.rbac + """
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ci-nodes}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:node}
          subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}

        """
        let failing = try Self.run(try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: clusterWide, accessEntries: LiveDumpsFixture.accessEntries))
        #expect(!failing.proof.holds)
        #expect(failing.proof.differences.contains { $0.arn == "arn:aws:iam::111122223333:role/ci-deployer" && $0.request == "get pods -n payments" && $0.after == "no" })
    }

    @Test func aConfigMapOnlyClusterImportsAsConfigmapAndStillProves() throws {
        let live = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: LiveDumpsFixture.rbac, accessEntries: nil)
        let result = try Self.run(live)
        let environment = try #require(result.files.first?.text)
        #expect(environment.contains("authMode: configmap"))
        // Without entries nothing says a node group is managed, except Fargate, which always is.
        #expect(environment.contains("eksManagedNodeRoles:\n    - arn:aws:iam::111122223333:role/eks-fargate-pods\n"), "\(environment)")
        #expect(result.report.choices.contains { $0.contains("eks-mng-node") && $0.contains("if it belongs to a managed node group") })
        #expect(result.proof.holds, "\(result.report.text(proof: result.proof, written: []))")
    }

    @Test func anAPIOnlyClusterKeepsItsEntriesAndPoliciesAsTheyAre() throws {
        let live = try LiveDumps.read(awsAuth: nil, rbac: LiveDumpsFixture.rbac, accessEntries: LiveDumpsFixture.accessEntries)
        let result = try Self.run(live)
        let environment = try #require(result.files.first?.text)
        #expect(environment.contains("authMode: api"))
        #expect(environment.contains("- policy: AmazonEKSClusterAdminPolicy\n      scope: cluster"), "\(environment)")
        let search = try #require(result.files.first { $0.path == "teams/search.yaml" }?.text)
        #expect(search.contains("- policy: AmazonEKSViewPolicy\n      namespaces:\n      - search"), "\(search)")
        #expect(result.proof.holds, "\(result.report.text(proof: result.proof, written: []))")
        // The entries compiled back are the entries imported: same principals, same policies.
        let rendered = try #require(result.proof.files["access-entries.json"])
        #expect(rendered.contains("\"principalArn\": \"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c\""))
    }

    @Test func concatenatedAndArrayDumpsReadTheSame() throws {
        let concatenated = try LiveDumps.read(awsAuth: nil, rbac: nil, accessEntries: LiveDumpsFixture.accessEntries)
        let documents = LiveDumpsFixture.accessEntries.replacingOccurrences(of: "}\n{", with: "},\n{")
        let array = try LiveDumps.read(awsAuth: nil, rbac: nil, accessEntries: "[" + documents + "]")
        #expect(concatenated.accessEntries.map(\.principalArn) == array.accessEntries.map(\.principalArn))
        #expect(concatenated.accessEntries.map { $0.policies.count } == array.accessEntries.map { $0.policies.count })
        #expect(throws: LiveDumps.Failure.self) { try LiveDumps.read(awsAuth: nil, rbac: nil, accessEntries: "{\"accessEntry\": ") }
        #expect(throws: LiveDumps.Failure.self) { try LiveDumps.read(awsAuth: "kind: Secret\n", rbac: nil, accessEntries: nil) }
        let broken = LiveDumpsFixture.awsAuth.replacingOccurrences(of: "    - rolearn: arn:aws:iam::111122223333:role/ci-deployer", with: "    - rolearn: [arn:aws:iam::111122223333:role/ci-deployer")
        #expect(broken != LiveDumpsFixture.awsAuth)
        #expect(throws: LiveDumps.Failure.self) { try LiveDumps.read(awsAuth: broken, rbac: nil, accessEntries: nil) }
    }

    @Test func importMergesIntoAnExistingEnvironment() throws {
        let existing = """
        kind: Environment
        name: prod
        authMode: both
        clusters:
          prod-us-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/us-node]
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/us-admin]
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/us-admin]

        """
        let result = try Self.run(try Self.live(), existing: [(path: "environments/prod.yaml", text: existing)])
        let environment = try #require(result.files.first { $0.path == "environments/prod.yaml" }?.text)
        #expect(environment.contains("prod-us-1:"))
        #expect(environment.contains("legacy-eu-1:"))
        #expect(environment.contains("role/us-admin"))
        #expect(result.report.choices.contains { $0.contains("rewritten with cluster 'legacy-eu-1'") })
        // The proof compiles the whole environment; the imported cluster gets the existing platform group too.
        #expect(result.proof.differences.contains { $0.arn == "arn:aws:iam::111122223333:role/us-admin" && $0.request == "authenticate" })
    }

    /// aws-iam-authenticator never matches a `rolearn` with a path (FACTS.md): such a row grants
    /// nothing today. The import strips the path, so the role authenticates afterwards, here as
    /// system:masters; the proof must say so and fail, not claim equal access.
    @Test func anAWSAuthRowWithARolePathAuthenticatesNobodyBeforeTheImport() throws {
        let awsAuth = LiveDumpsFixture.awsAuth(mapRoles: LiveDumpsFixture.nodeAndAdminRows + """
            - rolearn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_0a1b2c3d4e5f6a7b
              username: ops
              groups: [system:masters]

        """)
        let live = try LiveDumps.read(awsAuth: awsAuth, rbac: nil, accessEntries: nil)
        let result = try Self.run(live)
        let text = result.report.text(proof: result.proof, written: [])
        #expect(!result.proof.holds, "\(text)")
        #expect(result.proof.differences.contains { $0.arn.hasSuffix("AWSReservedSSO_Ops_0a1b2c3d4e5f6a7b") && $0.request == "authenticate" && $0.before == "no" && $0.after == "yes" }, "\(text)")
        // Nor is it proposed as break-glass: it reaches no cluster-admin today.
        let proposal = try #require(result.report.choices.first { $0.hasPrefix("policy.breakGlass proposed") })
        #expect(!proposal.contains("AWSReservedSSO_Ops"), "\(proposal)")
    }

    /// A RoleBinding to a custom ClusterRole makes that role one every team may bind: the import
    /// says so as a decision, and names the verbs that let a holder grant itself more.
    @Test func aCustomClusterRoleBoundInANamespaceWidensTeamPolicyAndTheReportSaysSo() throws {
        let awsAuth = LiveDumpsFixture.awsAuth(mapRoles: LiveDumpsFixture.nodeAndAdminRows + """
            - rolearn: arn:aws:iam::111122223333:role/Deployer
              username: deployer
              groups: [deployers]

        """)
        let rbac = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Namespace
          metadata: {name: payments}
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRole
          metadata: {name: rbac-manager}
          rules:
          - apiGroups: [rbac.authorization.k8s.io]
            resources: [roles, rolebindings]
            verbs: [get, list, escalate, bind]
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: deployers, namespace: payments}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-manager}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}]

        """
        let result = try Self.run(try LiveDumps.read(awsAuth: awsAuth, rbac: rbac, accessEntries: nil))
        let text = result.report.text(proof: result.proof, written: [])
        #expect(result.report.unrepresentable.contains { $0.contains("ClusterRole rbac-manager") && $0.contains("policy.teamClusterRoles") && $0.contains("'escalate', 'bind'") }, "\(text)")
    }

    /// aws-iam-authenticator renders `{{SessionName}}` in usernames and groups (FACTS.md): a
    /// binding to User `ops:bob` is cluster-admin for whoever assumes role/Ops as session `bob`,
    /// and one to Group `team-alice` is `view` for role/Picker as `alice`. The import leaves both
    /// bindings out; the proof must show the access those sessions lose, not "equal".
    @Test func bindingsToUsersAndGroupsASessionNameRendersAreAccessOfThatPrincipal() throws {
        let awsAuth = LiveDumpsFixture.awsAuth(mapRoles: LiveDumpsFixture.nodeAndAdminRows + """
            - rolearn: arn:aws:iam::111122223333:role/Ops
              username: "ops:{{SessionName}}"
              groups: [ops]

        """)
        let rbac = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: bob}
          roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
          subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "ops:bob"}]

        """
        let result = try Self.run(try LiveDumps.read(awsAuth: awsAuth, rbac: rbac, accessEntries: nil))
        let text = result.report.text(proof: result.proof, written: [])
        #expect(!result.proof.holds, "\(text)")
        #expect(result.proof.differences.contains { $0.arn == "arn:aws:iam::111122223333:role/Ops" && $0.request.hasPrefix("delete nodes") && $0.before != "no" && $0.after == "no" }, "\(text)")
        // And the report says whose binding it is, not that no principal maps to it.
        #expect(result.report.unrepresentable.contains { $0.contains("binds user 'ops:bob', which arn:aws:iam::111122223333:role/Ops") }, "\(text)")
    }
}
