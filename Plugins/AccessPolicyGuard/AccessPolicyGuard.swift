import Diagnostics
import Model
import PluginAPI

/// EKS access policies (`accessPolicies:`) are grants like any other: a team's stay inside the
/// namespaces it owns, at namespace scope, with the policies the platform allows; every
/// association names a policy EKS can have, once per principal; and none is written where no
/// access entry carries it (aws-auth has no form for a policy: it would silently grant nothing).
public struct AccessPolicyGuard: Guard {
    public let name = "access-policy"

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let environment = cluster.environment
        let emitsEntries = cluster.authMode.usesAccessEntries && environment.plugins.map { $0.contains { $0.value == "access-entries" } } != false
        for group in environment.groups {
            let what = "platform group '\(group.name)'"
            findings += common(group.accessPolicies, what: what, cluster: cluster, emitsEntries: emitsEntries, team: nil)
            if group.systemMasters?.value == true,
               let admin = group.accessPolicies.first(where: { $0.policyName == "AmazonEKSClusterAdminPolicy" }) {
                findings.append(.error("duplicate-access-policy", "\(what) associates AmazonEKSClusterAdminPolicy and sets systemMasters, which becomes that same association in access entries; EKS takes each policy once per entry, so drop one",
                                       at: admin.location, notes: group.systemMasters.map { [.init("systemMasters set here", at: $0.location)] } ?? []))
            }
        }
        for team in cluster.teams {
            for group in team.groups {
                findings += common(group.accessPolicies, what: "group '\(group.name)' of team '\(team.name)'", cluster: cluster,
                                   emitsEntries: emitsEntries, team: team)
            }
        }
        return findings
    }

    private func common(_ grants: [AccessPolicyGrant], what: String, cluster: ClusterAccess, emitsEntries: Bool, team: TeamSpec?) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var seen: [String: AccessPolicyGrant] = [:]
        for grant in grants {
            if !emitsEntries {
                findings.append(Self.needsAccessEntries(grant, what: what, environment: cluster.environment))
            }
            if let problem = Self.policyProblem(grant.policy.value) {
                findings.append(.error("invalid-access-policy", "access policy '\(grant.policy.value)' of \(what) \(problem); write a name such as AmazonEKSViewPolicy or the ARN arn:aws:eks::aws:cluster-access-policy/<name> (`aws eks list-access-policies` lists them)",
                                       at: grant.policy.location))
                continue
            }
            if !AccessPolicyGrant.knownPolicies.contains(grant.policyName) {
                findings.append(.warning("unknown-access-policy", "access policy '\(grant.policyName)' of \(what) is not one rolecall knows (\(AccessPolicyGrant.knownPolicies.joined(separator: ", "))); it is emitted as written, but `explain` and `who-can` cannot say what it allows; check the name with `aws eks list-access-policies`",
                                         at: grant.policy.location))
            }
            // By name: one policy spelled as a name and as ARNs (of any partition) is still one
            // association per entry, and its Terraform resource is named after the policy name.
            if let first = seen[grant.policyName.lowercased()] {
                findings.append(.error("duplicate-access-policy", "\(what) associates \(grant.policyName) twice; EKS takes each policy once per access entry: merge the namespaces into one item",
                                       at: grant.location, notes: [.init("first associated here", at: first.location)]))
            } else {
                seen[grant.policyName.lowercased()] = grant
            }
            for namespace in grant.namespaces ?? [] where !Self.isNamespacePattern(namespace.value) && !(team != nil && namespace.value == "*") {
                findings.append(.error("invalid-name", "namespace '\(namespace.value)' of access policy \(grant.policyName) is not a DNS-1123 label (or a `prefix-*` pattern)", at: namespace.location))
            }
            if let team { findings += teamProblems(grant, what: what, team: team, policy: cluster.policy) }
        }
        return findings
    }

    private func teamProblems(_ grant: AccessPolicyGrant, what: String, team: TeamSpec, policy: Policy) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        guard let namespaces = grant.namespaces else {
            return [.error("team-access-policy-cluster-scope", "\(what) associates \(grant.policyName) at cluster scope; a team's access policies apply only inside its own namespaces: drop `scope: cluster` (the default is every namespace the team owns) or ask the platform team for a platform group",
                           at: grant.location)]
        }
        let owned = Set(team.namespaces.map(\.value))
        let everyOwned = namespaces.isEmpty || namespaces.contains { $0.value == "*" }
        if everyOwned && owned.isEmpty {
            findings.append(.error("access-policy-outside-namespaces", "\(what) associates \(grant.policyName) in every namespace the team owns, but the team owns none in this cluster; list the team's `namespaces`",
                                   at: grant.location))
        }
        for namespace in namespaces where !owned.contains(namespace.value) && namespace.value != "*" {
            let why = namespace.value.hasSuffix("*")
                ? "a pattern, which would match namespaces other teams own (and ones created later)"
                : "a namespace the team does not own"
            findings.append(.error("access-policy-outside-namespaces", "\(what) associates \(grant.policyName) in '\(namespace.value)', \(why); teams associate policies only in their own `namespaces`, listed by name",
                                   at: namespace.location))
        }
        let allowed = policy.allowedTeamAccessPolicies
        if !allowed.contains(grant.policyName) {
            let at = policy.teamAccessPolicies?.first?.location
            findings.append(.error("access-policy-not-allowed", "\(what) associates \(grant.policyName), which policy.teamAccessPolicies does not allow (allowed: \(allowed.sorted().joined(separator: ", "))); use an allowed policy or a role under `roles:`, or ask the platform team",
                                   at: grant.policy.location, notes: at.map { [.init("allowed policies listed here", at: $0)] } ?? []))
        }
        return findings
    }

    /// Where no access entry is emitted, an association has nowhere to live.
    static func needsAccessEntries(_ grant: AccessPolicyGrant, what: String, environment: EnvironmentSpec) -> Diagnostic {
        let equivalent = builtinEquivalents[grant.policyName].map { " (\(grant.policyName) is close to the built-in ClusterRole '\($0)')" } ?? ""
        let why = environment.authMode.value.usesAccessEntries
            ? "`plugins:` leaves out access-entries, so no access entry carries it; list access-entries"
            : "authMode is configmap, and aws-auth has no form for access policies; set `authMode: both` (or `api`)"
        return .error("access-policy-needs-access-entries", "\(what) associates access policy \(grant.policyName), but \(why), or grant the same through RBAC instead: `clusterRoles:` on a platform group, `access:` on a team group\(equivalent)",
                      at: grant.location, notes: [.init("authMode is \(environment.authMode.value.rawValue)", at: environment.authMode.location)])
    }

    /// The built-in ClusterRoles EKS documents the user-facing policies as similar to.
    static let builtinEquivalents = [
        "AmazonEKSClusterAdminPolicy": "cluster-admin", "AmazonEKSAdminPolicy": "admin", "AmazonEKSEditPolicy": "edit", "AmazonEKSViewPolicy": "view",
    ]

    /// Why `policy` cannot be an EKS access policy: a bare name of letters and digits, or an ARN of `cluster-access-policy/`.
    static func policyProblem(_ policy: String) -> String? {
        var name = policy
        if policy.hasPrefix("arn:") {
            let parts = policy.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, partitions.contains(String(parts[1])), parts[2] == "eks", parts[3].isEmpty, parts[4] == "aws", parts[5].hasPrefix("cluster-access-policy/") else {
                return "is not an access policy ARN (arn:<partition>:eks::aws:cluster-access-policy/<name>)"
            }
            name = String(parts[5].dropFirst("cluster-access-policy/".count))
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return "is not a policy name (letters and digits)"
        }
        return nil
    }

    /// The AWS partitions (as IdentityGuard knows them for IAM ARNs).
    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]

    static func isNamespacePattern(_ text: String) -> Bool {
        guard text.hasSuffix("*") else { return KubernetesNames.isDNSLabel(text) }
        let prefix = String(text.dropLast())
        return !prefix.isEmpty && !prefix.contains("*") && prefix.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
