import Authorization
import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import Model
import Testing

/// `accessPolicies:` on platform and team groups, from the fragment line to the emitted access
/// entries (read back as EKS reads them) and the guard findings that keep teams in their namespaces.
@Suite("Access policies in fragments")
struct AccessPolicyTests {
    static let environment = """
    kind: Environment
    name: dev
    authMode: api
    clusters:
      c1:
        account: "111122223333"
        nodeRoles: [arn:aws:iam::111122223333:role/node]
    groups:
      admins:
        members: [arn:aws:iam::111122223333:role/admin]
        accessPolicies: [{policy: AmazonEKSClusterAdminPolicy, scope: cluster}]
      readers:
        members: [arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Read_0a1b2c3d4e5f6a7b]
        accessPolicies:
          - {policy: AmazonEKSViewPolicy, scope: cluster}
          - {policy: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", namespaces: [app, "batch-*"]}
    policy:
      breakGlass: [arn:aws:iam::111122223333:role/admin]

    """

    static let team = """
    kind: Team
    name: app
    namespaces: [app, app-jobs]
    groups:
      dev:
        members: [arn:aws:iam::111122223333:role/AppDev]
        accessPolicies: [AmazonEKSEditPolicy]
      ops:
        members: [arn:aws:iam::111122223333:role/AppOps]
        accessPolicies: [{policy: AmazonEKSAdminPolicy, namespaces: [app-jobs]}]

    """

    static let other = """
    kind: Team
    name: billing
    namespaces: [billing]
    groups:
      dev:
        members: [arn:aws:iam::111122223333:role/BillingDev]
        access: {billing: view}

    """

    static func compile(environment: String = environment, team: String = team) throws -> (access: ClusterAccess, files: [String: String], diagnostics: [Diagnostic]) {
        let compiled = try GuardFixture.accesses(environment: environment, teams: ["app": team, "billing": other])[0]
        return (compiled.access, Dictionary(uniqueKeysWithValues: compiled.files.map { ($0.path, $0.contents) }), compiled.diagnostics)
    }

    static func codes(environment: String = environment, team: String = team) throws -> [String] {
        try compile(environment: environment, team: team).diagnostics.map { "\($0.code) \($0.location.line):\($0.location.column)" }.sorted()
    }

    @Test func platformAndTeamPoliciesCompileCleanAndAreEmittedWithTheirScopes() throws {
        let (_, files, diagnostics) = try Self.compile()
        #expect(diagnostics.map(\.code) == [])
        let api = try #require(files["access-entries.json"]), tf = try #require(files["access-entries.tf.json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(api.utf8)) as? [String: Any])
        let entries = Dictionary(uniqueKeysWithValues: (json["accessEntries"] as? [[String: Any]] ?? []).map { ($0["principalArn"] as? String ?? "", $0) })
        func scopes(_ arn: String) -> [String] {
            (entries[arn]?["accessPolicies"] as? [[String: Any]] ?? []).map { policy in
                let scope = policy["accessScope"] as? [String: Any] ?? [:]
                let names = (scope["namespaces"] as? [String])?.joined(separator: ",") ?? ""
                return "\(AccessPolicyGrant.name(of: policy["policyArn"] as? String ?? "")) \(scope["type"] as? String ?? "") \(names)"
            }
        }
        #expect(scopes("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Read_0a1b2c3d4e5f6a7b")
            == ["AmazonEKSEditPolicy namespace app,batch-*", "AmazonEKSViewPolicy cluster "])
        // A team grant without namespaces is every namespace the team owns.
        #expect(scopes("arn:aws:iam::111122223333:role/AppDev") == ["AmazonEKSEditPolicy namespace app,app-jobs"])
        #expect(scopes("arn:aws:iam::111122223333:role/AppOps") == ["AmazonEKSAdminPolicy namespace app-jobs"])
        #expect(scopes("arn:aws:iam::111122223333:role/node") == [])

