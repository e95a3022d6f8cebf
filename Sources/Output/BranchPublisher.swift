import Foundation
import GitStore
import PluginAPI

/// What happened to an output branch.
public enum PublishOutcome: Equatable, Sendable {
    /// A new commit; `previous` is nil when the branch was created.
    case committed(commit: String, previous: String?)
    /// The rendered tree equals the branch tip: no commit.
    case unchanged(tip: String)
    /// The branch already holds output of a newer source commit; output never goes back.
    case skippedOlderSource(rendered: String)
}

/// One bundle for one output branch.
public struct PublishRequest: Sendable {
    public var bundle: RenderedBundle
    public var source: SourceInfo
    public var branch: String

    public init(_ bundle: RenderedBundle, source: SourceInfo, branch: String) {
        self.bundle = bundle
        self.source = source
        self.branch = branch
    }
}

/// Commits bundles to their branches, all or nothing: every tip is read and every commit made
/// first, then every branch moves in one reference transaction, compare-and-swap against the
/// tips read. A lost race is retried against the new tips, so concurrent compiles never lose a
/// commit, and a failure on one branch leaves every branch where it was.
public struct BranchPublisher {
    public let repository: Repository
    public var maxAttempts = 20

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Whether `ours` is an ancestor of what the branch already renders. Without the history to
    /// tell (a shallow clone), publishing could move output backwards, so that is an error.
    private func isOlder(_ ours: ObjectID, than rendered: ObjectID, branch: String) throws -> Bool {
        do {
            return try repository.isAncestor(ours, of: rendered)
        } catch {
            throw GitError.notFound("cannot tell whether \(ours.short) is older than \(rendered.short), which '\(branch)' renders: that history is not in this clone (shallow?). Fetch full history (`git fetch --unshallow`, CI checkout depth 0) so output never goes back")
        }
    }

    public func publish(_ bundle: RenderedBundle, source: SourceInfo, branch: String, compilerVersion: String) throws -> PublishOutcome {
        try publish([PublishRequest(bundle, source: source, branch: branch)], compilerVersion: compilerVersion)[0]
    }

    /// Publishes every request, plus the caller's own `alongside` moves (promotion's `env/<TO>`),
    /// in one transaction. Outcomes are in the order of `requests`.
    public func publish(_ requests: [PublishRequest], alongside: [ReferenceUpdate] = [], compilerVersion: String) throws -> [PublishOutcome] {
        let trees = try requests.map { request in
            try BranchLayout.writeTree(for: request.bundle, source: request.source, compilerVersion: compilerVersion, in: repository)
        }
        let environments = requests.map(\.bundle.environment).joined(separator: ", ")
        return try WriterLock(repository: repository).withLock {
            var lastError: GitError?
            for attempt in 0..<maxAttempts {
                var outcomes: [PublishOutcome] = []
                var updates = alongside
                for (request, tree) in zip(requests, trees) {
                    let (outcome, update) = try plan(request, tree: tree)
                    outcomes.append(outcome)
                    if let update { updates.append(update) }
                }
                do {
                    try repository.updateReferences(updates, message: "rolecall: compile \(environments)")
                    return outcomes
                } catch let error as GitError {
                    switch error {
                    case .modified, .exists:
                        // The caller planned its own moves on the tips it read: retrying cannot help.
                        for update in alongside where try repository.referenceTarget(update.name) != update.expected {
                            throw GitError.modified("'\(update.name)' moved to \(try repository.referenceTarget(update.name)?.short ?? "(none)") meanwhile; nothing was written, run again")
                        }
                    case .locked:
                        // A git client outside rolecall holds a ref lock: wait and read the tips again.
                        usleep(UInt32(min(1 << attempt, 64)) * 10_000)
                    default:
                        throw error
                    }
                    lastError = error
                }
            }
            if case .locked? = lastError { throw lastError! }
            throw GitError.modified("the output branches kept moving during \(maxAttempts) attempts to publish (\(lastError.map { "\($0)" } ?? "")); try again")
        }
    }

    /// What publishing `request` on the branch's current tip means: a new commit and the move
    /// it needs, or no move.
    private func plan(_ request: PublishRequest, tree: ObjectID) throws -> (PublishOutcome, ReferenceUpdate?) {
        let reference = BranchName.reference(request.branch)
        let tip = try repository.referenceTarget(reference)
        if let tip {
            let tipCommit = try repository.commit(tip)
            if tipCommit.tree == tree { return (.unchanged(tip: tip.hex), nil) }
            // Only a strictly newer source is protected: the same source compiled by another
            // rolecall version (different bytes) is published.
            if let rendered = RenderedCommit.source(of: tipCommit)?.commit, rendered.hex != request.source.commit,
               let ourID = ObjectID(hex: request.source.commit), try isOlder(ourID, than: rendered, branch: request.branch) {
                return (.skippedOlderSource(rendered: rendered.hex), nil)
            }
        }
        let commit = try repository.createCommit(tree: tree, parents: tip.map { [$0] } ?? [], message: RenderedCommit.message(request.bundle, source: request.source))
        return (.committed(commit: commit.hex, previous: tip?.hex), ReferenceUpdate(reference, to: commit, expecting: tip))
    }
}
