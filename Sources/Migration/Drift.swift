import Authorization
import Foundation
import Model
import Serialization

/// `rolecall drift`: the live dumps compared with what a rendered cluster folder deploys. Both
/// sides are read into `LiveCluster` (the rendered aws-auth and RBAC are Kubernetes YAML like the
/// dumps; the rendered access entries are rolecall's API shapes), then compared per aws-auth row,
/// access entry, binding and role. EKS-managed node entries are listed on their own, not as drift.
public struct DriftReport: Sendable {
    public enum State: String, Sendable { case liveOnly = "live, not rendered", renderedOnly = "rendered, not live", different }

    public struct Item: Sendable {
        /// `aws-auth`, `access entry`, `group`, `binding`, `role`.
        public var category: String
        public var key: String
        public var state: State
        public var detail: String
    }

    public var cluster: String
    public var branch: String
    public var items: [Item] = []
    /// Node entries EKS creates itself: adopted by the rendered Terraform, or not in the repository at all.
    public var eksManaged: [String] = []
    /// Live objects rolecall does not manage (ServiceAccount-only bindings), listed for completeness.
    public var unmanaged: [String] = []
    /// Dumps not given: what was not compared.
    public var notCompared: [String] = []

    public var hasDrift: Bool { !items.isEmpty }
}

public enum Drift {
    /// `rendered`: the cluster folder's files (paths relative to it). Dumps that are nil are not compared.
    public static func compare(awsAuth: String?, rbac: String?, accessEntries: String?, rendered: [String: String],
                               cluster: String, branch: String, release: KubernetesRelease = .default) throws -> DriftReport {
        var report = DriftReport(cluster: cluster, branch: branch)
        let live = try LiveDumps.read(awsAuth: awsAuth, rbac: rbac, accessEntries: accessEntries)
        var deployed = LiveCluster()
        if let text = rendered["aws-auth.yaml"] { try LiveDumps.readAwsAuth(text, into: &deployed) }
        for (path, text) in rendered.sorted(by: { $0.key < $1.key }) where path.hasPrefix("rbac/") && path.hasSuffix(".yaml") {
            var part = LiveCluster()
            try LiveDumps.readRBAC(text, into: &part)
            deployed.roles += part.roles
            deployed.clusterRoles += part.clusterRoles
            deployed.bindings += part.bindings
        }
        var managed: Set<String> = []
        if let text = rendered["access-entries.json"] { managed = try readRenderedEntries(text, into: &deployed) }

        if awsAuth != nil { compareAwsAuth(live, deployed, &report) } else { report.notCompared.append("aws-auth (no --aws-auth)") }
        if accessEntries != nil { compareEntries(live, deployed, managed: managed, &report) } else { report.notCompared.append("access entries (no --access-entries)") }
        if rbac != nil { compareRBAC(live, deployed, &report) } else { report.notCompared.append("RBAC (no --rbac)") }
        // What the objects add up to: every principal's access, live and as rendered.
        if rbac != nil, let after = try? BundleReader.read(rendered, release: release) {
            let differences = AccessProof.compare(before: live.authorization(release: release), after: after,
                                                  requests: AccessProof.requests(live, after: after))
            for difference in differences {
                report.items.append(.init(category: "access", key: difference.arn, state: .different,
                                          detail: "\(difference.request): live \(difference.before), rendered \(difference.after)"))
            }
        }
        return report
    }

