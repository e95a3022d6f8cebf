import Model

/// How EKS turns a caller into a Kubernetes user, from what is deployed: in `api` mode access
/// entries only, in `configmap` mode aws-auth only, in `both` the entry when the principal has
/// one, else aws-auth (FACTS "EKS access entries"). aws-auth matches the path-less role ARN
/// case-insensitively, the last duplicate winning; a `rolearn` with a path matches nobody.
/// Why a caller cannot authenticate, in words for a diagnostic.
struct Refusal: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

struct Authenticator {
    struct Session {
        var account: String
        var name: String
        /// EC2 instance sessions are the only ones `{{EC2PrivateDNSName}}` renders for.
        var ec2PrivateDNSName: String?
    }

    enum Path: Equatable {
        case awsAuth
        case accessEntry(type: String)
    }

    struct User {
        var path: Path
        var username: String
        var groups: [String]
        var clusterPolicies: [String]
    }

    var deployed: DeployedCluster
    var authMode: AuthMode

    /// The user `identity` becomes for `session`, or why it cannot authenticate.
    func authenticate(_ identity: Identity, session: Session) -> Result<User, Refusal> {
        // Nodes and roles authenticate through role sessions: only a role ARN can match them.
        if identity.kind != .user, ARN(identity.arn)?.resourceType != "role" {
            return .failure(Refusal("\(identity.arn) is not an IAM role, and nodes and roles authenticate through role sessions"))
        }
        if authMode.usesAccessEntries, deployed.hasAccessEntries,
           let entry = deployed.accessEntry(for: identity) {
            let username = entry.username ?? ARN(identity.arn)?.defaultUsername ?? identity.arn
            return Self.render(username, session).map { User(path: .accessEntry(type: entry.type), username: $0, groups: entry.groups, clusterPolicies: entry.clusterPolicies) }
        }
        guard authMode.usesConfigMap else {
            return .failure(Refusal(deployed.hasAccessEntries ? "no access entry names it" : "no access entries are emitted"))
        }
        guard deployed.appliesAwsAuth else { return .failure(Refusal("no aws-auth ConfigMap is applied")) }
        if let problem = deployed.awsAuthProblem { return .failure(Refusal("\(problem), so the authenticator maps nobody")) }
        let candidates = identity.kind == .user ? deployed.mapUsers : deployed.mapRoles
        let matched = identity.kind == .user ? identity.arn.lowercased() : identity.authenticatorARN.lowercased()
        guard let entry = candidates.last(where: { $0.arn.lowercased() == matched }) else {
            return .failure(Refusal("aws-auth has no \(identity.kind == .user ? "mapUsers" : "mapRoles") entry matching \(identity.kind == .user ? identity.arn : identity.authenticatorARN)"))
        }
        guard let template = entry.username else { return .failure(Refusal("its aws-auth entry has no username")) }
        let username = Self.render(template, session)
        var groups: [String] = []
        for group in entry.groups {
            switch Self.render(group, session) {
            case .success(let rendered): groups.append(rendered)
            case .failure(let why): return .failure(why)
            }
        }
        return username.map { User(path: .awsAuth, username: $0, groups: groups, clusterPolicies: []) }
    }

    /// Placeholders as aws-iam-authenticator renders them, in usernames and groups alike.
    static func render(_ template: String, _ session: Session) -> Result<String, Refusal> {
        if template.contains("{{EC2PrivateDNSName}}"), session.ec2PrivateDNSName == nil {
            return .failure(Refusal("'\(template)' needs {{EC2PrivateDNSName}}, which the authenticator renders only for EC2 instance sessions, so every other session is refused"))
        }
        var values = AuthenticatorTemplate.sessionValues(account: session.account, sessionName: session.name)
        values["EC2PrivateDNSName"] = session.ec2PrivateDNSName
        values["AccessKeyID"] = "ASIAROLECALLPROOF"
        let text = AuthenticatorTemplate.render(template, values)
        return .success(text)
    }
}
