import ArgumentParser
import Compiler
import GitStore

/// The commit `explain` and `who-can` read, and the sentence that says why: `--ref` when given,
/// else what the cluster runs (`DeployedSource`).
struct AccessSource {
    var commit: ObjectID
    var reason: String

    static func select(ref: String?, cluster: String, environment: String?, compiler: Compiler) throws -> AccessSource {
        if let ref {
            return AccessSource(commit: try compiler.repository.commitID(ref), reason: "--ref \(ref)")
        }
        let deployed = try DeployedSource.locate(cluster: cluster, environment: environment, compiler: compiler)
        return AccessSource(commit: deployed.commit, reason: deployed.reason)
    }

    /// `6c3458286f33 (deployed: Source-Commit of rendered/prod at 1a2b3c4d5e6f)`.
    var line: String { "\(commit.short) (\(reason))" }
}
