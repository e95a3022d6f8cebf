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

/// Commits a bundle to its branch with compare-and-swap: the ref only ever moves from the
/// tip that was read to a complete commit on top of it. A lost race is retried against the
/// new tip, so concurrent compiles never lose a commit.
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

    public static func branchName(template: String, environment: String) -> String {
        template.replacingOccurrences(of: "{env}", with: environment)
    }

    public func publish(_ bundle: RenderedBundle, source: SourceInfo, branch: String, compilerVersion: String) throws -> PublishOutcome {
        let files = BranchLayout.files(for: bundle, source: source, compilerVersion: compilerVersion)
        let tree = try repository.writeTree(files: files)
        let reference = "refs/heads/" + branch
        let message = """
        compile \(bundle.environment) from \(source.commit.prefix(12))

        Clusters: \(bundle.clusters.map(\.name).sorted().joined(separator: ", "))

        Source-Commit: \(source.commit)
        Source-Ref: \(source.ref)

        """
        return try WriterLock(repository: repository).withLock {
            try publish(tree: tree, reference: reference, branch: branch, message: message, bundle: bundle, source: source)
        }
    }

    private func publish(tree: ObjectID, reference: String, branch: String, message: String, bundle: RenderedBundle, source: SourceInfo) throws -> PublishOutcome {
        for attempt in 0..<maxAttempts {
            let tip = try repository.referenceTarget(reference)
            if let tip {
                let tipCommit = try repository.commit(tip)
                if tipCommit.tree == tree { return .unchanged(tip: tip.hex) }
                if let rendered = tipCommit.trailer("Source-Commit"), rendered != source.commit,
                   let renderedID = ObjectID(hex: rendered), let ourID = ObjectID(hex: source.commit),
                   try isOlder(ourID, than: renderedID, branch: branch) {
                    return .skippedOlderSource(rendered: rendered)
                }
            }
            let commit = try repository.createCommit(tree: tree, parents: tip.map { [$0] } ?? [], message: message)
            do {
                try repository.updateReference(reference, to: commit, expecting: tip, message: "rolecall: compile \(bundle.environment)")
                return .committed(commit: commit.hex, previous: tip?.hex)
            } catch GitError.modified, GitError.exists {
                continue
            } catch GitError.locked {
                // A git client outside rolecall holds the ref lock: wait and read the tip again.
                usleep(UInt32(min(1 << attempt, 64)) * 10_000)
                continue
            }
        }
        throw GitError.modified("branch '\(branch)' kept moving during \(maxAttempts) attempts to publish; try again")
    }
}