    static func readRenderedEntries(_ text: String, into cluster: inout LiveCluster) throws -> Set<String> {
        guard let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [] }
        cluster.hasAccessEntries = true
        var managed: Set<String> = []
        for entry in root["accessEntries"] as? [[String: Any]] ?? [] {
            guard let arn = entry["principalArn"] as? String else { continue }
            if entry["managedBy"] as? String == "eks" { managed.insert(arn.lowercased()) }
            let policies = (entry["accessPolicies"] as? [[String: Any]] ?? []).compactMap { association -> AccessPolicyAssociation? in
                guard let policy = association["policyArn"] as? String else { return nil }
                let scope = association["accessScope"] as? [String: Any] ?? [:]
                return AccessPolicyAssociation(policyARN: policy, scope: scope["type"] as? String == "namespace" ? .namespaces(scope["namespaces"] as? [String] ?? []) : .cluster)
            }
            cluster.accessEntries.append(LiveCluster.AccessEntry(principalArn: arn, type: entry["type"] as? String ?? "STANDARD",
                                                                 username: entry["username"] as? String, kubernetesGroups: entry["kubernetesGroups"] as? [String] ?? [],
                                                                 policies: policies, accessEntryArn: nil))
        }
        return managed
    }

    static func compareAwsAuth(_ live: LiveCluster, _ deployed: LiveCluster, _ report: inout DriftReport) {
        func rows(_ cluster: LiveCluster) -> [String: LiveCluster.Mapping] {
            // The authenticator keeps the last of duplicate role ARNs, compared path-less and case-folded.
            var rows: [String: LiveCluster.Mapping] = [:]
            for row in cluster.mapRoles + cluster.mapUsers { rows[ARN.authenticatorForm(row.arn).lowercased()] = row }
            return rows
        }
        let (a, b) = (rows(live), rows(deployed))
        for key in Set(a.keys).union(b.keys).sorted() {
            switch (a[key], b[key]) {
            case (let l?, nil): report.items.append(.init(category: "aws-auth", key: l.arn, state: .liveOnly, detail: describe(l)))
            case (nil, let r?): report.items.append(.init(category: "aws-auth", key: r.arn, state: .renderedOnly, detail: describe(r)))
            case (let l?, let r?):
                var differences: [String] = []
                if Set(l.groups) != Set(r.groups) { differences.append("groups live [\(l.groups.sorted().joined(separator: ", "))], rendered [\(r.groups.sorted().joined(separator: ", "))]") }
                if l.username != r.username { differences.append("username live \(l.username ?? "(none)"), rendered \(r.username ?? "(none)")") }
                if !differences.isEmpty { report.items.append(.init(category: "aws-auth", key: r.arn, state: .different, detail: differences.joined(separator: "; "))) }
            default: break
            }
        }
        let (liveGroups, renderedGroups) = (Set((live.mapRoles + live.mapUsers).flatMap(\.groups)), Set((deployed.mapRoles + deployed.mapUsers).flatMap(\.groups)))
        for group in liveGroups.subtracting(renderedGroups).sorted() { report.items.append(.init(category: "group", key: group, state: .liveOnly, detail: "held by an aws-auth row live, by none rendered")) }
        for group in renderedGroups.subtracting(liveGroups).sorted() { report.items.append(.init(category: "group", key: group, state: .renderedOnly, detail: "held by a rendered aws-auth row, by none live")) }
        if live.mapAccounts.sorted() != deployed.mapAccounts.sorted() {
            report.items.append(.init(category: "aws-auth", key: "mapAccounts", state: .different, detail: "live [\(live.mapAccounts.joined(separator: ", "))], rendered [\(deployed.mapAccounts.joined(separator: ", "))]"))
        }
    }

    static func describe(_ row: LiveCluster.Mapping) -> String {
        "username \(row.username ?? "(none)"), groups [\(row.groups.joined(separator: ", "))]"
    }

    static func compareEntries(_ live: LiveCluster, _ deployed: LiveCluster, managed: Set<String>, _ report: inout DriftReport) {
        let a = Dictionary(live.accessEntries.map { ($0.principalArn.lowercased(), $0) }, uniquingKeysWith: { $1 })
        let b = Dictionary(deployed.accessEntries.map { ($0.principalArn.lowercased(), $0) }, uniquingKeysWith: { $1 })
        for key in Set(a.keys).union(b.keys).sorted() {
            let l = a[key], r = b[key]
            let isNode = LiveCluster.entryNodeTypes.contains(l?.type ?? r?.type ?? "")
            // Only a role the repository marks EKS-managed is EKS's business. A node entry for a
            // role it does not list lets that role join as a node: drift, whoever created it.
            if isNode, managed.contains(key) {
                let arn = l?.principalArn ?? r?.principalArn ?? key
                report.eksManaged.append("\(arn) (\(r?.type ?? "")): EKS-managed, adopted by the rendered Terraform\(l == nil ? "; not live yet (EKS creates it with the node group or Fargate profile)" : "")")
                if let l, let r, l.type != r.type { report.items.append(.init(category: "access entry", key: arn, state: .different, detail: "type live \(l.type), rendered \(r.type)")) }
                continue
            }
            if isNode, let l, r == nil {
                report.items.append(.init(category: "access entry", key: l.principalArn, state: .liveOnly,
                                          detail: "\(l.type) node entry the repository does not list, so this role can join the cluster as a node; if EKS created it for a managed node group or Fargate profile, add the role to nodeRoles/fargateRoles and eksManagedNodeRoles, else delete the entry"))
                continue
            }
            switch (l, r) {
            case (let l?, nil): report.items.append(.init(category: "access entry", key: l.principalArn, state: .liveOnly, detail: describe(l)))
            case (nil, let r?): report.items.append(.init(category: "access entry", key: r.principalArn, state: .renderedOnly, detail: describe(r)))
            case (let l?, let r?):
                var differences: [String] = []
                if l.type != r.type { differences.append("type live \(l.type), rendered \(r.type)") }
                if !isNode {
                    if Set(l.kubernetesGroups) != Set(r.kubernetesGroups) { differences.append("kubernetesGroups live [\(l.kubernetesGroups.sorted().joined(separator: ", "))], rendered [\(r.kubernetesGroups.sorted().joined(separator: ", "))]") }
                    // rolecall leaves default usernames to EKS; the dump shows what EKS filled in.
                    let defaultName = ARN(r.principalArn)?.defaultUsername
                    if (l.username ?? defaultName) != (r.username ?? defaultName) { differences.append("username live \(l.username ?? "(default)"), rendered \(r.username ?? "(default)")") }
                    let (lp, rp) = (policies(l), policies(r))
                    if lp != rp { differences.append("access policies live [\(lp.joined(separator: "; "))], rendered [\(rp.joined(separator: "; "))]") }
                }
                if !differences.isEmpty { report.items.append(.init(category: "access entry", key: r.principalArn, state: .different, detail: differences.joined(separator: "; "))) }
            default: break
            }
        }
    }

    static func policies(_ entry: LiveCluster.AccessEntry) -> [String] {
        entry.policies.map { policy in
            switch policy.scope {
            case .cluster: "\(policy.policyName) cluster"
            case .namespaces(let names): "\(policy.policyName) namespaces \(names.sorted().joined(separator: ","))"
            }
        }.sorted()
    }

    static func describe(_ entry: LiveCluster.AccessEntry) -> String {
        var parts = ["type \(entry.type)"]
        if !entry.kubernetesGroups.isEmpty { parts.append("groups [\(entry.kubernetesGroups.joined(separator: ", "))]") }
        let policies = policies(entry)
        if !policies.isEmpty { parts.append("policies [\(policies.joined(separator: "; "))]") }
        return parts.joined(separator: ", ")
    }

    static func compareRBAC(_ live: LiveCluster, _ deployed: LiveCluster, _ report: inout DriftReport) {
        func bindings(_ cluster: LiveCluster, unmanaged: inout [String]) -> [String: LiveCluster.Binding] {
            var result: [String: LiveCluster.Binding] = [:]
            for binding in cluster.ownBindings {
                if !binding.subjects.isEmpty && binding.subjects.allSatisfy({ $0.kind == "ServiceAccount" }) {
                    unmanaged.append("\(binding.kind) \(binding.qualifiedName) (ServiceAccount subjects only)")
                    continue
                }
                result[binding.identity] = binding
            }
            return result
        }
        var ignored: [String] = []
        let a = bindings(live, unmanaged: &report.unmanaged), b = bindings(deployed, unmanaged: &ignored)
        func subjects(_ binding: LiveCluster.Binding) -> [String] { binding.subjects.map { "\($0.kind) \($0.name)" }.sorted() }
        for key in Set(a.keys).union(b.keys).sorted() {
            switch (a[key], b[key]) {
            case (let l?, nil): report.items.append(.init(category: "binding", key: key, state: .liveOnly, detail: "\(l.roleRef.kind.rawValue) \(l.roleRef.name) to \(subjects(l).joined(separator: ", "))"))
            case (nil, let r?): report.items.append(.init(category: "binding", key: key, state: .renderedOnly, detail: "\(r.roleRef.kind.rawValue) \(r.roleRef.name) to \(subjects(r).joined(separator: ", "))"))
            case (let l?, let r?):
                var differences: [String] = []
                if l.roleRef != r.roleRef { differences.append("roleRef live \(l.roleRef.kind.rawValue) \(l.roleRef.name), rendered \(r.roleRef.kind.rawValue) \(r.roleRef.name)") }
                if subjects(l) != subjects(r) { differences.append("subjects live [\(subjects(l).joined(separator: ", "))], rendered [\(subjects(r).joined(separator: ", "))]") }
                if !differences.isEmpty { report.items.append(.init(category: "binding", key: key, state: .different, detail: differences.joined(separator: "; "))) }
            default: break
            }
        }
        func roles(_ cluster: LiveCluster) -> [String: PolicyRole] {
            Dictionary((cluster.roles + cluster.clusterRoles).filter { !LiveCluster.isPlatformOwned(name: $0.name, labels: $0.labels) }
                .map { ("\($0.namespace == nil ? "ClusterRole" : "Role")/\($0.namespace.map { "\($0)/" } ?? "")\($0.name)", $0) }, uniquingKeysWith: { $1 })
        }
        let (ra, rb) = (roles(live), roles(deployed))
        for key in Set(ra.keys).union(rb.keys).sorted() {
            switch (ra[key], rb[key]) {
            case (_?, nil): report.items.append(.init(category: "role", key: key, state: .liveOnly, detail: "not rendered"))
            case (nil, _?): report.items.append(.init(category: "role", key: key, state: .renderedOnly, detail: "not in the cluster"))
            case (let l?, let r?) where Set(l.rules.map(\.ruleKey)) != Set(r.rules.map(\.ruleKey)):
                report.items.append(.init(category: "role", key: key, state: .different, detail: "rules differ"))
            default: break
            }
        }
    }
}
