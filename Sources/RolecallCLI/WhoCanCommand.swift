import ArgumentParser
import Compiler

struct WhoCanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can",
        abstract: "List the IAM principals that can perform VERB on RESOURCE in a cluster, and the fragment line that lets them.",
        discussion: "RESOURCE is written as kubectl does: `pods`, `pods/exec`, `deployments.apps`. Grants through rules the repository defines (team roles, platform ClusterRoles, cluster-admin, system:masters) are certain; grants through the built-in aggregated ClusterRoles admin, edit and view are listed as `may`, because their rules live in the cluster (check there with `kubectl auth can-i`).")

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The verb: get, list, create, delete, ...")
    var verb: String

    @Argument(help: "The resource, optionally with subresource and API group: pods, pods/exec, deployments.apps.")
    var resource: String

    @Option(name: [.short, .long], help: "Only this namespace (default: any namespace, and cluster-wide).")
    var namespace: String?

    @Option(help: "A resource name, for rules limited by resourceNames.")
    var name: String?

    @Option(help: "The cluster to ask about.")
    var cluster: String

    @Option(help: "The branch, tag or commit to read.")
    var ref: String = "HEAD"

    func run() throws {
        let compiler = try options.compiler()
        let commit = try compiler.repository.commitID(ref)
        let compilation = try compiler.compile(commit: commit)
        let access = try compilation.clusterAccess(cluster, source: "\(ref)@\(commit.short)")
        if compilation.hasErrors { Console.err("rolecall: warning: \(ref) has errors (run `rolecall check`); answering from it as written\n") }
        let query = AccessQuery.parse(verb: verb, resource: resource, namespace: namespace, name: name)
        let answers = query.answers(in: access)
        let scope = namespace.map { "in namespace \($0)" } ?? "in any namespace"
        let group = query.apiGroup.isEmpty ? "core" : query.apiGroup
        Console.out("who can \(verb) \(query.resource) [\(group)] \(scope) in cluster \(cluster) (\(ref)@\(commit.short)):\n")
        if answers.isEmpty { Console.out("  nobody mapped by this repository\n") }
        for answer in answers {
            let mark = answer.certainty == .allows ? "can" : "may"
            Console.out("  \(mark)  \(answer.identity.arn)\n       via \(answer.via)\n       granted at \(answer.grantedAt)\n")
        }
    }
}
