import ArgumentParser
import Compiler
import Diagnostics
import Model
import Serialization

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the username, groups and permissions an IAM ARN gets in a cluster, and why.",
        discussion: """
        Matches the ARN as aws-iam-authenticator does (case-insensitive, role paths ignored). For every permission it prints the fragment line that granted it and the lines that line overrode (templates, or the team before an overlay).
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The IAM role or user ARN.")
    var arn: String

    @Option(help: "The cluster to explain.")
    var cluster: String

    @Option(name: .customLong("env"), help: "The environment of the cluster (default: the one that defines it).")
    var environment: String?

    @Option(help: "The branch, tag or commit to read.")
    var ref: String = "HEAD"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let compiler = try options.compiler()
        let commit = try compiler.repository.commitID(ref)
        let compilation = try compiler.compile(commit: commit, environments: environment.map { [$0] })
        try compilation.requireEnvironments(environment.map { [$0] } ?? [])
        let access = try compilation.clusterAccess(cluster, source: "\(ref)@\(commit.short)")
        if compilation.hasErrors {
            Console.err("rolecall: warning: \(ref) has errors (run `rolecall check`); explaining it as written\n")
        }
        guard let explanation = Explanation.explain(arn, in: access) else {
            throw Failure(message: "\(arn) is not mapped in cluster '\(cluster)': it cannot authenticate there")
        }
        switch format {
        case .text: Console.out(Self.text(explanation, source: "\(ref)@\(commit.short)"))
        case .json: Console.out(JSONWriter.write(Self.json(explanation, commit: commit.hex)))
        }
    }

    static func text(_ e: Explanation, source: String) -> String {
        let id = e.identity
        var out = "\(id.arn) in cluster \(e.cluster) (environment \(e.environment), \(source))\n"
        out += "  matched as:  \(id.authenticatorARN)\n"
        out += "  username:    \(id.username)\(id.customUsername ? "" : " (default)")\n"
        out += "  groups:      \(id.groups.joined(separator: ", "))\n"
        out += "  mapped by:   \(id.origin.description) at \(id.location)\n"
        if e.bypassesRBAC {
            out += "\n  system:masters: bypasses RBAC entirely, every verb on every resource\n"
        }
        out += "\npermissions:\n"
        if e.permissions.isEmpty { out += "  none (no binding names its groups)\n" }
        for p in e.permissions {
            let scope = p.namespace.map { "namespace \($0)" } ?? "cluster-wide"
            out += "  \(scope): \(p.role.kind.rawValue) \(p.role.name) via group \(p.group)\n"
            if let summary = p.builtinSummary { out += "    built-in: \(summary)\n" }
            for rule in p.rules ?? [] { out += "    \(AccessDiff.describe(rule))\n" }
            out += "    granted at \(p.grantedAt)\n"
            for earlier in p.overrides { out += "    overriding \(earlier)\n" }
            if let defined = p.roleDefinedAt { out += "    role defined at \(defined)\n" }
        }
        return out
    }

    static func location(_ l: SourceLocation) -> Document {
        .map([("path", .string(l.path)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    static func json(_ e: Explanation, commit: String) -> Document {
        let id = e.identity
        return .map([
            ("arn", .string(id.arn)), ("matchedArn", .string(id.authenticatorARN)),
            ("cluster", .string(e.cluster)), ("environment", .string(e.environment)), ("commit", .string(commit)),
            ("username", .string(id.username)), ("groups", .strings(id.groups)),
            ("mappedBy", .string(id.origin.description)), ("mappedAt", location(id.location)),
            ("bypassesRBAC", .bool(e.bypassesRBAC)),
            ("permissions", .list(e.permissions.map { p in
                var pairs: [(String, Document)] = [
                    ("scope", .string(p.namespace == nil ? "cluster" : "namespace")),
                    ("namespace", p.namespace.map(Document.string) ?? .null),
                    ("group", .string(p.group)),
                    ("roleKind", .string(p.role.kind.rawValue)), ("role", .string(p.role.name)),
                    ("grantedAt", location(p.grantedAt)), ("overrides", .list(p.overrides.map(location))),
                ]
                if let summary = p.builtinSummary { pairs.append(("builtin", .string(summary))) }
                if let rules = p.rules {
                    pairs.append(("rules", .list(rules.map { r in
                        .map([("apiGroups", .strings(r.apiGroups)), ("resources", .strings(r.resources)), ("verbs", .strings(r.verbs)),
                              ("resourceNames", .strings(r.resourceNames)), ("nonResourceURLs", .strings(r.nonResourceURLs)),
                              ("definedAt", location(r.location))])
                    })))
                }
                return .map(pairs)
            })),
        ])
    }
}
