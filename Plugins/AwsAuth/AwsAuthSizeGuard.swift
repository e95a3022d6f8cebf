import Diagnostics
import Model
import PluginAPI
import Serialization

/// The API server refuses a ConfigMap whose data exceeds 1 MiB; an aws-auth that cannot be
/// applied leaves the old one in force, silently.
public struct AwsAuthSizeGuard: Guard {
    public let name = "aws-auth-size"
    public static let limit = 1_048_576

    public init() {}

    public func check(_ cluster: ClusterAccess) -> [Diagnostic] {
        guard cluster.authMode.usesConfigMap, case .map(let pairs) = AwsAuthEmitter().configMap(cluster),
              case .map(let data)? = pairs.first(where: { $0.0 == "data" })?.1 else { return [] }
        let size = data.reduce(0) { total, pair in
            if case .string(let text) = pair.1 { return total + pair.0.utf8.count + text.utf8.count }
            return total
        }
        guard size > Self.limit else { return [] }
        return [.error("aws-auth-too-large", "aws-auth for cluster '\(cluster.cluster.name)' would hold \(size) bytes of data, over the API server's limit of \(Self.limit); switch the environment to `authMode: api` (access entries)",
                       at: cluster.environment.authMode.location)]
    }
}
