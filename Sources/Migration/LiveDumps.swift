import Authorization
import Diagnostics
import Foundation
import Model
import Yams

/// Reads the three dumps of a live cluster (docs/migrating.md, "Taking the dumps"):
/// `kubectl get configmap aws-auth -n kube-system -o yaml`, `kubectl get
/// namespaces,roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml`, and the AWS CLI's
/// `describe-access-entry` and `list-associated-access-policies` outputs, concatenated or as a
/// JSON array, in any order.
public enum LiveDumps {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static func read(awsAuth: String?, rbac: String?, accessEntries: String?) throws -> LiveCluster {
        var live = LiveCluster()
        if let awsAuth { try readAwsAuth(awsAuth, into: &live) }
        if let rbac { try readRBAC(rbac, into: &live) }
        if let accessEntries { try readAccessEntries(accessEntries, into: &live) }
        return live
    }

    // MARK: aws-auth

    static func readAwsAuth(_ text: String, into live: inout LiveCluster) throws {
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: text) } catch { throw Failure("aws-auth: not YAML: \(error)") }
        // `kubectl get ... -o yaml` of one object, or a List holding it.
        var object = root
        if root?["kind"]?.string == "List" { object = root?["items"]?.sequence?.first { $0["metadata"]?["name"]?.string == "aws-auth" } }
        guard let object, object["kind"]?.string == "ConfigMap" else { throw Failure("aws-auth: not a ConfigMap (expected the output of `kubectl get configmap aws-auth -n kube-system -o yaml`)") }
        live.hasAwsAuth = true
        let data = object["data"]
        for (key, isUser) in [("mapRoles", false), ("mapUsers", true)] {
            guard let value = data?[key] else { continue }
            guard let list = value.string else { throw Failure("aws-auth: data.\(key) is not a string") }
            let entries: [Yams.Node]
            do { entries = Array(try Yams.compose(yaml: list)?.sequence ?? []) } catch {
                // The authenticator drops every mapping of a key it cannot read: say so rather than guess.
                // Yams counts lines from the start of the value, not of the file.
                // A block scalar's lines are the file's, shifted; a quoted one (a JSON dump) has its own.
                let block = value.scalar.map { $0.style == .literal || $0.style == .folded } ?? false
                let start = block ? value.mark.map { "; those lines count from the value's first line, line \($0.line + 1) of the file" } ?? ""
                    : "; those lines count within the text of data.\(key)"
                throw Failure("aws-auth: data.\(key) is not a YAML list (\(error)\(start)); aws-iam-authenticator ignores all of it, fix it in the cluster first")
            }
            for entry in entries {
                var fields: [String: Yams.Node] = [:]
                for (k, v) in entry.mapping ?? [:] { if let k = k.string { fields[k.lowercased()] = v } }
                guard let arn = fields[isUser ? "userarn" : "rolearn"]?.string else { continue }
                let mapping = LiveCluster.Mapping(arn: arn, username: fields["username"]?.string,
                                                  groups: (fields["groups"]?.sequence ?? []).compactMap(\.string), isUser: isUser)
                if isUser { live.mapUsers.append(mapping) } else { live.mapRoles.append(mapping) }
            }
        }
        if let accounts = data?["mapAccounts"]?.string {
            live.mapAccounts = (try? Yams.compose(yaml: accounts)?.sequence?.compactMap(\.string)) ?? []
        }
    }

    // MARK: RBAC

    static func readRBAC(_ text: String, into live: inout LiveCluster) throws {
        let policy: RBACPolicy
        // The reader's own refusals are an unreadable dump like any other (exit 2 in the commands).
        do { policy = try RBACManifests.read(text, path: "rbac") } catch let failure as RBACManifests.Failure { throw Failure(failure.description) }
        live.roles = policy.roles
        live.clusterRoles = policy.clusterRoles
        let documents: [Yams.Node]
        do { documents = Array(try Yams.compose_all(yaml: text)) } catch { throw Failure("rbac: not YAML: \(error)") }
        for document in documents {
            let objects = document["kind"]?.string == "List" ? Array(document["items"]?.sequence ?? []) : [document]
            for object in objects {
                let kind = object["kind"]?.string ?? ""
                let metadata = object["metadata"]
                let name = metadata?["name"]?.string ?? ""
                switch kind {
                case "Namespace":
                    live.namespaces.append(name)
                case "RoleBinding", "ClusterRoleBinding":
                    guard let refKind = object["roleRef"]?["kind"]?.string.flatMap(RoleRef.Kind.init(rawValue:)),
                          let refName = object["roleRef"]?["name"]?.string else { continue }
                    var labels: [String: String] = [:]
                    for (k, v) in metadata?["labels"]?.mapping ?? [:] { if let k = k.string, let v = v.string { labels[k] = v } }
                    let subjects = (object["subjects"]?.sequence ?? []).map { subject in
                        LiveCluster.BindingSubject(kind: subject["kind"]?.string ?? "", name: subject["name"]?.string ?? "",
                                                   namespace: subject["namespace"]?.string)
                    }
                    live.bindings.append(LiveCluster.Binding(name: name, namespace: kind == "RoleBinding" ? metadata?["namespace"]?.string ?? "" : nil,
                                                             roleRef: RoleRef(kind: refKind, name: refName), subjects: subjects, labels: labels))
                default:
                    continue
                }
            }
        }
        live.namespaces.sort()
    }

    // MARK: access entries

    static func readAccessEntries(_ text: String, into live: inout LiveCluster) throws {
        var entries: [String: LiveCluster.AccessEntry] = [:]
        var order: [String] = []
        var policies: [String: [AccessPolicyAssociation]] = [:]
        for value in try jsonValues(text) {
            let objects = (value as? [Any]) ?? [value]
            for case let object as [String: Any] in objects {
                if let entry = object["accessEntry"] as? [String: Any], let arn = entry["principalArn"] as? String {
                    // `aws eks describe-access-entry`.
                    if entries[arn.lowercased()] == nil { order.append(arn.lowercased()) }
                    entries[arn.lowercased()] = LiveCluster.AccessEntry(
                        principalArn: arn, type: entry["type"] as? String ?? "STANDARD", username: entry["username"] as? String,
                        kubernetesGroups: entry["kubernetesGroups"] as? [String] ?? [], policies: [],
                        accessEntryArn: entry["accessEntryArn"] as? String)
                } else if let arn = object["principalArn"] as? String, let associated = object["associatedAccessPolicies"] as? [[String: Any]] {
                    // `aws eks list-associated-access-policies`.
                    policies[arn.lowercased(), default: []] += associated.compactMap { association in
                        guard let policy = association["policyArn"] as? String else { return nil }
                        let scope = association["accessScope"] as? [String: Any] ?? [:]
                        let namespaces = scope["namespaces"] as? [String] ?? []
                        return AccessPolicyAssociation(policyARN: policy, scope: (scope["type"] as? String) == "namespace" ? .namespaces(namespaces) : .cluster)
                    }
                } else if object["accessEntries"] is [String] {
                    // `aws eks list-access-entries`: only names principals; their details come from describe.
                    continue
                } else {
                    throw Failure("access entries: a JSON object that is none of describe-access-entry, list-associated-access-policies, list-access-entries (keys: \(object.keys.sorted().joined(separator: ", ")))")
                }
            }
        }
        for key in policies.keys where entries[key] == nil {
            throw Failure("access entries: associated policies for \(key) but no describe-access-entry output for it")
        }
        live.hasAccessEntries = true
        live.accessEntries = order.map { key in
            var entry = entries[key]!
            entry.policies = policies[key] ?? []
            return entry
        }
    }

    /// Every top-level JSON value in `text`: concatenated documents (`aws ... ; aws ...` into one
    /// file), one per line, or a single array.
    static func jsonValues(_ text: String) throws -> [Any] {
        var values: [Any] = []
        let bytes = Array(text.utf8)
        var index = 0, depth = 0, start = -1, inString = false, escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                if depth == 0 { start = index }
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0, start >= 0 {
                    let data = Data(bytes[start...index])
                    do { values.append(try JSONSerialization.jsonObject(with: data)) } catch { throw Failure("access entries: not JSON near byte \(start): \(error)") }
                    start = -1
                } else if depth < 0 {
                    throw Failure("access entries: unbalanced JSON near byte \(index)")
                }
            } else if depth == 0, !(byte == 32 || byte == 9 || byte == 10 || byte == 13) {
                throw Failure("access entries: unexpected text outside a JSON document near byte \(index)")
            }
            index += 1
        }
        if depth != 0 { throw Failure("access entries: the JSON ends inside a document") }
        return values
    }
}
