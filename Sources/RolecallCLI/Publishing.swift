import Compiler
import GitStore
import Output

/// Writes each environment of a clean compilation to its output branch and says what happened,
/// per environment and cluster.
enum Publishing {
    static func publish(_ compilation: Compilation, ref: String, template: String, dryRun: Bool, quiet: Bool, repository: Repository) throws {
        let publisher = BranchPublisher(repository: repository)
        let source = SourceInfo(ref: ref, commit: compilation.commit, tree: compilation.tree)
        for environment in compilation.environments {
            let branch = BranchPublisher.branchName(template: template, environment: environment.spec.name)
            let outcome: String
            if dryRun {
                outcome = "would write \(branch) (dry run)"
            } else {
                Progress.say("writing \(branch)", quiet: quiet)
                switch try publisher.publish(environment.bundle, source: source, branch: branch, compilerVersion: RolecallVersion.current) {
                case .committed(let commit, let previous):
                    outcome = "\(branch): \(previous == nil ? "created" : "committed") \(commit.prefix(12))"
                case .unchanged(let tip):
                    outcome = "\(branch): unchanged at \(tip.prefix(12))"
                case .skippedOlderSource(let rendered):
                    outcome = "\(branch): skipped, it already renders \(rendered.prefix(12)), which is newer than \(compilation.commit.prefix(12))"
                }
            }
            guard !quiet else { continue }
            Console.out("\(environment.spec.name) from \(ref)@\(compilation.commit.prefix(12)): \(outcome)\n")
            for (cluster, access) in zip(environment.bundle.clusters, environment.clusters) {
                let summary = "\(access.identities.count) identities, \(access.namespaces.count) namespaces, \(access.roleBindings.count + access.clusterRoleBindings.count) bindings"
                Console.out("  \(cluster.name): \(summary); \(cluster.files.map(\.path).joined(separator: ", "))\n")
            }
        }
    }
}
