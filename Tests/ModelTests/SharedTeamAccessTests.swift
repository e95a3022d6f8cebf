import Dispatch
import Model
import ModelBuilding
import Resolver
import Testing

/// `EnvironmentTeams.access(of:placed:)` builds a team's part once for the environment and hands
/// it to every cluster that places the team: each cluster's access must be the value
/// `ClusterAccessBuilder.build` makes on its own, whichever thread built the part first, and a
/// team with an overlay for one cluster must be built for that cluster.
@Suite("EnvironmentTeams: a team's part built once per environment")
struct SharedTeamAccessTests {
    static let files: [(String, String)] = [
        ("environments/prod.yaml", """
            kind: Environment
            name: prod
            groups:
              ops:
                members: [arn:aws:iam::111122223333:role/Ops]
                clusterRoles: [view]
            clusters:
              c1: {account: "111122223333", labels: {shard: a}}
              c2: {account: "111122223333", labels: {shard: a}, nodeRoles: [arn:aws:iam::111122223333:role/Nodes]}
              c3: {account: "111122223333", labels: {shard: b}}
              c4: {account: "444455556666", labels: {shard: b}}
            """),
        ("teams/payments.yaml", """
            kind: Team
            name: payments
            namespaces: [payments, payments-batch]
            groups:
              developers:
                members: [arn:aws:iam::111122223333:role/Dev, {arn: "arn:aws:iam::111122223333:user/bob", username: bob}]
                access: {"*": edit, payments-batch: batch-operator}
                accessPolicies: [AmazonEKSEditPolicy]
            roles:
              batch-operator:
                rules: [{apiGroups: [batch], resources: [jobs], verbs: [get, create]}]
            """),
        ("teams/search.yaml", """
            kind: Team
            name: search
            namespaces: [search]
            placement: {clusterLabels: {shard: a}}
            groups:
              dev:
                members: [arn:aws:iam::111122223333:role/Search]
                access: {search: admin}
            """),
        // An overlay for c3 alone: this team decodes differently there, so it is never shared.
        ("teams/web.yaml", """
            kind: Team
            name: web
            namespaces: [web]
            groups:
              dev:
                members: [arn:aws:iam::111122223333:role/Web]
                access: {web: view}
            clusters:
              c3:
                namespaces: [web, web-canary]
                groups:
                  dev:
                    members: [arn:aws:iam::111122223333:role/Web, arn:aws:iam::111122223333:role/WebCanary]
                    access: {web-canary: edit}
            """),
    ]

    @Test("every cluster's access equals the one built alone, from many threads at once")
    func sharedPartsAreTheBuiltOnes() throws {
        let model = SourceModel(resolve(Self.files), emitters: [])
        #expect(model.decoding.isEmpty, "\(model.decoding)")
        let spec = try #require(model.environments.first)
        for _ in 0..<20 {
            // A fresh EnvironmentTeams each round: its parts are built by whichever cluster comes first.
            let teams = model.teams(of: spec)
            let clusters = spec.clusters + spec.clusters + spec.clusters
            let built = ClusterSlots(count: clusters.count)
            DispatchQueue.concurrentPerform(iterations: clusters.count) { index in
                let cluster = clusters[index]
                built.set(index, teams.access(of: cluster, placed: teams.placed(in: cluster).teams))
            }
            for (index, cluster) in clusters.enumerated() {
                let alone = ClusterAccessBuilder.build(environment: spec, cluster: cluster, teams: teams.placed(in: cluster).teams)
                // Compared outside the expectation: a failure names the cluster, not two dumps of it.
                let same = built.value(index) == alone
                #expect(same, "cluster \(cluster.name): shared parts differ from building alone")
            }
        }
        let teams = model.teams(of: spec)
        let byName = Dictionary(uniqueKeysWithValues: spec.clusters.map { ($0.name, teams.access(of: $0).access) })
        #expect(byName["c3"]?.namespaces.map(\.name) == ["payments", "payments-batch", "web", "web-canary"])
        #expect(byName["c4"]?.namespaces.map(\.name) == ["payments", "payments-batch", "web"])
        #expect(byName["c1"]?.identities.map(\.arn).filter { $0.hasSuffix("Search") } == ["arn:aws:iam::111122223333:role/Search"])
        #expect(byName["c3"]?.identities.contains { $0.arn.hasSuffix("WebCanary") } == true)
        #expect(byName["c4"]?.identities.contains { $0.arn.hasSuffix("WebCanary") } == false)
        #expect(byName["c2"]?.identities.first?.kind == .linuxNode)

        // A spec of the caller's own under a shared team's name gets its own part, not the shared one.
        let c1 = try #require(spec.clusters.first)
        var placed = teams.placed(in: c1).teams
        let index = try #require(placed.firstIndex { $0.name == "payments" })
        placed[index].namespaces.removeLast()
        let own = teams.access(of: c1, placed: placed)
        #expect(own == ClusterAccessBuilder.build(environment: spec, cluster: c1, teams: placed))
        #expect(own.namespaces.map(\.name) == ["payments", "search", "web"])
    }
}

/// One slot per cluster, written from the workers.
private final class ClusterSlots: @unchecked Sendable {
    private var slots: [ClusterAccess?]
    private let lock = DispatchQueue(label: "slots")

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ access: ClusterAccess) { lock.sync { slots[index] = access } }
    func value(_ index: Int) -> ClusterAccess? { lock.sync { slots[index] } }
}
