/// An IAM ARN taken apart: `arn:<partition>:<service>:<region>:<account>:<resource>`.
public struct ARN: Hashable, Sendable, Codable {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resourceType: String
    /// Path between the resource type and the name, `/` on both ends (`/` when there is none).
    public var path: String
    public var name: String
    /// The ARN as written.
    public var text: String

    public init?(_ text: String) {
        self.text = text
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        partition = parts[1]
        service = parts[2]
        region = parts[3]
        account = parts[4]
        let resource = parts[5]
        guard let slash = resource.firstIndex(of: "/") else { return nil }
        resourceType = String(resource[..<slash])
        let rest = resource[resource.index(after: slash)...]
        guard let lastSlash = rest.lastIndex(of: "/") else {
            path = "/"
            name = String(rest)
            return
        }
        path = "/" + rest[..<lastSlash] + "/"
        name = String(rest[rest.index(after: lastSlash)...])
    }

    /// The role or user ARN without its path.
    public var pathless: String { "arn:\(partition):\(service)::\(account):\(resourceType)/\(name)" }

    /// What aws-iam-authenticator compares a mapping against: a role session is canonicalised to
    /// the path-less role ARN, an IAM user's ARN is kept as it is, path included (pkg/arn).
    public var authenticatorForm: String { resourceType == "role" ? pathless : text }

    /// `authenticatorForm` of `text`, or `text` itself when it is no ARN.
    public static func authenticatorForm(_ text: String) -> String { ARN(text)?.authenticatorForm ?? text }

    /// The username EKS access entries give this principal by default, used in aws-auth too
    /// so a person is the same Kubernetes user in either authentication mode.
    public var defaultUsername: String {
        resourceType == "role" ? "arn:\(partition):sts::\(account):assumed-role/\(name)/{{SessionName}}" : text
    }
}