        let terraform = try #require(try JSONSerialization.jsonObject(with: Data(tf.utf8)) as? [String: Any])
        let associations = ((terraform["resource"] as? [String: Any])?["aws_eks_access_policy_association"] as? [String: [String: Any]]) ?? [:]
        let byPrincipal = associations.values.map { "\($0["principal_arn"] as? String ?? "") \(AccessPolicyGrant.name(of: $0["policy_arn"] as? String ?? "")) \((($0["access_scope"] as? [String: Any])?["namespaces"] as? [String])?.joined(separator: ",") ?? "cluster")" }.sorted()
        #expect(byPrincipal == [
            "arn:aws:iam::111122223333:role/AppDev AmazonEKSEditPolicy app,app-jobs",
            "arn:aws:iam::111122223333:role/AppOps AmazonEKSAdminPolicy app-jobs",
            "arn:aws:iam::111122223333:role/admin AmazonEKSClusterAdminPolicy cluster",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Read_0a1b2c3d4e5f6a7b AmazonEKSEditPolicy app,batch-*",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Read_0a1b2c3d4e5f6a7b AmazonEKSViewPolicy cluster",
        ])
        for association in associations.values {
            let dependsOn = association["depends_on"] as? [String] ?? []
            #expect(dependsOn.count == 1 && dependsOn[0].hasPrefix("aws_eks_access_entry."))
        }
    }

    /// Read back from the emitted files as EKS authorizes them, not from the model.
    @Test func theEmittedBundleGrantsWhatThePoliciesSayAndNoMore() throws {
        let (_, files, _) = try Self.compile()
        let bundle = try BundleReader.read(files, release: .default)
        func allowed(_ arn: String, _ verb: String, _ resource: String, group: String = "", in namespace: String = "") -> Bool {
            guard let caller = CallerIdentity(arn), let principal = bundle.principal(matching: caller) else { return false }
            return !bundle.grants(for: principal, AuthorizationRequest(verb: verb, apiGroup: group, resource: resource, namespace: namespace)).isEmpty
        }
        let dev = "arn:aws:iam::111122223333:role/AppDev", ops = "arn:aws:iam::111122223333:role/AppOps"
        let reader = "arn:aws:iam::111122223333:role/AWSReservedSSO_Read_0a1b2c3d4e5f6a7b"
        #expect(allowed(dev, "create", "deployments", group: "apps", in: "app"))
        #expect(allowed(dev, "create", "deployments", group: "apps", in: "app-jobs"))
        #expect(!allowed(dev, "create", "deployments", group: "apps", in: "billing"))
        #expect(!allowed(dev, "list", "nodes"))
        #expect(allowed(ops, "create", "rolebindings", group: "rbac.authorization.k8s.io", in: "app-jobs"))
        #expect(!allowed(ops, "create", "rolebindings", group: "rbac.authorization.k8s.io", in: "app"))
        #expect(allowed(reader, "list", "pods", in: "billing"))
        #expect(!allowed(reader, "create", "pods", in: "billing"))
        #expect(allowed(reader, "create", "jobs", group: "batch", in: "batch-nightly"))
        #expect(allowed("arn:aws:iam::111122223333:role/admin", "delete", "nodes"))
    }

    @Test func breakGlassThroughTheClusterAdminPolicyPassesTheLockoutProof() throws {
        #expect(try Self.codes().filter { $0.hasPrefix("lockout") || $0.hasPrefix("break-glass") } == [])
        // Namespace scope is not cluster-admin.
        let scoped = Self.environment.replacingOccurrences(of: "[{policy: AmazonEKSClusterAdminPolicy, scope: cluster}]", with: "[{policy: AmazonEKSClusterAdminPolicy, namespaces: [app]}]")
        #expect(try Self.codes(environment: scoped).contains { $0.hasPrefix("lockout ") })
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var code: String
        var old: String
        var new: String
        var inEnvironment = false
        var testDescription: String { "\(code): \(new)" }
    }

    static let cases: [Case] = [
        .init(code: "team-access-policy-cluster-scope", old: "[AmazonEKSEditPolicy]", new: "[{policy: AmazonEKSViewPolicy, scope: cluster}]"),
        .init(code: "access-policy-outside-namespaces", old: "namespaces: [app-jobs]}", new: "namespaces: [billing]}"),
        .init(code: "access-policy-outside-namespaces", old: "namespaces: [app-jobs]}", new: "namespaces: [\"app-*\"]}"),
        .init(code: "access-policy-not-allowed", old: "[AmazonEKSEditPolicy]", new: "[AmazonEKSClusterAdminPolicy]"),
        .init(code: "access-policy-not-allowed", old: "[AmazonEKSEditPolicy]", new: "[AmazonEKSSecretReaderPolicy]"),
        .init(code: "duplicate-access-policy", old: "[AmazonEKSEditPolicy]", new: "[AmazonEKSEditPolicy, {policy: AmazonEKSEditPolicy, namespaces: [app]}]"),
        .init(code: "invalid-access-policy", old: "[AmazonEKSEditPolicy]", new: "[\"arn:aws:iam::aws:policy/AmazonEKSEditPolicy\"]"),
        // One policy spelled as two ARNs is still one policy per entry: EKS takes it once, and the
        // Terraform associations are named after the policy name, so both would share one resource name.
        .init(code: "duplicate-access-policy", old: "[AmazonEKSEditPolicy]", new: "[AmazonEKSEditPolicy, {policy: \"arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy\", namespaces: [app]}]"),
        .init(code: "duplicate-access-policy", old: "[{policy: AmazonEKSClusterAdminPolicy, scope: cluster}]", new: "[{policy: AmazonEKSClusterAdminPolicy, scope: cluster}, {policy: \"arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy\", namespaces: [app]}]", inEnvironment: true),
        // No partition, or one AWS does not have, is no policy ARN.
        .init(code: "invalid-access-policy", old: "[AmazonEKSEditPolicy]", new: "[\"arn::eks::aws:cluster-access-policy/AmazonEKSEditPolicy\"]"),
        .init(code: "invalid-access-policy", old: "[AmazonEKSEditPolicy]", new: "[\"arn:evil:eks::aws:cluster-access-policy/AmazonEKSEditPolicy\"]"),
        .init(code: "unknown-access-policy", old: "AmazonEKSViewPolicy, scope: cluster", new: "AmazonEKSViewerPolicy, scope: cluster", inEnvironment: true),
        .init(code: "access-policy-needs-access-entries", old: "authMode: api", new: "authMode: configmap", inEnvironment: true),
        .init(code: "access-policy-needs-access-entries", old: "authMode: api", new: "authMode: both\nplugins: [aws-auth, rbac, kustomize]", inEnvironment: true),
        .init(code: "duplicate-access-policy", old: "members: [arn:aws:iam::111122223333:role/admin]", new: "members: [arn:aws:iam::111122223333:role/admin]\n    systemMasters: true", inEnvironment: true),
        .init(code: "invalid-name", old: "[app, \"batch-*\"]", new: "[app, \"Batch_*\"]", inEnvironment: true),
    ]

    @Test(arguments: cases) func eachMistakeRaisesItsCode(_ c: Case) throws {
        let environment = c.inEnvironment ? Self.environment.replacingOccurrences(of: c.old, with: c.new) : Self.environment
        let team = c.inEnvironment ? Self.team : Self.team.replacingOccurrences(of: c.old, with: c.new)
        #expect(environment != Self.environment || team != Self.team, "the case changes nothing")
        let codes = try Self.compile(environment: environment, team: team).diagnostics.map(\.code)
        #expect(codes.contains(c.code), "\(codes)")
    }

    @Test func aTeamStarMeansEveryNamespaceItOwns() throws {
        let team = Self.team.replacingOccurrences(of: "namespaces: [app-jobs]}", with: "namespaces: [\"*\"]}")
        let (access, _, diagnostics) = try Self.compile(team: team)
        #expect(diagnostics.map(\.code) == [])
        let ops = try #require(access.identities.first { $0.arn.hasSuffix("role/AppOps") })
        #expect(ops.accessPolicies.first?.namespaces?.map(\.value) == ["app", "app-jobs"])
    }

    @Test func theTeamAllowListIsPlatformPolicy() throws {
        let secrets = Self.team.replacingOccurrences(of: "[AmazonEKSEditPolicy]", with: "[AmazonEKSSecretReaderPolicy]")
        let allowing = Self.environment.replacingOccurrences(of: "policy:\n", with: "policy:\n  teamAccessPolicies: [AmazonEKSSecretReaderPolicy, AmazonEKSAdminPolicy]\n")
        #expect(try Self.compile(environment: allowing, team: secrets).diagnostics.map(\.code) == [])
        // The list replaces the default: Edit is no longer allowed.
        #expect(try Self.compile(environment: allowing).diagnostics.map(\.code).contains("access-policy-not-allowed"))
    }

    @Test(arguments: [
        ("{policy: AmazonEKSViewPolicy}", "missing-field"),
        ("{policy: AmazonEKSViewPolicy, scope: everywhere}", "invalid-value"),
        ("{policy: AmazonEKSViewPolicy, scope: cluster, namespaces: [a]}", "invalid-value"),
        ("{policy: AmazonEKSViewPolicy, namespaces: []}", "invalid-value"),
        ("{policy: AmazonEKSViewPolicy, scope: namespace}", "missing-field"),
        ("{scope: cluster}", "missing-field"),
    ])
    func aPlatformItemMustSayItsScope(_ item: String, _ code: String) throws {
        let old = "- {policy: AmazonEKSViewPolicy, scope: cluster}"
        #expect(Self.environment.contains(old))
        let environment = Self.environment.replacingOccurrences(of: old, with: "- " + item)
        let (source, loading) = SourceLoader.parse([(path: "environments/dev.yaml", data: Data(environment.utf8))])
        #expect(loading.map(\.code) == [])
        let pipeline = Pipeline(registry: BuiltinPlugins.registry)
        let decoding = pipeline.model(pipeline.resolve(source)).decoding
        #expect(decoding.map(\.code) == [code], "\(decoding.map(\.message))")
        #expect(decoding.first?.location.path == "environments/dev.yaml")
    }

    @Test func theGuardPointsAtTheLineOfTheGrant() throws {
        let team = Self.team.replacingOccurrences(of: "namespaces: [app-jobs]}", with: "namespaces: [billing]}")
        let finding = try #require(try Self.compile(team: team).diagnostics.first { $0.code == "access-policy-outside-namespaces" })
        #expect("\(finding.location.path):\(finding.location.line):\(finding.location.column)" == position(of: "billing]}", in: team, path: "teams/app.yaml"))
        #expect(finding.message.contains("billing"))
    }
}
