import BuiltinPlugins
import Migration
import TestSupport
import Testing

@Suite("drift: live dumps against a rendered cluster folder")
struct DriftTests {
    /// The imported fragments' compiled bundle, and the dumps of the cluster once it is applied.
    static func cutover() throws -> (rendered: [String: String], dumps: (awsAuth: String, rbac: String, accessEntries: String)) {
        let live = try LiveDumps.read(awsAuth: LiveDumpsFixture.awsAuth, rbac: LiveDumpsFixture.rbac, accessEntries: LiveDumpsFixture.accessEntries)
        let result = try Importer.run(live, cluster: "legacy-eu-1", environment: "prod", existing: [], registry: BuiltinPlugins.registry)
        #expect(result.proof.holds)
        return (result.proof.files, try CutoverDumps.make(from: result.proof.files, cluster: "legacy-eu-1"))
    }

    static func drift(_ rendered: [String: String], awsAuth: String, rbac: String, accessEntries: String) throws -> DriftReport {
        try Drift.compare(awsAuth: awsAuth, rbac: rbac, accessEntries: accessEntries, rendered: rendered, cluster: "legacy-eu-1", branch: "rendered/prod")
    }

    @Test func aClusterThatRunsWhatIsRenderedHasNoDriftAndItsManagedEntriesAreListedApart() throws {
        let (rendered, dumps) = try Self.cutover()
        let report = try Self.drift(rendered, awsAuth: dumps.awsAuth, rbac: dumps.rbac, accessEntries: dumps.accessEntries)
        #expect(report.items.map { "\($0.category) \($0.key) \($0.detail)" } == [])
        #expect(!report.hasDrift)
        #expect(report.eksManaged.count == 2, "\(report.eksManaged)")
        #expect(report.eksManaged.contains { $0.contains("eks-fargate-pods") && $0.contains("adopted") })
    }

    @Test func theOriginalDumpsDriftFromTheImportUntilTheCutover() throws {
        let (rendered, _) = try Self.cutover()
        let report = try Self.drift(rendered, awsAuth: LiveDumpsFixture.awsAuth, rbac: LiveDumpsFixture.rbac, accessEntries: LiveDumpsFixture.accessEntries)
        #expect(report.hasDrift)
        #expect(report.items.contains { $0.category == "binding" && $0.key == "RoleBinding/payments/payments-devs-edit" && $0.state == .liveOnly })
        #expect(report.items.contains { $0.category == "binding" && $0.key == "RoleBinding/payments/payments:payments-devs" && $0.state == .renderedOnly })
        // ... while every principal's access is the same (the import's proof).
        #expect(!report.items.contains { $0.category == "access" })
        #expect(report.unmanaged.contains { $0.contains("monitoring/prometheus") })
    }

    @Test(arguments: [
        ("- payments:deployers\n      rolearn: arn:aws:iam::111122223333:role/ci-deployer", "- payments:deployers\n      - ops-readers\n      rolearn: arn:aws:iam::111122223333:role/ci-deployer", "aws-auth", "arn:aws:iam::111122223333:role/ci-deployer", false),
        ("\"kubernetesGroups\":[\"billing:alice\"]", "\"kubernetesGroups\":[\"billing:alice\",\"billing:billing-admins\"]", "access entry", "arn:aws:iam::111122223333:user/alice", true),
    ])
    func oneHandMadeChangeIsDrift(_ old: String, _ new: String, _ category: String, _ key: String, _ changesAccess: Bool) throws {
        var (rendered, dumps) = try Self.cutover()
        #expect(dumps.awsAuth.contains(old) || dumps.accessEntries.contains(old), "fixture lacks \(old)")
        dumps.awsAuth = dumps.awsAuth.replacingOccurrences(of: old, with: new)
        dumps.accessEntries = dumps.accessEntries.replacingOccurrences(of: old, with: new)
        let report = try Self.drift(rendered, awsAuth: dumps.awsAuth, rbac: dumps.rbac, accessEntries: dumps.accessEntries)
        #expect(report.items.contains { $0.category == category && $0.key == key && $0.state == .different }, "\(report.render(.text))")
        // An extra group on the access entry is extra access, reported per request; on the aws-auth
        // row of a principal that has an entry it changes nothing (EKS uses the entry), but is drift.
        #expect(report.items.contains { $0.category == "access" && $0.key == key } == changesAccess)
    }

    /// Someone created a node entry for a role the repository does not list: that role can join
    /// the cluster as a node. It is drift, never "EKS-managed".
    @Test func aNodeEntryForAnUnlistedRoleIsDrift() throws {
        let (rendered, cutover) = try Self.cutover()
        var dumps = cutover
        dumps.accessEntries += #"{"accessEntry":{"accessEntryArn":"arn:aws:eks:eu-west-1:111122223333:access-entry/legacy-eu-1/x/Attacker","clusterName":"legacy-eu-1","kubernetesGroups":[],"principalArn":"arn:aws:iam::111122223333:role/Attacker","type":"EC2_LINUX","username":"system:node:{{EC2PrivateDNSName}}"}}"# + "\n"
        let report = try Self.drift(rendered, awsAuth: dumps.awsAuth, rbac: dumps.rbac, accessEntries: dumps.accessEntries)
        #expect(report.hasDrift)
        #expect(report.items.contains { $0.category == "access entry" && $0.key == "arn:aws:iam::111122223333:role/Attacker" && $0.state == .liveOnly }, "\(report.render(.text))")
        #expect(!report.eksManaged.contains { $0.contains("Attacker") })
    }

    @Test func aHandMadeBindingIsLiveOnlyDriftInEveryFormat() throws {
        let (rendered, dumps) = try Self.cutover()
        let rbac = dumps.rbac + """
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: hotfix, namespace: billing}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "payments:deployers"}

        """
        let report = try Self.drift(rendered, awsAuth: dumps.awsAuth, rbac: rbac, accessEntries: dumps.accessEntries)
        #expect(report.items.filter { $0.category != "access" }.map { "\($0.category) \($0.key) \($0.state.rawValue)" } == ["binding RoleBinding/billing/hotfix live, not rendered"])
        #expect(report.render(.markdown).contains("| binding | <code>RoleBinding/billing/hotfix</code> | live, not rendered |"))
        #expect(report.render(.json).contains("\"drift\": true"))
        #expect(report.render(.text).contains("binding RoleBinding/billing/hotfix: live, not rendered"))
    }
}
