import Model
import PluginAPI
import Serialization

/// Renders `kube-system/aws-auth` exactly as aws-iam-authenticator reads it: `mapRoles`,
/// `mapUsers` and `mapAccounts` are YAML *strings* holding lists; role ARNs lose their path,
/// because the authenticator compares against path-less ARNs.
public struct AwsAuthEmitter: ClusterEmitter {
    public let name = "aws-auth"
    public static let fileName = "aws-auth.yaml"

    public init() {}

    public func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] {
        guard cluster.authMode.usesConfigMap else { return [] }
        return [EmittedFile(path: Self.fileName, contents: YAMLWriter.write(configMap(cluster)), isKubernetesResource: true)]
    }

    public func configMap(_ cluster: ClusterAccess) -> Document {
        var data: [String: Document] = [:]
        let (roles, users) = Self.entries(cluster)
        data["mapRoles"] = .string(YAMLWriter.write(.list(roles)))
        if !users.isEmpty { data["mapUsers"] = .string(YAMLWriter.write(.list(users))) }
        if !cluster.environment.accounts.isEmpty {
            data["mapAccounts"] = .string(YAMLWriter.write(.list(cluster.environment.accounts.map { .string($0.value) })))
        }
        return Manifests.object(apiVersion: "v1", kind: "ConfigMap", name: "aws-auth", namespace: "kube-system",
                                annotations: PruneProtection.annotations(for: cluster), body: [("data", .sorted(data))])
    }

    /// The `mapRoles` and `mapUsers` entries: node roles first, then by ARN, case-folded.
    public static func entries(_ cluster: ClusterAccess) -> (roles: [Document], users: [Document]) {
        // Auto Mode nodes join only through an access entry with AmazonEKSAutoNodePolicy: aws-auth has no form for them.
        let keyed = cluster.identities.filter { $0.kind != .autoModeNode }.map { identity in
            let matched = identity.authenticatorARN
            return (identity: identity, matched: matched, key: (identity.kind.isNode ? 0 : 1, ARN.caseFolded(matched)))
        }
        var roles: [Document] = [], users: [Document] = []
        for (identity, matched, _) in keyed.sorted(by: { $0.key < $1.key }) {
            let isUser = identity.kind == .user
            let entry = Document.map([
                ("groups", .strings(identity.groups)),
                (isUser ? "userarn" : "rolearn", .string(isUser ? identity.arn : matched)),
                ("username", .string(identity.username)),
            ])
            if isUser { users.append(entry) } else { roles.append(entry) }
        }
        return (roles, users)
    }
}
