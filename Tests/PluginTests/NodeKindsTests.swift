import BuiltinPlugins
import Diagnostics
import Foundation
@testable import Model
import PluginAPI
import Testing

/// Hybrid nodes (`HYBRID_LINUX`) and EKS Auto Mode custom node classes (`EC2` with
/// AmazonEKSAutoNodePolicy) as emitted, as the lockout proof reads them back from the bytes, and
/// the constraints EKS puts on node principals.
@Suite("every EKS node kind: hybrid and Auto Mode nodes")
struct NodeKindsTests {
    static let autoNodePolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"
    static let hybrid = Fixture.role("eks-hybrid-nodes")
    static let auto = Fixture.role("eks-auto-custom")

    static func access(_ mode: AuthMode, hybrid: [String] = [NodeKindsTests.hybrid], auto: [String] = [NodeKindsTests.auto],
                       plugins: [String]? = nil) -> ClusterAccess {
        var cluster = Fixture.cluster(nodeRoles: [])
        cluster.hybridNodeRoles = hybrid.map(Fixture.at)
        cluster.autoModeNodeRoles = auto.map(Fixture.at)
        var environment = Fixture.environment(authMode: mode, clusters: [cluster], groups: [
            Fixture.group("platform-admins", members: [Fixture.role("admin")], clusterRoles: ["cluster-admin"]),
        ])
        environment.plugins = plugins?.map(Fixture.at)
        return Fixture.access(environment)
    }

    static func emit(_ access: ClusterAccess) -> [EmittedFile] {
        let registry = BuiltinPlugins.registry
        let names = access.environment.plugins?.map(\.value) ?? registry.emitterNames
        return Fixture.emitAll(access, registry: names.reduce(into: PluginRegistry()) { partial, name in
            if let emitter = registry.emitter(named: name) { partial.register(emitter) }
        })
    }

    static func lockout(_ access: ClusterAccess, _ files: [EmittedFile]) -> [Diagnostic] {
        BuiltinPlugins.registry.bundleGuards.first { $0.name == "lockout" }!.check(access, files: files)
    }

    static func identity(_ access: ClusterAccess) -> [Diagnostic] {
        BuiltinPlugins.registry.guards.first { $0.name == "identity" }!.check(access)
    }

