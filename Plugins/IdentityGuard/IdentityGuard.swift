import Diagnostics
import Model
import PluginAPI

/// Every principal is a well-formed IAM role or user ARN, mapped once, with usernames and
/// groups the authenticator and EKS accept. Checks what the authenticator silently gets wrong.
public struct IdentityGuard: Guard {
    public let name = "identity"

    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]
    static let reservedUsernamePrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"]

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        var seen: [String: Identity] = [:]
        for identity in cluster.identities {
            if let problem = Self.arnProblem(identity.arn, parsed: identity.parsedARN) {
                findings.append(.error("invalid-arn", problem, at: identity.location))
                continue
            }
            let key = identity.authenticatorARN.lowercased()
            if let first = seen[key] {
                findings.append(.error("duplicate-arn", "\(identity.arn) is mapped twice in cluster '\(cluster.cluster.name)' (as \(identity.origin.description) and \(first.origin.description)); aws-auth keeps only one entry per ARN, so give it one group",
                                       at: identity.location, notes: [.init("first mapped here", at: first.location)]))
            } else {
                seen[key] = identity
            }
            guard !identity.kind.isNode else { continue }
            if identity.customUsername {
                if let problem = KubernetesNames.placeholderProblem(identity.username) {
                    findings.append(.error("invalid-placeholder", "username '\(identity.username)': \(problem)", at: identity.location))
                }
                if let prefix = Self.reservedUsernamePrefixes.first(where: { identity.username.hasPrefix($0) }) {
                    findings.append(.error("reserved-username", "username '\(identity.username)' starts with '\(prefix)', which is reserved for Kubernetes and EKS; choose another, or leave `username` out for the default", at: identity.location))
                }
                if cluster.authMode.usesAccessEntries, identity.username.contains("{{SessionName}}"),
                   !identity.username.contains(":{{SessionName}}") {
                    findings.append(.error("session-name-position", "username '\(identity.username)': EKS access entries accept {{SessionName}} only right after a ':' (e.g. 'alice:{{SessionName}}')", at: identity.location))
                }
                if identity.username.isEmpty {
                    findings.append(.error("empty-username", "username is empty; leave it out to get the default", at: identity.location))
                }
            }
            for group in identity.groups where group != Identity.systemMasters {
                if group.isEmpty {
                    findings.append(.error("empty-group", "an empty group name grants nothing and hides a typo; name the group", at: identity.location))
                } else if group.hasPrefix("system:") {
                    findings.append(.error("reserved-group", "group '\(group)' starts with 'system:', which is reserved; use `systemMasters: true` for system:masters", at: identity.location))
                } else if let problem = KubernetesNames.placeholderProblem(group) {
                    findings.append(.error("invalid-placeholder", "group '\(group)': \(problem)", at: identity.location))
                }
            }
        }
        return findings
    }

    /// What is wrong with a member ARN, or nil. Members are IAM roles or users, never wildcards
    /// or the STS session ARNs people copy from `aws sts get-caller-identity`.
    static func arnProblem(_ text: String, parsed: ARN?) -> String? {
        if text.contains("*") || text.contains("?") {
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
        if arn.name.isEmpty { return "'\(text)' has no \(arn.resourceType) name" }
        return nil
    }
}
