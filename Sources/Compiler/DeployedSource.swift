import GitStore
import Model
import Output

/// Which source commit a cluster runs, for `explain` and `who-can` without `--ref`: the
/// `Source-Commit` of its environment's output branch, else the environment's source branch
/// (README "Promotion by branch"), else `HEAD`.
public struct DeployedSource: Sendable {
    public var commit: ObjectID
    /// The first line of an answer says this: which commit, and why that one.
    public var reason: String

    public static func locate(cluster: String, environment: String?, compiler: Compiler,
                              outputTemplate: String = Workflow.defaultOutputTemplate) throws -> DeployedSource {
        let repository = compiler.repository
        let main = (try? Workflow.sourceBranch(configured: nil, in: repository)) ?? Workflow.mainBranch
        let listing = try repository.referenceTarget(BranchName.reference(main)) ?? repository.resolveCommit("HEAD")
        // The environment list (and which one holds the cluster) is read where compile reads it: the source branch.
        let defined = try compiler.compile(commit: listing, environments: environment.map { [$0] })
        guard let spec = defined.definedEnvironments.first(where: { spec in
            (environment == nil || spec.name == environment) && spec.clusters.contains { $0.name == cluster }
        }) else {
            return DeployedSource(commit: listing, reason: "cluster '\(cluster)' is not defined on \(main) at \(listing.short); reading that commit")
        }
        let branch = OutputTemplate(outputTemplate).branch(for: spec.name)
        if let tip = try repository.referenceTarget(BranchName.reference(branch)),
           let (_, source) = try RenderedCommit.newestRendered(from: tip, in: repository) {
            return DeployedSource(commit: source.commit, reason: "deployed: Source-Commit of \(branch) at \(tip.short)")
        }
        let sourceBranch = Workflow.sourceBranch(for: spec, main: main)
        if let tip = try repository.referenceTarget(BranchName.reference(sourceBranch)) {
            return DeployedSource(commit: tip, reason: "\(branch) does not exist yet; the source branch of \(spec.name), \(sourceBranch)")
        }
        return DeployedSource(commit: listing, reason: "neither \(branch) nor \(sourceBranch) exists; reading \(main) at \(listing.short)")
    }
}
