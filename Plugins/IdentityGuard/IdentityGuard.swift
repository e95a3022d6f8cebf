import Diagnostics
import Model
import PluginAPI

/// Every principal is a well-formed IAM role or user ARN, mapped once, and becomes a Kubernetes
/// user and groups that nobody can choose or share: no placeholder in a group (the authenticator
/// renders them, so the caller would pick its group through its session name), no reserved
/// prefix on any emitted group or username however it was composed, no two principals able to
/// render the same username. Checks what the authenticator silently gets wrong.
public struct IdentityGuard: Guard {
    public let name = "identity"

    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]
    /// Prefixes EKS and Kubernetes keep for themselves, in usernames and groups alike.
    public static let reservedPrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"]

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        // The first identity of each ARN, by index: Identity is a large value to copy.
        var seen: [String: Int] = [:]
        seen.reserveCapacity(cluster.identities.count)
        var people: [Identity] = []
        for (index, identity) in cluster.identities.enumerated() {
            if let problem = Self.arnProblem(identity.arn, parsed: identity.parsedARN) {
                findings.append(.error("invalid-arn", problem, at: identity.location))
                continue
            }
            let key = identity.authenticatorKey
            if let firstIndex = seen[key] {
                let first = cluster.identities[firstIndex]
                findings.append(.error("duplicate-arn", "\(identity.arn) is mapped twice in cluster '\(cluster.cluster.name)' (as \(identity.origin.description) and \(first.origin.description)); aws-auth keeps only one entry per ARN, so give it one group",
                                       at: identity.location, notes: [.init("first mapped here", at: first.location)]))
                continue
            }
            seen[key] = index
            findings += Self.principalProblems(identity, cluster: cluster)
            guard !identity.kind.isNode else { continue }
            people.append(identity)
            if identity.customUsername { findings += Self.usernameProblems(identity, authMode: cluster.authMode) }
        }
        findings += Self.nodeRoleProblems(cluster)
        findings += Self.groupProblems(cluster)
        findings += Self.sharedUsernames(people)
        return findings
    }

    /// What EKS refuses as a person's principal: a service-linked role is never one (EKS User
    /// Guide, access entries). Node principals have their own rules (`nodeRoleProblems`).
    static func principalProblems(_ identity: Identity, cluster: ClusterAccess) -> [Diagnostic] {
        guard !identity.kind.isNode, cluster.authMode.usesAccessEntries, let arn = identity.parsedARN, arn.path.hasPrefix("/aws-service-role/") else { return [] }
        return [.error("invalid-principal", "\(identity.arn) is a service-linked role, which EKS access entries cannot name; list the role the workload or person assumes", at: identity.location)]
    }

    static func usernameProblems(_ identity: Identity, authMode: AuthMode) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let at = identity.usernameLocation ?? identity.location
        let username = identity.username
        if username.isEmpty {
            findings.append(.error("empty-username", "username is empty; leave it out to get the default", at: at))
        }
        // Printable ASCII, nearly every username, holds none: only the rest is read by scalar.
        if !username.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }),
           username.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format || $0 == " " }) {
            findings.append(.error("invalid-username", "username '\(ReportEscaping.line(username))' holds spaces, control or invisible characters; Kubernetes would accept it, but nobody could read it in an audit; spell it plainly", at: at))
        }
        if let problem = KubernetesNames.placeholderProblem(username) {
            findings.append(.error("invalid-placeholder", "username '\(username)': \(problem)", at: at))
        }
        if let prefix = reservedPrefix(of: username) ?? UsernameTemplates.firstRenderablePrefix(of: username, among: reservedPrefixes) {
            findings.append(.error("reserved-username", "username '\(username)' \(reservedPrefix(of: username) == nil ? "can render to a name starting with" : "starts with") '\(prefix)'\(reservedPrefix(of: username) == nil ? " (placeholders are filled in at login)" : ""), which is reserved for Kubernetes and EKS; choose another, or leave `username` out for the default", at: at))
        }
        if TextSearch.contains(username, "{{EC2PrivateDNSName}}") {
            findings.append(.error("ec2-username", "username '\(username)' uses {{EC2PrivateDNSName}}, which the authenticator renders only for EC2 instances: every person's session would be refused; use {{SessionName}}", at: at))
        }
        if authMode.usesAccessEntries, TextSearch.contains(username, "{{SessionName}}"), !TextSearch.contains(username, ":{{SessionName}}") {
            findings.append(.error("session-name-position", "username '\(username)': EKS access entries accept {{SessionName}} only right after a ':' (e.g. 'alice:{{SessionName}}')", at: at))
        }
        return findings
    }

    static func reservedPrefix(of name: String) -> String? {
        let folded = name.lowercased()
        return reservedPrefixes.first { folded.hasPrefix($0) }
    }

    /// Every group a person is given, checked once per group with the line that defines it.
    static func groupProblems(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var checked: [String: (origin: Origin, at: SourceLocation, what: String)] = [:]
        var reported: Set<String> = []
        var previous: (origin: Origin, groups: [String])?
        // The first team of each name, found by a dictionary: a cluster places hundreds.
        lazy var teams = Dictionary(cluster.teams.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for identity in cluster.identities where !identity.kind.isNode {
            // A team's members follow each other with the same origin and groups: the first of
            // them checked and reported everything the others would.
            if let previous, previous.origin == identity.origin, previous.groups == identity.groups { continue }
            previous = (identity.origin, identity.groups)
            for group in identity.groups where group != Identity.systemMasters {
                // Looked up only when used: most identities repeat the group of the one before.
                var definition: (at: SourceLocation, what: String) {
                    Self.definition(of: identity.origin, in: cluster, teams: &teams) ?? (identity.location, "group '\(group)'")
                }
                if let first = checked[group] {
                    guard first.origin != identity.origin else { continue }
                    let (at, what) = definition
                    // One Kubernetes group from two definitions: each one's members get the other's bindings.
                    if reported.insert("\(group)\u{0}\(what)").inserted {
                        findings.append(.error("group-collision", "\(what) compiles to Kubernetes group '\(group)', which \(first.what) compiles to as well: each one's members would get the other's bindings; rename one (team groups compile to <team>:<group>, so keep ':' out of platform group names)",
                                               at: at, notes: [.init("the other definition", at: first.at)]))
                    }
                    continue
                }
                let (at, what) = definition
                checked[group] = (identity.origin, at, what)
                if group.isEmpty {
                    findings.append(.error("empty-group", "an empty group name grants nothing and hides a typo; name the group", at: at))
                } else if Self.holds(group, "{") || Self.holds(group, "}") {
                    findings.append(.error("placeholder-in-group", "\(what) compiles to Kubernetes group '\(group)', which holds '{' or '}': aws-iam-authenticator renders placeholders in groups, so a caller could choose its own group through its session name; rename it without braces", at: at))
                } else if let prefix = reservedPrefix(of: group) {
                    findings.append(.error("reserved-group", "\(what) compiles to Kubernetes group '\(group)', which starts with '\(prefix)', reserved for Kubernetes and EKS (EKS binds some of those groups cluster-wide); rename it (use `systemMasters: true` for system:masters)", at: at))
                }
            }
        }
        return findings
    }

    /// The fragment line and a name for what produced an identity's groups.
    /// `teams`: the index in `cluster.teams` of the first team of each name.
    static func definition(of origin: Origin, in cluster: ClusterAccess, teams: inout [String: Int]) -> (SourceLocation, String)? {
        switch origin {
        case .cluster: return nil
        case .platform(let name):
            return cluster.environment.groups.first { $0.name == name }.map { ($0.location, "platform group '\(name)'") }
        case .team(let team, let name):
            guard let index = teams[team] else { return nil }
            let spec = cluster.teams[index]
            return spec.groups.first { $0.name == name }.map { ($0.location, "group '\(name)' of team '\(team)'") }
        }
    }

    static func sharedUsernames(_ people: [Identity]) -> [Diagnostic] {
        UsernameTemplates.collisions(people.map(\.username)).map { pair in
            // Point at a username someone wrote, the first one when both were written.
            let (first, second) = people[pair.1].customUsername && !people[pair.0].customUsername
                ? (people[pair.0], people[pair.1]) : (people[pair.1], people[pair.0])
            let same = first.username == second.username ? "both become Kubernetes user '\(first.username)'"
                : "usernames '\(first.username)' and '\(second.username)' can render to the same Kubernetes user (placeholders are filled in at login)"
            return .error("shared-username", "\(second.arn) and \(first.arn): \(same), which would merge their access; give each principal its own username",
                          at: second.usernameLocation ?? second.location, notes: [.init("the other principal", at: first.usernameLocation ?? first.location)])
        }
    }

    /// What is wrong with a member ARN, or nil. Members are IAM roles or users, never wildcards
    /// or the STS session ARNs people copy from `aws sts get-caller-identity`.
    static func arnProblem(_ text: String, parsed: ARN?) -> String? {
        if holds(text, "*") || holds(text, "?") {
            return "wildcard ARN '\(text)': aws-iam-authenticator and EKS match exact ARNs only; list each role"
        }
        guard let arn = parsed else {
            return "'\(text)' is not an ARN; members look like arn:aws:iam::111122223333:role/NAME"
        }
        if arn.service == "sts" || arn.resourceType == "assumed-role" {
            return "'\(text)' is an STS session ARN; use the role itself: arn:\(arn.partition):iam::\(arn.account):role/\(text.split(separator: "/").dropFirst().first ?? "NAME")"
        }
        if !partitions.contains(arn.partition) { return "'\(text)' has unknown partition '\(arn.partition)'" }
        if arn.service != "iam" { return "'\(text)' is not an IAM ARN (service '\(arn.service)'); members are IAM roles or users" }
        if !arn.region.isEmpty { return "'\(text)' has a region; IAM ARNs have none (arn:aws:iam::ACCOUNT:role/NAME)" }
        if !AWSNames.isAccountID(arn.account) { return "'\(text)' has account '\(arn.account)'; account ids are 12 digits" }
        if arn.resourceType != "role" && arn.resourceType != "user" {
            return "'\(text)' is an IAM \(arn.resourceType); only roles and users can be mapped"
        }
        if let problem = AWSNames.iamNameProblem(arn.name) ?? AWSNames.iamPathProblem(arn.path) {
            return "'\(text)' cannot be an IAM \(arn.resourceType): \(problem); copy the ARN from the IAM console or `aws iam get-\(arn.resourceType)`"
        }
        return nil
    }

    /// Foundation's `contains`, asked only of text that holds the needle's one ASCII byte: without
    /// the byte it cannot match, and Foundation's search is the slow path on Linux.
    /// (Foundation's Character semantics are kept here on purpose: a `{{` the authenticator would
    /// render always holds a `{` that is a Character of its own, and the tests pin the answers.)
    /// (Not `TextSearch.contains(_:ascii:)` for the byte test: going through a scalar there cost
    /// about 95 million instructions more at 500 teams (callgrind), for two calls per member of every cluster.)
    static func holds(_ text: String, _ needle: String) -> Bool {
        guard let byte = needle.utf8.first, needle.utf8.count == 1, byte < 0x80 else { preconditionFailure("one ASCII character") }
        let holdsByte = text.utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? text.utf8.contains(byte)
        return holdsByte && text.contains(needle)
    }
}
