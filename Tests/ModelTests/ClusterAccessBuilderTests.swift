import Diagnostics
import Fragments
import Model
import ModelBuilding
import Resolver
import Testing

private func arn(_ name: String, _ type: String = "role") -> String { "arn:aws:iam::111122223333:\(type)/\(name)" }

private let nodesEnvironment = ("environments/prod.yaml", """
    kind: Environment
    name: prod
    clusters:
      c1:
        account: "111122223333"
        nodeRoles: [\(arn("node-a")), \(arn("node-b"))]
        windowsNodeRoles: [\(arn("node-win"))]
        fargateRoles: [\(arn("fargate"))]
      c2: {account: "111122223333"}
    clusterRoles:
      pod-reader: {rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]}
    groups:
      viewers:
        members: [\(arn("Viewer"))]
      platform-admins:
        members: [\(arn("Admin")), {arn: "\(arn("alice", "user"))", username: alice}]
        clusterRoles: [cluster-admin, pod-reader]
      ops:
        members: [\(arn("aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_abc"))]
        systemMasters: true
      super:
        members: [\(arn("Super"))]
        clusterRoles: [view]
        systemMasters: true

    """)

@Suite("ClusterAccessBuilder: nodes and platform")
struct PlatformAccessTests {
    @Test("node roles map to node usernames and groups; Windows and Fargate get theirs")
    func nodeIdentities() throws {
        let access = try build([nodesEnvironment], environment: "prod", cluster: "c1").access
        let nodes = access.identities.filter { $0.kind.isNode }
        #expect(nodes.map(\.arn) == [arn("node-a"), arn("node-b"), arn("node-win"), arn("fargate")])
        #expect(nodes.map(\.kind) == [.linuxNode, .linuxNode, .windowsNode, .fargate])
        #expect(nodes.map(\.username) == ["system:node:{{EC2PrivateDNSName}}", "system:node:{{EC2PrivateDNSName}}",
                                          "system:node:{{EC2PrivateDNSName}}", "system:node:{{SessionName}}"])
        #expect(nodes[0].groups == ["system:bootstrappers", "system:nodes"])
        #expect(nodes[2].groups == ["system:bootstrappers", "system:nodes", "eks:kube-proxy-windows"])
        #expect(nodes[3].groups == ["system:bootstrappers", "system:nodes", "system:node-proxier"])
        #expect(nodes.allSatisfy { $0.origin == .cluster && !$0.customUsername && !$0.isSystemMaster })
        #expect(nodes[0].location.path == "environments/prod.yaml" && nodes[0].location.line == 6)
    }

    @Test("a cluster without node roles has no node identities")
    func noNodes() throws {
        let access = try build([nodesEnvironment], environment: "prod", cluster: "c2").access
        #expect(!access.identities.contains { $0.kind.isNode })
        #expect(access.cluster.name == "c2")
    }

    @Test("platform members get default usernames unless one is written")
    func platformUsernames() throws {
        let identities = try build([nodesEnvironment], environment: "prod", cluster: "c1").access.identities
        let admin = try #require(identities.first { $0.arn == arn("Admin") })
        #expect(admin.kind == .role && admin.username == "arn:aws:sts::111122223333:assumed-role/Admin/{{SessionName}}" && !admin.customUsername)
        let alice = try #require(identities.first { $0.arn == arn("alice", "user") })
        #expect(alice.kind == .user && alice.username == "alice" && alice.customUsername)
        let ops = try #require(identities.first { $0.origin == .platform(group: "ops") })
        #expect(ops.username == "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Ops_abc/{{SessionName}}")
        #expect(ops.authenticatorARN == "arn:aws:iam::111122223333:role/AWSReservedSSO_Ops_abc")
        #expect(ops.arn == arn("aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Ops_abc"), "the ARN as written is kept")
    }

    @Test("platform groups: their own name, system:masters when granted, both when they also bind roles", arguments: [
        ("viewers", ["viewers"]), ("platform-admins", ["platform-admins"]), ("ops", ["system:masters"]),
        ("super", ["super", "system:masters"]),
    ])
    func platformGroups(group: String, groups: [String]) throws {
        let identities = try build([nodesEnvironment], environment: "prod", cluster: "c1").access.identities
        let members = identities.filter { $0.origin == .platform(group: group) }
        #expect(!members.isEmpty)
        #expect(members.allSatisfy { $0.groups == groups })
        #expect(members.allSatisfy { $0.isSystemMaster == groups.contains("system:masters") })
    }

    @Test("platform clusterRoles become ClusterRoles, and group clusterRoles ClusterRoleBindings")
    func clusterRoleBindings() throws {
        let access = try build([nodesEnvironment], environment: "prod", cluster: "c1").access
        #expect(access.clusterRoles.map(\.name) == ["pod-reader"])
        #expect(access.clusterRoles.first?.rules.first?.verbs == ["get"])
        #expect(access.clusterRoleBindings.map(\.name) == ["rolecall:platform-admins:cluster-admin", "rolecall:platform-admins:pod-reader", "rolecall:super:view"])
        #expect(access.clusterRoleBindings.map(\.clusterRole) == ["cluster-admin", "pod-reader", "view"])
        #expect(access.clusterRoleBindings.map(\.groups) == [["platform-admins"], ["platform-admins"], ["super"]])
        #expect(access.clusterRoleBindings.first?.location.line == 17)
    }

    @Test("authMode and policy come from the environment")
    func environmentPassThrough() throws {
        let access = try build([nodesEnvironment], environment: "prod", cluster: "c1").access
        #expect(access.authMode == .both && access.authMode.usesConfigMap && access.authMode.usesAccessEntries)
        #expect(AuthMode.api.usesConfigMap == false && AuthMode.configmap.usesAccessEntries == false)
        #expect(access.policy.breakGlass.isEmpty)
    }
}
