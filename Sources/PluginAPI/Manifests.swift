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

    /// What `object` writes before its body, as a new document of `yaml`: apiVersion, kind,
    /// and metadata with `annotations` (sorted by key), the managed-by label and, given a team,
    /// the team label. The body follows at indent 0.
    public static func writeHeader(_ yaml: inout YAMLBlockWriter, apiVersion: String, kind: String, name: String, namespace: String? = nil,
                                   team: String? = nil, annotations: [(key: String, value: String)] = []) {
        yaml.startDocument()
        yaml.field("apiVersion", apiVersion, indent: 0)
        yaml.field("kind", kind, indent: 0)
        yaml.open("metadata", indent: 0)
        if !annotations.isEmpty {
            yaml.open("annotations", indent: 2)
            for (key, value) in annotations { yaml.field(key, value, indent: 4) }
        }
        yaml.open("labels", indent: 2)
        // `object` sorts the labels by key; these two keys sort the managed-by label first.
        yaml.field(managedByLabel.0, managedByLabel.1, indent: 4)
        if let team { yaml.field(teamLabel, team, indent: 4) }
        yaml.field("name", name, indent: 2)
        if let namespace { yaml.field("namespace", namespace, indent: 2) }
    }

    /// A Role's or ClusterRole's `rules:`, in the order given.
    public static func writeRules(_ yaml: inout YAMLBlockWriter, _ rules: [Rule]) {
        guard !rules.isEmpty else { return yaml.emptyList("rules", indent: 0) }
        yaml.open("rules", indent: 0)
        for rule in rules {
            yaml.item(indent: 0)
            if !rule.nonResourceURLs.isEmpty {
                yaml.strings("nonResourceURLs", rule.nonResourceURLs, indent: 2)
            } else {
                yaml.strings("apiGroups", rule.apiGroups, indent: 2)
            }
            if !rule.resourceNames.isEmpty { yaml.strings("resourceNames", rule.resourceNames, indent: 2) }
            if rule.nonResourceURLs.isEmpty { yaml.strings("resources", rule.resources, indent: 2) }
            yaml.strings("verbs", rule.verbs, indent: 2)
        }
    }

    /// A binding's `roleRef:`.
    public static func writeRoleRef(_ yaml: inout YAMLBlockWriter, kind: String, name: String) {
        yaml.open("roleRef", indent: 0)
        yaml.field("apiGroup", "rbac.authorization.k8s.io", indent: 2)
        yaml.field("kind", kind, indent: 2)
        yaml.field("name", name, indent: 2)
    }

    /// A binding's `subjects:`, one Group each, sorted.
    public static func writeGroupSubjects(_ yaml: inout YAMLBlockWriter, _ groups: [String]) {
        guard !groups.isEmpty else { return yaml.emptyList("subjects", indent: 0) }
        yaml.open("subjects", indent: 0)
        for group in groups.sorted() {
            yaml.item(indent: 0)
            yaml.field("apiGroup", "rbac.authorization.k8s.io", indent: 2)
            yaml.field("kind", "Group", indent: 2)
            yaml.field("name", group, indent: 2)
        }
    }
}
