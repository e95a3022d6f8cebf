import Authorization
import Diagnostics
import Model

/// How the live cluster authenticates and authorizes: each IAM principal as EKS sees it (its
/// access entry where it has one, else its aws-auth row) and the RBAC objects people wrote,
/// without what Kubernetes and EKS create themselves. The "before" side of the import proof.
public struct LivePrincipal: Sendable {
    public enum Kind: String, Sendable { case person, linuxNode, windowsNode, fargate, hybridNode, autoModeNode }
    /// The ARN as the dump writes it (an access entry keeps the role path; aws-auth should not have one).
    public var arn: String
    public var kind: Kind
    /// The username the principal gets: the access entry's, the aws-auth row's, or nil where aws-auth sets none.
    public var username: String?
    public var groups: [String]
    public var policies: [AccessPolicyAssociation]
    public var isUser: Bool
    /// Where the live cluster takes it from.
    public var path: Principal.Path
    /// It has an access entry in the dump (EKS created it, or someone did).
    public var hasAccessEntry: Bool

    public var matchedARN: String { ARN.authenticatorForm(arn) }
    public var key: String { matchedARN.lowercased() }
    public var isSystemMaster: Bool { groups.contains(Identity.systemMasters) }
    /// An aws-auth role row with a role path: aws-iam-authenticator compares the caller's path-less
    /// role ARN with it, so it never matches and authenticates nobody (FACTS.md).
    public var neverMatches: Bool {
        guard path == .awsAuth, let parsed = ARN(arn) else { return false }
        return parsed.resourceType == "role" && parsed.path != "/"
    }
}

extension LiveCluster {
    /// Every principal of the dumps, once: an access entry wins over the aws-auth row of the same principal.
    public var principals: [LivePrincipal] {
        var byKey: [String: LivePrincipal] = [:]
        var order: [String] = []
        func add(_ principal: LivePrincipal) {
            // A row that never matches does not shadow one of the same role that does.
            if principal.neverMatches, let existing = byKey[principal.key], !existing.neverMatches { return }
            if byKey[principal.key] == nil { order.append(principal.key) }
            byKey[principal.key] = principal
        }
        for mapping in mapRoles + mapUsers {
            let groups = mapping.groups
            var kind = LivePrincipal.Kind.person
            if groups.contains(Principal.nodes) && !mapping.isUser {
                if groups.contains("eks:kube-proxy-windows") { kind = .windowsNode }
                else if groups.contains("system:node-proxier") || mapping.username == Identity.fargateUsername { kind = .fargate }
                else { kind = .linuxNode }
            }
            add(LivePrincipal(arn: mapping.arn, kind: kind, username: mapping.username, groups: groups, policies: [],
                              isUser: mapping.isUser, path: .awsAuth, hasAccessEntry: false))
        }
        for entry in accessEntries {
            let kind: LivePrincipal.Kind = switch entry.type {
            case "EC2_LINUX": .linuxNode
            case "EC2_WINDOWS": .windowsNode
            case "FARGATE_LINUX": .fargate
            case "HYBRID_LINUX": .hybridNode
            case "EC2": .autoModeNode
            default: .person
            }
            add(LivePrincipal(arn: entry.principalArn, kind: kind, username: kind == .person ? entry.username : nil,
                              groups: kind == .person ? entry.kubernetesGroups : [Principal.nodes], policies: kind == .person ? entry.policies : [],
                              isUser: ARN(entry.principalArn)?.resourceType == "user", path: .accessEntry, hasAccessEntry: true))
        }
        return order.map { byKey[$0]! }
    }

    /// The bindings people wrote (not `system:`/`eks:` objects Kubernetes and EKS create).
    public var ownBindings: [Binding] {
        bindings.filter { !Self.isPlatformOwned(name: $0.name, labels: $0.labels) }
    }

    /// The live cluster as Authorization evaluates it: the "before" of the proof. Built-in and
    /// platform-owned roles come from the release's bootstrap policy, as they do after the import.
    public func authorization(release: KubernetesRelease) -> ClusterAuthorization {
        var policy = RBACPolicy()
        policy.roles = roles.filter { !Self.isPlatformOwned(name: $0.name, labels: $0.labels) }
        policy.clusterRoles = clusterRoles.filter { !Self.isPlatformOwned(name: $0.name, labels: $0.labels) }
        policy.bindings = ownBindings.map { binding in
            PolicyBinding(name: binding.name, namespace: binding.namespace, roleRef: binding.roleRef,
                          subjects: binding.subjects.compactMap { subject in
                              switch subject.kind {
                              case "User": Subject(.user, subject.name)
                              case "Group": Subject(.group, subject.name)
                              default: nil
                              }
                          })
        }
        // Rows that never match authenticate nobody: whoever they name has no access today.
        let principals = self.principals.filter { !$0.neverMatches }.map { live in
            Principal(arn: live.arn, username: live.username ?? live.matchedARN, groups: live.groups, path: live.path,
                      policies: live.policies, shadowedAwsAuth: false, isNode: live.kind != .person)
        }
        return ClusterAuthorization(release: release, principals: principals, policy: policy)
    }
}
