import Diagnostics
import Model
import PluginAPI

/// Nothing emitted may lock nodes or people out, judged on the emitted files themselves for the
/// environment's `authMode`: every node role authenticates as a node of its kind, and every
/// break-glass principal authenticates (from a non-EC2 session) and reaches cluster-admin. It
/// reads back what the emitters wrote, so a `plugins:` list that drops an emitter, an auth mode
/// without its emitter, or a template the authenticator refuses cannot get through.
public struct LockoutGuard: BundleGuard {
    public let name = "lockout"
    static let clusterAdminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    /// The policy an `EC2` (Auto Mode) entry needs for its nodes to join (EKS User Guide, create-node-class).
    static let autoNodePolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"

    public init() {}

    public func check(_ cluster: ClusterAccess, files: [EmittedFile]) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let spec = cluster.cluster
        if spec.allNodeRoles.isEmpty {
            findings.append(.error("no-node-role", "cluster '\(spec.name)' maps no node or Fargate role: its nodes could not join; add `nodeRoles`, `windowsNodeRoles`, `fargateRoles`, `hybridNodeRoles` or `autoModeNodeRoles`", at: spec.location))
        }
        let deployed = DeployedCluster(files: files)
        let authenticator = Authenticator(deployed: deployed, authMode: cluster.authMode)
        for problem in deployed.accessEntryProblems {
            findings.append(.error("lockout", "cluster '\(spec.name)': \(problem)", at: spec.location))
        }
        for identity in cluster.identities where identity.kind.isNode {
            if let why = Self.nodeProblem(identity, authenticator, account: spec.account.value) {
                findings.append(cause(cluster, "node role \(identity.arn) would not join cluster '\(spec.name)' as a \(Self.kindName(identity.kind)): \(why)", default: identity.location))
            }
        }
        for breakGlass in cluster.policy.breakGlass {
            let key = ARN.authenticatorKey(breakGlass.value)
            guard let identity = cluster.identities.first(where: { !$0.kind.isNode && $0.authenticatorKey == key }) else {
                findings.append(.error("break-glass-unmapped", "break-glass principal \(breakGlass.value) is not mapped in cluster '\(spec.name)'; add it to a platform group bound to cluster-admin", at: breakGlass.location))
                continue
            }
            if let why = Self.adminProblem(identity, authenticator, deployed, account: spec.account.value) {
                findings.append(cause(cluster, "break-glass principal \(breakGlass.value) would not reach cluster-admin in cluster '\(spec.name)': \(why)",
                                      default: breakGlass.location, note: .init("mapped here", at: identity.location)))
            }
        }
        return findings
    }

    static func kindName(_ kind: Identity.Kind) -> String {
        switch kind {
        case .linuxNode: "Linux node"
        case .windowsNode: "Windows node"
        case .fargate: "Fargate pod"
        case .hybridNode: "hybrid node"
        case .autoModeNode: "node of an Auto Mode node class"
        case .role, .user: "user"
        }
    }

    static func nodeProblem(_ identity: Identity, _ authenticator: Authenticator, account: String) -> String? {
        // EKS runs hybrid and Auto Mode nodes only in clusters that have access entries: the
        // hybrid nodes guide refuses CONFIG_MAP-only clusters, and Auto Mode nodes need a policy
        // association, which only an access entry carries (docs/output.md, "Node principals").
        if !authenticator.authMode.usesAccessEntries, identity.kind == .hybridNode || identity.kind == .autoModeNode {
            return "EKS supports \(identity.kind == .hybridNode ? "hybrid nodes" : "Auto Mode nodes") only in clusters whose authentication mode is API or API_AND_CONFIG_MAP (aws-auth has no form for a CONFIG_MAP-only cluster to admit them); set `authMode: api` or `both`"
        }
        // Fargate and hybrid nodes sign in with their node name as the session name; EC2 instances
        // (self-managed and Auto Mode) are the only sessions {{EC2PrivateDNSName}} renders for.
        let sessionNamed = identity.kind == .fargate || identity.kind == .hybridNode
        let session = Authenticator.Session(account: account, name: sessionNamed ? "fargate-ip-10-0-0-1.eu-west-1.compute.internal" : "i-0123456789abcdef0",
                                            ec2PrivateDNSName: sessionNamed ? nil : "ip-10-0-0-1.eu-west-1.compute.internal")
        let user: Authenticator.User
        switch authenticator.authenticate(identity, session: session) {
        case .failure(let refusal): return refusal.reason
        case .success(let authenticated): user = authenticated
        }
        let (type, username, groups): (String, String, [String]) = switch identity.kind {
        case .windowsNode: ("EC2_WINDOWS", "system:node:" + session.ec2PrivateDNSName!, Identity.windowsNodeGroups)
        case .fargate: ("FARGATE_LINUX", "system:node:" + session.name, Identity.fargateGroups)
        case .hybridNode: ("HYBRID_LINUX", "system:node:" + session.name, Identity.nodeGroups)
        case .autoModeNode: ("EC2", "system:node:" + (session.ec2PrivateDNSName ?? ""), Identity.nodeGroups)
        default: ("EC2_LINUX", "system:node:" + (session.ec2PrivateDNSName ?? ""), Identity.nodeGroups)
        }
        if case .accessEntry(let entryType) = user.path {
            guard entryType == type else { return "its access entry has type \(entryType), not \(type)" }
            // EKS refuses node entries with groups, a username or policies (botocore CreateAccessEntry),
            // except the Auto Mode node policy an EC2 entry must have.
            let allowed = type == "EC2" ? [autoNodePolicy] : []
            if let extra = user.clusterPolicies.first(where: { !allowed.contains($0) }) {
                return "its \(type) access entry associates \(extra); EKS takes no access policies on node entries"
            }
            if type == "EC2" && !user.clusterPolicies.contains(autoNodePolicy) {
                return "its EC2 access entry has no cluster-scoped AmazonEKSAutoNodePolicy association, without which Auto Mode nodes cannot join"
            }
            let entry = authenticator.deployed.accessEntry(for: identity)
            if let entry, entry.username != nil || !entry.groups.isEmpty {
                return "its \(type) access entry sets \(entry.username != nil ? "a username" : "kubernetesGroups"); EKS refuses both on node entries"
            }
            return nil
        }
        if user.username != username { return "aws-auth gives it username '\(user.username)', not '\(username)'" }
        let missing = groups.filter { !user.groups.contains($0) }
        return missing.isEmpty ? nil : "aws-auth gives it groups [\(user.groups.joined(separator: ", "))], without \(missing.joined(separator: ", "))"
    }

    static func adminProblem(_ identity: Identity, _ authenticator: Authenticator, _ deployed: DeployedCluster, account: String) -> String? {
        let session = Authenticator.Session(account: account, name: "break-glass@example.com", ec2PrivateDNSName: nil)
        let user: Authenticator.User
        switch authenticator.authenticate(identity, session: session) {
        case .failure(let refusal): return refusal.reason
        case .success(let authenticated): user = authenticated
        }
        if user.path == .awsAuth && user.groups.contains(Identity.systemMasters) { return nil }
        if user.clusterPolicies.contains(clusterAdminPolicy) { return nil }
        let bound = deployed.clusterRoleBindings.contains { binding in
            binding.clusterRole == "cluster-admin" && (binding.users.contains(user.username) || !Set(binding.groups).isDisjoint(with: user.groups))
        }
        if bound { return nil }
        let via = user.path == .awsAuth ? "aws-auth" : "its access entry"
        return "it authenticates through \(via) as '\(user.username)' with groups [\(user.groups.joined(separator: ", "))], and no applied ClusterRoleBinding binds any of them to cluster-admin"
    }

    /// Names the environment line that caused a failed proof: the `plugins:` list when it leaves
    /// out an emitter the auth mode needs, else the principal's own entry, with the auth mode.
    func cause(_ cluster: ClusterAccess, _ message: String, default location: SourceLocation, note: Diagnostic.Note? = nil) -> Diagnostic {
        let environment = cluster.environment
        var notes = note.map { [$0] } ?? []
        if let plugins = environment.plugins {
            var needed = ["rbac"]
            if cluster.authMode.usesConfigMap { needed.append("aws-auth") }
            if cluster.authMode.usesAccessEntries { needed.append("access-entries") }
            let listed = plugins.map(\.value)
            let missing = needed.filter { !listed.contains($0) }
            if !missing.isEmpty, let at = environment.pluginsLocation ?? plugins.first?.location {
                notes.append(.init("authMode is \(cluster.authMode.rawValue)", at: environment.authMode.location))
                return .error("lockout", "\(message); `plugins:` leaves out \(missing.joined(separator: ", ")): list \(missing.count == 1 ? "it" : "them") (or drop `plugins:` to run every emitter)", at: at, notes: notes)
            }
        }
        notes.append(.init("authMode is \(cluster.authMode.rawValue)", at: environment.authMode.location))
        return .error("lockout", message, at: location, notes: notes)
    }
}
