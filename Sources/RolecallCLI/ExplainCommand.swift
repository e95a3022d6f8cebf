import ArgumentParser
import Authorization
import Compiler
import Diagnostics
import Model
import Serialization

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the username, groups and permissions an IAM ARN gets in a cluster, and why.",
        discussion: """
        ARN is a role or user ARN (with or without its path) or the assumed-role session ARN `aws sts get-caller-identity` prints; it is matched as aws-iam-authenticator and EKS match it (case-insensitive, role paths ignored) and the username is rendered for the session. It says which path authenticates the principal (aws-auth, or the access entry EKS prefers), its access policies with their scope, and for every binding the fragment line that granted it and the lines that line overrode. Without --ref it explains what the cluster runs: the Source-Commit of rendered/<env>.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The IAM role, user or assumed-role session ARN.")
    var arn: String

    @Option(help: "The cluster to explain.")
    var cluster: String

    @Option(name: .customLong("env"), help: "The environment of the cluster (default: the one that defines it).")
    var environment: String?

    @Option(help: "The branch, tag or commit to read (default: what the cluster runs).")
    var ref: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let compiler = try options.compiler()
        let source = try AccessSource.select(ref: ref, cluster: cluster, environment: environment, compiler: compiler)
        let compilation = try compiler.compile(commit: source.commit, environments: environment.map { [$0] })
        try compilation.requireEnvironments(environment.map { [$0] } ?? [])
        let model = AccessModel(try compilation.clusterAccess(cluster, source: source.commit.short))
        if compilation.hasErrors {
            Console.err("rolecall: warning: \(source.commit.short) has errors (run `rolecall check`); explaining it as written\n")
        }
        guard let explanation = Explanation.explain(arn, in: model) else {
            throw Failure(message: "\(arn) is not mapped in cluster '\(cluster)': it cannot authenticate there")
        }
        switch format {
        case .text: Console.out(Self.text(explanation, source: source))
        case .json: Console.out(JSONWriter.write(Self.json(explanation, source: source)))
        }
    }

    static func pathLine(_ p: Principal) -> String {
        switch p.path {
        case .awsAuth: "aws-auth (mapRoles/mapUsers of kube-system/aws-auth)"
        case .accessEntry: "access entry" + (p.shadowedAwsAuth ? " (EKS uses it; the aws-auth mapping of the same principal is ignored)" : "")
        }
    }

    static func text(_ e: Explanation, source: AccessSource) -> String {
        let id = e.identity, p = e.principal
        var out = "cluster \(e.cluster) at \(source.line)\n"
        out += "\(e.caller?.text ?? id.arn) in cluster \(e.cluster) (environment \(e.environment), Kubernetes \(e.kubernetesRelease))\n"
        out += "  matched as:  \(id.authenticatorARN)\(e.caller?.sessionName.map { " (session \($0))" } ?? "")\n"
        out += "  username:    \(e.username)\(id.customUsername ? "" : " (default)")\n"
        out += "  groups:      \(p.groups.joined(separator: ", "))\n"
        out += "  path:        \(pathLine(p))\n"
        out += "  mapped by:   \(id.origin.description) at \(id.location)\n"
        if e.bypassesRBAC { out += "\n  system:masters: bypasses RBAC entirely, every verb on every resource\n" }
        if p.isNode { out += "\n  node: \(Explanation.nodeSummary)\n" }
        if !p.policies.isEmpty {
            out += "\naccess policies:\n"
            for policy in p.policies {
                out += "  \(policy.policyName), scope \(policy.scope.description)\n"
                if let at = policy.grantedAt { out += "    granted at \(at)\n" }
            }
        }
        out += "\npermissions:\n"
        if e.permissions.isEmpty { out += "  none through RBAC (no binding names its groups)\n" }
        for permission in e.permissions {
            let scope = permission.namespace.map { "namespace \($0)" } ?? "cluster-wide"
            out += "  \(scope): \(permission.role.kind.rawValue) \(permission.role.name) via group \(permission.group)\n"
            if let summary = permission.builtinSummary { out += "    built-in: \(summary)\n" }
            if let citation = permission.builtinSource { out += "    \(permission.builtinRules.count) rules from the \(citation)\n" }
            for rule in permission.rules ?? [] { out += "    \(AccessDiff.describe(rule))\n" }
            out += "    granted at \(permission.grantedAt)\n"
            for earlier in permission.overrides { out += "    overriding \(earlier)\n" }
            if let defined = permission.roleDefinedAt { out += "    role defined at \(defined)\n" }
        }
        return out
    }

    static func json(_ e: Explanation, source: AccessSource) -> Document {
        let id = e.identity, p = e.principal
        return .map([
            ("arn", .string(id.arn)), ("matchedArn", .string(id.authenticatorARN)),
            ("caller", e.caller.map { .string($0.text) } ?? .null), ("sessionName", e.caller?.sessionName.map(Document.string) ?? .null),
            ("cluster", .string(e.cluster)), ("environment", .string(e.environment)), ("commit", .string(source.commit.hex)),
            ("source", AccessJSON.source(source)), ("kubernetesVersion", .string(e.kubernetesRelease.description)),
            ("username", .string(id.username)), ("renderedUsername", .string(e.username)), ("groups", .strings(p.groups)),
            ("path", .string(p.path.rawValue)), ("awsAuthIgnored", .bool(p.shadowedAwsAuth)),
            ("mappedBy", .string(id.origin.description)), ("mappedAt", AccessJSON.location(id.location)),
            ("bypassesRBAC", .bool(e.bypassesRBAC)), ("node", p.isNode ? .string(Explanation.nodeSummary) : .null),
            ("accessPolicies", .list(p.policies.map(AccessJSON.policy))),
            ("permissions", .list(e.permissions.map { permission in
                var pairs: [(String, Document)] = [
                    ("scope", .string(permission.namespace == nil ? "cluster" : "namespace")),
                    ("namespace", permission.namespace.map(Document.string) ?? .null),
                    ("group", .string(permission.group)),
                    ("roleKind", .string(permission.role.kind.rawValue)), ("role", .string(permission.role.name)),
                    ("grantedAt", AccessJSON.location(permission.grantedAt)), ("overrides", .list(permission.overrides.map(AccessJSON.location))),
                ]
                if let summary = permission.builtinSummary { pairs.append(("builtin", .string(summary))) }
                if let citation = permission.builtinSource { pairs.append(("builtinSource", .string(citation))) }
                pairs.append(("rules", .list((permission.rules ?? permission.builtinRules).map(AccessJSON.rule))))
                return .map(pairs)
            })),
        ])
    }
}
