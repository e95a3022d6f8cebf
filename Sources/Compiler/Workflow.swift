import GitStore
import Model
import Output

/// Which source each environment compiles from (README "Promotion by branch"): the source
/// branch feeds the environments promoted from nothing; every later environment E compiles
/// from `env/<E>`. Also the rule that an output branch is never one of these.
public enum Workflow {
    public static let mainBranch = "main"
    /// Where promoted environments' source branches live: `env/<E>`.
    public static let promotedPrefix = "env/"
    public static let defaultOutputTemplate = OutputTemplate.standard.text

    /// A workflow rule the command line broke (a usage error, exit 2).
    public struct UsageError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The branch that feeds the environments promoted from nothing: `configured`
    /// (`--source-branch`) when given, else `main`, else the branch `HEAD` names (`master`).
    /// Never a guess: without any of them this is an error, not a compile of nothing.
    public static func sourceBranch(configured: String?, in repository: Repository) throws -> String {
        func exists(_ branch: String) -> Bool { (try? repository.referenceTarget(BranchName.reference(branch))) != nil }
        if let configured {
            guard exists(configured) else { throw UsageError(description: "--source-branch '\(configured)' is not a local branch (fetch it into refs/heads/ first)") }
            return configured
        }
        if exists(mainBranch) { return mainBranch }
        if let head = try? repository.headBranch(), exists(head) { return head }
        throw UsageError(description: "no source branch: there is no local branch `\(mainBranch)` and HEAD names no branch with commits (detached or unborn); pass --source-branch BRANCH, or --ref REF")
    }

    public static func sourceBranch(for environment: EnvironmentSpec, main: String) -> String {
        environment.promotesFrom == nil ? main : promotedPrefix + environment.name
    }

    /// One source branch to compile and the environments it feeds.
    public struct Plan: Sendable {
        public var ref: String
        public var commit: ObjectID
        /// nil: every concrete environment at `commit`.
        public var environments: [String]?

        public init(ref: String, commit: ObjectID, environments: [String]?) {
            self.ref = ref
            self.commit = commit
            self.environments = environments
        }
    }

    /// An environment left out of a plan because its source branch does not exist yet.
    public struct Skipped: Sendable {
        public var environment: String
        public var branch: String
        public var promotesFrom: String
    }

    /// `compile` without `--ref`: one plan per source branch, in promotion order, for `wanted`
    /// (environments of `overview`, the compile of `main`). Environments that failed to load
    /// are left out (their errors are in the overview); those whose `env/<E>` is missing are skipped.
    public static func plans(for wanted: [String], environments: [SourceFacts.Environment], main: String, in repository: Repository) throws -> (plans: [Plan], skipped: [Skipped]) {
        var byBranch: [String: [String]] = [:]
        var order: [String] = []
        var skipped: [Skipped] = []
        for name in wanted {
            guard let environment = environments.first(where: { $0.name == name }) else { continue }
            let branch = environment.promotesFrom == nil ? main : promotedPrefix + name
            guard branch == main || (try? repository.referenceTarget(BranchName.reference(branch))) != nil else {
                skipped.append(Skipped(environment: name, branch: branch, promotesFrom: environment.promotesFrom!))
                continue
            }
            if byBranch[branch] == nil { order.append(branch) }
            byBranch[branch, default: []].append(name)
        }
        let plans = try order.map { branch in
            Plan(ref: branch, commit: try repository.resolveCommit(BranchName.reference(branch)), environments: byBranch[branch]!)
        }
        return (plans, skipped)
    }

    /// The branch name behind `HEAD` when `spec` is `HEAD` (so the same source is recorded the
    /// same way in a bare clone and a checkout); `spec` itself otherwise.
    public static func recordedRef(_ spec: String, in repository: Repository) -> String {
        guard spec == "HEAD", let branch = try? repository.headBranch() else { return spec }
        return branch
    }

    /// Refuses an output template that, for any of `environments`, names an invalid branch or
    /// a source branch: one of `sources`, or anything under `env/`. Compared case-insensitively,
    /// since on macOS and Windows `Main` and `main` are one ref file.
    /// Beyond names, a branch whose tip holds `teams/` or `environments/` is a source whatever it
    /// is called (a `--ref` branch, `main` beside another source branch): never written.
    public static func checkOutputBranches(_ template: OutputTemplate, environments: [String], sources: [String], in repository: Repository) throws {
        let head = (try? repository.headBranch()).flatMap { $0 }
        let named = sources + [mainBranch] + (head.map { [$0] } ?? [])
        let protected = Set(named.map { (BranchName.branch(ofReference: $0) ?? $0).lowercased() })
        for environment in environments {
            let branch = template.branch(for: environment)
            let origin = "output branch '\(branch)' (--output-branch '\(template)' for environment '\(environment)')"
            if let problem = BranchName.problem(branch) {
                throw UsageError(description: "\(origin) is not a valid branch name: \(problem); change --output-branch or rename the environment")
            }
            // A symbolic branch is the ref it points to.
            let resolved = repository.symbolicTarget(BranchName.reference(branch)).flatMap(BranchName.branch(ofReference:)) ?? branch
            if [branch, resolved].contains(where: { protected.contains($0.lowercased()) || $0.lowercased().hasPrefix(promotedPrefix) }) {
                throw UsageError(description: "\(origin) is a source branch (\(Set(named).sorted().joined(separator: ", ")) and every \(promotedPrefix)<env>)\(resolved == branch ? "" : ", through the symbolic ref '\(branch)' -> '\(resolved)'"): writing rendered output there would replace teams/ and environments/; choose another --output-branch such as '\(OutputTemplate.standard)'")
            }
            if let tip = try? repository.referenceTarget(BranchName.reference(resolved)), let tree = try? repository.commit(tip).tree,
               let folder = ["teams", "environments"].first(where: { (try? repository.entry(at: $0, in: tree)) != nil }) {
                throw UsageError(description: "\(origin) holds \(folder)/ at \(tip.short): it is a source branch, and writing rendered output there would replace it; choose another --output-branch such as '\(OutputTemplate.standard)'")
            }
        }
    }
}
