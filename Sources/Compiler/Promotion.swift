import Diagnostics
import GitStore

/// `promote FROM TO`: move `env/<TO>` to the source `rendered/<FROM>` was compiled from, only by
/// fast-forward, and only when that source compiles cleanly for TO.
public struct Promotion: Sendable {
    /// What `rendered/<FROM>` was compiled from: the commit TO moves to.
    public var source: ObjectID
    public var targetBranch: String
    /// Where `env/<TO>` points now (nil: it does not exist yet).
    public var current: ObjectID?
    /// The source compiled for TO.
    public var compilation: Compilation

    public var isNoOp: Bool { current == source }

    public enum Refusal: Error, CustomStringConvertible {
        case notRendered(String)
        case wrongOrder(from: String, to: String, actual: String?)
        case diverged(branch: String, current: String, source: String)
        case unknownEnvironment(String)

        public var description: String {
            switch self {
            case .notRendered(let branch):
                "\(branch) does not exist or records no Source-Commit; compile that environment first"
            case .wrongOrder(let from, let to, let actual):
                "\(to) promotes from \(actual ?? "nothing (it is fed by main)"), not from \(from); set `promotesFrom: \(from)` in environments/\(to).yaml to change the order"
            case .diverged(let branch, let current, let source):
                "\(branch) is at \(current.prefix(12)), which is not an ancestor of \(source.prefix(12)): it has commits of its own (a hotfix?). Merge them into the source branch first; promotion never rewrites history"
            case .unknownEnvironment(let name):
                "environment '\(name)' is not defined at the promoted source"
            }
        }
    }

    public static func plan(from: String, to: String, outputTemplate: String, compiler: Compiler) throws -> Promotion {
        let repository = compiler.repository
        let renderedFrom = "refs/heads/" + outputTemplate.replacingOccurrences(of: "{env}", with: from)
        guard let tip = try repository.referenceTarget(renderedFrom),
              let recorded = try repository.commit(tip).trailer("Source-Commit"), let source = ObjectID(hex: recorded) else {
            throw Refusal.notRendered(String(renderedFrom.dropFirst("refs/heads/".count)))
        }
        let compilation = try compiler.compile(commit: source, environments: [to])
        guard let target = compilation.environments.first else { throw Refusal.unknownEnvironment(to) }
        let order = target.spec.promotesFrom?.value
        guard order == from else { throw Refusal.wrongOrder(from: from, to: to, actual: order) }
        let targetBranch = "env/\(to)"
        let current = try repository.referenceTarget("refs/heads/" + targetBranch)
        if let current, !(try repository.isAncestor(current, of: source)) {
            throw Refusal.diverged(branch: targetBranch, current: current.hex, source: source.hex)
        }
        return Promotion(source: source, targetBranch: targetBranch, current: current, compilation: compilation)
    }

    /// Fast-forwards the target branch by compare-and-swap against the tip `plan` read.
    public func apply(in repository: Repository) throws {
        guard !isNoOp else { return }
        try WriterLock(repository: repository).withLock {
            try repository.updateReference("refs/heads/" + targetBranch, to: source, expecting: current,
                                           message: "rolecall: promote \(source.short)")
        }
    }
}
