import GitStore
import Model

/// Which source each environment compiles from (README "Promotion by branch"): `main` feeds the
/// environments promoted from nothing; every later environment E compiles from `env/<E>`.
public enum Workflow {
    public static let mainBranch = "main"
    public static let defaultOutputTemplate = "rendered/{env}"

    public static func sourceBranch(for environment: EnvironmentSpec) -> String {
        environment.promotesFrom == nil ? mainBranch : "env/\(environment.name)"
    }

    /// The branch name behind `HEAD` when `spec` is `HEAD` (so the same source is recorded the
    /// same way in a bare clone and a checkout); `spec` itself otherwise.
    public static func recordedRef(_ spec: String, in repository: Repository) -> String {
        guard spec == "HEAD", let branch = try? repository.headBranch() else { return spec }
        return branch
    }
}
