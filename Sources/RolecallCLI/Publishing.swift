import ArgumentParser
import Compiler
import GitStore
import Output

/// Writes every environment of clean compilations to its output branch, in one transaction,
/// and says what happened, per environment and cluster.
enum Publishing {
    /// `alongside`: moves of the caller's own (promotion's `env/<TO>`), in the same transaction;
    /// `header` says what they did, printed once they succeeded.
    static func publish(_ compilations: [(ref: String, compilation: Compilation)], template: OutputTemplate, alongside: [ReferenceUpdate] = [],
                        header: String? = nil, dryRun: Bool, quiet: Bool, repository: Repository) throws {
        try publish(Publication.plan(compilations, template: template), alongside: alongside, header: header, dryRun: dryRun, quiet: quiet, repository: repository)
    }

    static func publish(_ items: [Publication.Item], alongside: [ReferenceUpdate] = [], header: String? = nil,
                        dryRun: Bool, quiet: Bool, repository: Repository) throws {
        let requests = items.map(\.request)
        var outcomes: [String]
        if dryRun {
            outcomes = requests.map { "would write \($0.branch) (dry run)" }
        } else {
            Progress.say("writing \(requests.map(\.branch).joined(separator: ", "))", quiet: quiet)
            do {
                let results = try Publication.publish(items, alongside: alongside, in: repository)
                outcomes = zip(requests, results).map { request, outcome in describe(outcome, branch: request.branch, source: request.source.commit) }
            } catch let error as GitError {
                Console.err("rolecall: error: \(error)\nrolecall: nothing written: no branch moved\n")
                throw ExitCode(1)
            }
        }
        guard !quiet else { return }
        if let header { Console.out(header + "\n") }
        for (item, outcome) in zip(items, outcomes) {
            Console.out("\(item.environment) from \(item.ref)@\(item.commit.prefix(12)): \(outcome)\n")
            let records = item.request.bundle.record?.clusters ?? [:]
            for cluster in item.request.bundle.clusters {
                Console.out("  \(cluster.name): \(records[cluster.name]?.summary.description ?? cluster.files.map(\.path).joined(separator: ", "))\n")
            }
        }
    }

    private static func describe(_ outcome: PublishOutcome, branch: String, source: String) -> String {
        switch outcome {
        case .committed(let commit, let previous):
            "\(branch): \(previous == nil ? "created" : "committed") \(commit.prefix(12))"
        case .unchanged(let tip):
            "\(branch): unchanged at \(tip.prefix(12))"
        case .skippedOlderSource(let rendered):
            "\(branch): skipped, it already renders \(rendered.prefix(12)), which is newer than \(source.prefix(12))"
        }
    }
}
