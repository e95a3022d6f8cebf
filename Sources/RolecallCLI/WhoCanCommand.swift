import ArgumentParser
import Authorization
import Compiler
import Serialization

struct WhoCanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can",
        abstract: "List the IAM principals that can perform VERB on RESOURCE in a cluster, and the fragment line that lets them.",
        discussion: """
        RESOURCE is written as kubectl does (`pods`, `pods/exec`, `deployments.apps`) or is a non-resource URL (`/healthz`). Without -n the request is made across all namespaces, which only ClusterRoleBindings grant (as `kubectl auth can-i -A`); cluster-scoped resources take no -n. Requests are evaluated as the cluster does: RBAC over the emitted objects and the built-in roles of the environment's kubernetesVersion, system:masters, EKS access policies of access entries (authMode api|both), the Node authorizer. `can` is certain; `may` names what cannot be known offline (a third-party ClusterRole aggregated into admin, edit or view; what the Node authorizer limits to the node's own objects). Without --ref it answers for what the cluster runs: the Source-Commit of rendered/<env>.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The verb: get, list, create, delete, ...")
    var verb: String

    @Argument(help: "The resource, optionally with subresource and API group (pods, pods/exec, deployments.apps), or a URL path (/healthz).")
    var resource: String

    @Option(name: [.short, .long], help: "In this namespace (default: across all namespaces).")
    var namespace: String?

    @Option(help: "A resource name, for rules limited by resourceNames.")
    var name: String?

    @Option(help: "The cluster to ask about.")
    var cluster: String

    @Option(name: .customLong("env"), help: "The environment of the cluster (default: the one that defines it).")
    var environment: String?

    @Option(help: "The branch, tag or commit to read (default: what the cluster runs, see above).")
    var ref: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let compiler = try options.compiler()
        let query: AccessQuery
        do {
            query = try AccessQuery.parse(verb: verb, resource: resource, namespace: namespace, name: name)
        } catch {
            throw Failure(message: "\(error)")
        }
        let source = try AccessSource.select(ref: ref, cluster: cluster, environment: environment, compiler: compiler)
        let compilation = try compiler.compile(commit: source.commit, environments: environment.map { [$0] })
        try compilation.requireEnvironments(environment.map { [$0] } ?? [])
        let model = AccessModel(try compilation.clusterAccess(cluster, source: source.commit.short))
        if compilation.hasErrors { Console.err("rolecall: warning: \(source.commit.short) has errors (run `rolecall check`); answering from it as written\n") }
        let answers = query.answers(in: model)
        let elsewhere = query.onlyInNamespaces(in: model)
        switch format {
        case .text: Console.out(Self.text(query, answers, model: model, source: source) + Self.text(elsewhere))
        case .json: Console.out(JSONWriter.write(Self.json(query, answers, model: model, source: source, elsewhere: elsewhere)))
        }
    }

    static func text(_ elsewhere: [(answer: AccessQuery.Answer, namespaces: [String])]) -> String {
        guard !elsewhere.isEmpty else { return "" }
        var out = "only inside some namespaces (ask with -n):\n"
        for (answer, namespaces) in elsewhere {
            out += "  \(answer.certainty.word)  \(answer.principal.arn) in \(namespaces.joined(separator: ", "))\n"
        }
        return out
    }

    static func text(_ query: AccessQuery, _ answers: [AccessQuery.Answer], model: AccessModel, source: AccessSource) -> String {
        var out = "cluster \(model.access.cluster.name) at \(source.line)\n"
        out += "who can \(query.description) (environment \(model.access.environment.name), authMode \(model.access.authMode.rawValue), built-in roles of \(model.authorization.builtins.source.citation)):\n"
        if answers.isEmpty { out += "  nobody mapped by this repository\n" }
        for answer in answers {
            out += "  \(answer.certainty.word)  \(answer.principal.arn) [\(answer.principal.path.rawValue)]\n"
            for grant in answer.grants {
                out += "       via \(AccessText.via(grant))\n"
                if let reason = grant.certainty.reason { out += "       may: \(reason)\n" }
                if let at = AccessText.grantedAt(grant) { out += "       granted at \(at)\n" }
            }
        }
        return out
    }

    static func json(_ query: AccessQuery, _ answers: [AccessQuery.Answer], model: AccessModel, source: AccessSource,
                     elsewhere: [(answer: AccessQuery.Answer, namespaces: [String])]) -> Document {
        .map([
            ("query", .map(AccessJSON.request(query.request) + [
                ("cluster", .string(model.access.cluster.name)), ("environment", .string(model.access.environment.name)),
                ("authMode", .string(model.access.authMode.rawValue)),
                ("kubernetesVersion", .string(model.authorization.release.description)),
                ("builtinRoles", .string(model.authorization.builtins.source.citation)),
            ])),
            ("source", AccessJSON.source(source)),
            ("principals", .list(answers.map(AccessJSON.answer))),
            ("onlyInNamespaces", .list(elsewhere.map { answer, namespaces in
                .map([("arn", .string(answer.principal.arn)), ("matchedArn", .string(answer.principal.matchedARN)),
                      ("certainty", .string(answer.certainty.word)), ("namespaces", .strings(namespaces))])
            })),
        ])
    }
}
