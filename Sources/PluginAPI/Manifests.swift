import Model
import Serialization

/// Building blocks for Kubernetes manifests, shared by emitters so every object has the same
/// labels and key order (apiVersion, kind, metadata first, as `kubectl` writes them).
public enum Manifests {
    public static let managedByLabel = ("app.kubernetes.io/managed-by", "rolecall")
    public static let teamLabel = "rolecall.dev/team"

    public static func object(apiVersion: String, kind: String, name: String, namespace: String? = nil,
                              labels: [String: String] = [:], annotations: [String: String] = [:],
                              body: [(String, Document)] = []) -> Document {
        var allLabels = labels
        allLabels[managedByLabel.0] = managedByLabel.1
        var metadata: [(String, Document)] = []
        if !annotations.isEmpty { metadata.append(("annotations", .sorted(annotations.mapValues(Document.string)))) }
        metadata.append(("labels", .sorted(allLabels.mapValues(Document.string))))
        metadata.append(("name", .string(name)))
        if let namespace { metadata.append(("namespace", .string(namespace))) }
        return .map([("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", .map(metadata))] + body)
    }

    public static func rules(_ rules: [Rule]) -> Document {
        .list(rules.map { rule in
            var pairs: [(String, Document)] = []
            if !rule.nonResourceURLs.isEmpty {
                pairs.append(("nonResourceURLs", .strings(rule.nonResourceURLs)))
            } else {
                pairs.append(("apiGroups", .strings(rule.apiGroups)))
            }
            if !rule.resourceNames.isEmpty { pairs.append(("resourceNames", .strings(rule.resourceNames))) }
            if rule.nonResourceURLs.isEmpty { pairs.append(("resources", .strings(rule.resources))) }
            pairs.append(("verbs", .strings(rule.verbs)))
            return .map(pairs)
        })
    }

    public static func groupSubjects(_ groups: [String]) -> Document {
        .list(groups.sorted().map { group in
            .map([("apiGroup", .string("rbac.authorization.k8s.io")), ("kind", .string("Group")), ("name", .string(group))])
        })
    }
}