    static func entries(_ files: [EmittedFile]) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try files.named("access-entries.json").contents.utf8)) as? [String: Any])
        let list = try #require(object["accessEntries"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["principalArn"] as? String ?? "", $0) })
    }

    @Test func hybridNodesGetHybridLinuxEntriesWithoutGroupsUsernameOrPolicies() throws {
        let entry = try #require(try Self.entries(Self.emit(Self.access(.api)))[Self.hybrid])
        #expect(entry["type"] as? String == "HYBRID_LINUX")
        #expect(entry["kubernetesGroups"] == nil && entry["username"] == nil && entry["accessPolicies"] == nil)
    }

    @Test func autoModeNodesGetEC2EntriesWithTheAutoNodePolicyAtClusterScope() throws {
        let files = Self.emit(Self.access(.api))
        let entry = try #require(try Self.entries(files)[Self.auto])
        #expect(entry["type"] as? String == "EC2")
        #expect(entry["kubernetesGroups"] == nil && entry["username"] == nil)
        let policies = try #require(entry["accessPolicies"] as? [[String: Any]])
        #expect(policies.count == 1)
        #expect(policies[0]["policyArn"] as? String == Self.autoNodePolicy)
        #expect((policies[0]["accessScope"] as? [String: Any])?["type"] as? String == "cluster")
        let terraform = try #require(try JSONSerialization.jsonObject(with: Data(try files.named("access-entries.tf.json").contents.utf8)) as? [String: Any])
        let resources = try #require(terraform["resource"] as? [String: Any])
        let types = (resources["aws_eks_access_entry"] as? [String: [String: Any]] ?? [:]).values.reduce(into: [String: String]()) {
            $0[$1["principal_arn"] as? String ?? ""] = $1["type"] as? String
        }
        #expect(types[Self.auto] == "EC2" && types[Self.hybrid] == "HYBRID_LINUX")
        let associations = (resources["aws_eks_access_policy_association"] as? [String: [String: Any]] ?? [:]).values
            .filter { $0["principal_arn"] as? String == Self.auto }
        #expect(associations.map { $0["policy_arn"] as? String } == [Self.autoNodePolicy])
    }

    @Test func awsAuthMapsHybridNodesByTheirSessionNameAndLeavesAutoModeNodesOut() throws {
        let text = try Self.emit(Self.access(.both)).named("aws-auth.yaml").contents
        #expect(text.contains("rolearn: \(Self.hybrid)\n      username: \"system:node:{{SessionName}}\""), "\(text)")
        #expect(!text.contains(Self.auto), "\(text)")
    }

    @Test(arguments: [AuthMode.api, .both])
    func theLockoutProofAdmitsBothKindsWhereAccessEntriesAreEmitted(mode: AuthMode) {
        let access = Self.access(mode)
        #expect(Self.lockout(access, Self.emit(access)).isEmpty)
        #expect(Self.identity(access).isEmpty)
    }

    @Test func configmapModeIsAnErrorForHybridAndAutoModeNodes() {
        let access = Self.access(.configmap)
        let messages = Self.lockout(access, Self.emit(access)).filter { $0.severity == .error }.map(\.message)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("node role \(Self.hybrid) would not join cluster 'dev-eu-1' as a hybrid node: EKS supports hybrid nodes only in clusters whose authentication mode is API or API_AND_CONFIG_MAP") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("node role \(Self.auto) would not join cluster 'dev-eu-1' as a node of an Auto Mode node class: EKS supports Auto Mode nodes only in clusters whose authentication mode is API or API_AND_CONFIG_MAP") }, "\(messages)")
    }

    @Test func bothModeWithoutTheAccessEntriesEmitterLocksAutoModeNodesOutButNotHybridOnes() {
        let access = Self.access(.both, plugins: ["aws-auth", "rbac", "kustomize"])
        let messages = Self.lockout(access, Self.emit(access)).map(\.message)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("node role \(Self.auto) would not join") == true, "\(messages)")
        #expect(messages.first?.contains("`plugins:` leaves out access-entries") == true, "\(messages)")
    }

    @Test func anEC2EntryWithoutTheAutoNodePolicyInTheEmittedBytesFailsTheProof() throws {
        let access = Self.access(.api)
        var files = Self.emit(access)
        let index = try #require(files.firstIndex { $0.path == "access-entries.json" })
        var object = try #require(try JSONSerialization.jsonObject(with: Data(files[index].contents.utf8)) as? [String: Any])
        object["accessEntries"] = (object["accessEntries"] as? [[String: Any]] ?? []).map { entry in
            var entry = entry
            entry["accessPolicies"] = nil
            if entry["type"] as? String == "HYBRID_LINUX" { entry["kubernetesGroups"] = ["ops"] }
            return entry
        }
        files[index].contents = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let messages = Self.lockout(access, files).map(\.message)
        #expect(messages.contains { $0.contains("\(Self.auto) would not join") && $0.contains("no cluster-scoped AmazonEKSAutoNodePolicy association") }, "\(messages)")
        #expect(messages.contains { $0.contains("\(Self.hybrid) would not join") && $0.contains("sets kubernetesGroups; EKS refuses both on node entries") }, "\(messages)")
    }

    @Test func nodeRolesMustBeSameAccountRolesWhereEntriesAreCreated() {
        let other = "arn:aws:iam::444455556666:role/eks-hybrid"
        let crossAccount = Self.identity(Self.access(.api, hybrid: [other]))
        #expect(crossAccount.map(\.code) == ["cross-account-node-role"], "\(crossAccount)")
        #expect(crossAccount.first?.message.contains("is in account 444455556666, but cluster 'dev-eu-1' is in 111122223333") == true)
        let user = Self.identity(Self.access(.api, auto: [Fixture.user("nodes")]))
        #expect(user.map(\.code) == ["invalid-node-role"], "\(user)")
        let serviceLinked = Self.identity(Self.access(.api, auto: [Fixture.role("aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS")]))
        #expect(serviceLinked.map(\.code) == ["invalid-node-role"], "\(serviceLinked)")
    }

    @Test func aCrossAccountEC2NodeRoleIsFineInConfigmapModeOnly() {
        var cluster = Fixture.cluster(nodeRoles: ["arn:aws:iam::444455556666:role/eks-node"])
        cluster.hybridNodeRoles = []
        for (mode, codes) in [(AuthMode.configmap, [String]()), (.both, ["cross-account-node-role"])] {
            let environment = Fixture.environment(authMode: mode, clusters: [cluster])
            #expect(Self.identity(Fixture.access(environment)).map(\.code) == codes, "\(mode)")
        }
    }
}
