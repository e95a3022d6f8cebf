import Diagnostics
import Model
import Yams

/// Reads Roles, ClusterRoles, RoleBindings and ClusterRoleBindings from Kubernetes YAML: a
/// multi-document stream or a `kind: List`, as `kubectl get -o yaml` and upstream's bootstrap
/// fixtures write them. Other kinds are skipped.
public enum RBACManifests {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ text: String, path: String) throws -> RBACPolicy {
        var policy = RBACPolicy()
        let documents: [Yams.Node]
        do {
            documents = Array(try Yams.compose_all(yaml: text))
        } catch {
            throw Failure(description: "\(path): not YAML: \(error)")
        }
        for document in documents {
            let objects = document["kind"]?.string == "List" ? Array(document["items"]?.sequence ?? []) : [document]
            for object in objects { try add(object, path: path, to: &policy) }
        }
        return policy
    }

    private static func add(_ object: Yams.Node, path: String, to policy: inout RBACPolicy) throws {
        let kind = object["kind"]?.string ?? ""
        let metadata = object["metadata"]
        let name = metadata?["name"]?.string ?? ""
        let namespace = metadata?["namespace"]?.string
        let at = location(object, path)
        switch kind {
        case "Role", "ClusterRole":
            let selectors = (object["aggregationRule"]?["clusterRoleSelectors"]?.sequence ?? []).map { labels($0["matchLabels"]) }
            let role = PolicyRole(name: name, namespace: kind == "Role" ? namespace : nil, rules: rules(object["rules"], path),
                                  labels: labels(metadata?["labels"]), aggregationSelectors: selectors, definedAt: at)
            if kind == "Role" { policy.roles.append(role) } else { policy.clusterRoles.append(role) }
        case "RoleBinding", "ClusterRoleBinding":
            guard let ref = object["roleRef"], let refKind = ref["kind"]?.string.flatMap(RoleRef.Kind.init(rawValue:)),
                  let refName = ref["name"]?.string else {
                throw Failure(description: "\(at): \(kind) \(name) has no valid roleRef")
            }
            let subjects: [Subject] = (object["subjects"]?.sequence ?? []).compactMap { subject in
                guard let kind = subject["kind"]?.string.flatMap(Subject.Kind.init(rawValue:)), let name = subject["name"]?.string else { return nil }
                return Subject(kind, name)
            }
            policy.bindings.append(PolicyBinding(name: name, namespace: kind == "RoleBinding" ? namespace ?? "" : nil,
                                                 roleRef: RoleRef(kind: refKind, name: refName), subjects: subjects, grantedAt: at))
        default:
            break
        }
    }

    private static func location(_ node: Yams.Node, _ path: String) -> SourceLocation {
        SourceLocation(path: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    private static func strings(_ node: Yams.Node?) -> [String] {
        (node?.sequence ?? []).compactMap(\.string)
    }

    private static func labels(_ node: Yams.Node?) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in node?.mapping ?? [:] {
            if let key = key.string, let value = value.string { labels[key] = value }
        }
        return labels
    }

    private static func rules(_ node: Yams.Node?, _ path: String) -> [Rule] {
        (node?.sequence ?? []).map { rule in
            Rule(apiGroups: strings(rule["apiGroups"]), resources: strings(rule["resources"]), verbs: strings(rule["verbs"]),
                 resourceNames: strings(rule["resourceNames"]), nonResourceURLs: strings(rule["nonResourceURLs"]),
                 location: location(rule, path))
        }
    }
}
