import Diagnostics
import GitStore
import Output

/// `promote FROM TO`: move `env/<TO>` to the source `rendered/<FROM>` was compiled from, only by
/// fast-forward, only when that source is reviewed (on FROM's own source branch) and is what
/// `rendered/<FROM>` really renders, and only when it compiles cleanly for TO.
public struct Promotion: Sendable {
    /// What `rendered/<FROM>` was compiled from: the commit TO moves to.
    public var source: ObjectID
    public var targetBranch: String
    /// Where `env/<TO>` points now (nil: it does not exist yet).
    public var current: ObjectID?
    /// The source compiled for TO.
    public var compilation: Compilation

    public var isNoOp: Bool { current == source }

    /// The move of `env/<TO>`, for the same transaction as `rendered/<TO>` (nil when a no-op).
    public var move: ReferenceUpdate? {
        isNoOp ? nil : ReferenceUpdate(BranchName.reference(targetBranch), to: source, expecting: current)
    }

    public enum Refusal: Error, CustomStringConvertible {
        case notRendered(String)
        case wrongOrder(from: String, to: String, actual: String?)
        case diverged(branch: String, current: String, source: String)
        case unknownEnvironment(String)
        case unreviewed(rendered: String, source: String, branch: String, environment: String)
        case notWhatItRenders(rendered: String, source: String, environment: String, why: String)
        case failedToLoad(String, at: String)

        public var description: String {
            switch self {
            case .notRendered(let branch):
                "\(branch) does not exist or records no Source-Commit; compile that environment first"
            case .wrongOrder(let from, let to, let actual):
                "\(to) promotes from \(actual ?? "nothing (it is fed by the source branch)"), not from \(from); set `promotesFrom: \(from)` in environments/\(to).yaml to change the order"
            case .diverged(let branch, let current, let source):
                "\(branch) is at \(current.prefix(12)), which is not an ancestor of \(source.prefix(12)): it has commits of its own (a hotfix?). Merge them into the source branch first; promotion never rewrites history"
            case .unknownEnvironment(let name):
                "environment '\(name)' is not defined at the promoted source"
            case .unreviewed(let rendered, let source, let branch, let environment):
                "\(rendered) records Source-Commit \(source.prefix(12)), which is not on \(branch), the branch \(environment) compiles from: only commits that reached \(branch) are promoted. Compile \(environment) from \(branch) (`rolecall compile --env \(environment)`) and promote again"
            case .notWhatItRenders(let rendered, let source, let environment, let why):
                "\(rendered) is not what rolecall \(RolecallVersion.current) compiles from its Source-Commit \(source.prefix(12)) (\(why)); run `rolecall verify --env \(environment)`, then recompile \(environment) from its source branch"
            case .failedToLoad(let name, let branch):
                "environment '\(name)' failed to load at \(branch); fix it there first (`rolecall check --ref \(branch)`)"
            }
        }
    }

    /// `sourceBranch`: the branch feeding the environments promoted from nothing (see `Workflow`).
    /// FROM's and TO's roles are read there, not at the promoted commit, whose content is what
    /// is being judged.
    public static func plan(from: String, to: String, outputTemplate: OutputTemplate, sourceBranch: String, compiler: Compiler) throws -> Promotion {
        let repository = compiler.repository
        let reviewed = try compiler.compile(commit: try repository.resolveCommit(BranchName.reference(sourceBranch)), environments: [])
        for name in [from, to] where !reviewed.definedEnvironments.contains(where: { $0.name == name }) {
            if reviewed.failedEnvironments.contains(name) { throw Refusal.failedToLoad(name, at: sourceBranch) }
            let known = reviewed.environmentOrder.joined(separator: ", ")
            throw Workflow.UsageError(description: "no concrete environment '\(name)' on \(sourceBranch); choose from: \(known.isEmpty ? "none" : known)")
        }
        let fromSpec = reviewed.definedEnvironments.first { $0.name == from }!
        let renderedBranch = outputTemplate.branch(for: from)
        guard let tip = try repository.referenceTarget(BranchName.reference(renderedBranch)),
              let source = RenderedCommit.source(of: try repository.commit(tip))?.commit else {
            throw Refusal.notRendered(renderedBranch)
        }
        let fromBranch = Workflow.sourceBranch(for: fromSpec, main: sourceBranch)
        guard let fromTip = try repository.referenceTarget(BranchName.reference(fromBranch)),
              (try? repository.isAncestor(source, of: fromTip)) == true else {
            throw Refusal.unreviewed(rendered: renderedBranch, source: source.hex, branch: fromBranch, environment: from)
        }
        let check = try Verification.verify(environment: from, branch: renderedBranch, compiler: compiler)
        guard check.isClean else {
            let why = check.compilation.hasErrors ? "it has errors for \(from)" : check.differences.map { "\($0.kind) \($0.path)" }.joined(separator: ", ")
            throw Refusal.notWhatItRenders(rendered: renderedBranch, source: source.hex, environment: from, why: why)
        }

        let compilation = try compiler.compile(commit: source, environments: [to])
        guard let target = compilation.environments.first else { throw Refusal.unknownEnvironment(to) }
        let order = target.spec.promotesFrom?.value
        guard order == from else { throw Refusal.wrongOrder(from: from, to: to, actual: order) }
        let targetBranch = Workflow.promotedPrefix + to
        let current = try repository.referenceTarget(BranchName.reference(targetBranch))
        if let current, !(try repository.isAncestor(current, of: source)) {
            throw Refusal.diverged(branch: targetBranch, current: current.hex, source: source.hex)
        }
        return Promotion(source: source, targetBranch: targetBranch, current: current, compilation: compilation)
    }
}
