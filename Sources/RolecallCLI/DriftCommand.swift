import ArgumentParser
import Foundation
import GitStore
import Migration
import Model
import Output

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare a live cluster's dumps with what its rendered branch deploys.",
        discussion: """
        Reads the cluster's folder of rendered/<env> (read-only) and the same dumps `rolecall import` takes (docs/migrating.md). Lists aws-auth rows, groups, access entries, bindings and roles that are live but not rendered, rendered but not live, or different, and every principal whose access differs over the import's fixed set of requests. EKS-managed node entries are listed separately, not as drift; ServiceAccount-only bindings as not managed by rolecall. Exit 1 on drift.
        """)

    @OptionGroup var options: RepositoryOptions

    @Option(help: "The cluster to compare.")
    var cluster: String

    @Option(name: .customLong("env"), help: "The environment of the cluster (default: the rendered branch that holds it).")
    var environment: String?

    @OptionGroup var dumps: DumpOptions

    @Option(name: .customLong("output-branch"), help: "The output branch template.")
    var outputBranch: String = OutputTemplate.standard.text

    @Option(help: "Output format: text, markdown or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    func validate() throws {
        if dumps.awsAuth == nil && dumps.rbac == nil && dumps.accessEntries == nil { throw ValidationError("give at least one of --aws-auth, --rbac, --access-entries") }
    }

    func run() throws {
        let repository = try options.open()
        let template = OutputTemplate(outputBranch)
        let folder = BranchLayout.path(of: "", cluster: cluster).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var found: (branch: String, tip: ObjectID, files: [String: String])?
        let branches = try environment.map { [template.branch(for: $0)] }
            ?? repository.referenceNames(under: "refs/heads/").map { $0.replacingOccurrences(of: "refs/heads/", with: "") }.filter { template.environment(ofBranch: $0) != nil }.sorted()
        for branch in branches {
            guard let tip = try repository.referenceTarget(BranchName.reference(branch)),
                  let entry = try repository.entry(at: folder, in: try repository.commit(tip).tree), entry.kind == .tree else { continue }
            var files: [String: String] = [:]
            for file in try repository.walk(tree: entry.id) where file.kind == .blob {
                files[file.path] = String(decoding: try repository.blob(file.id), as: UTF8.self)
            }
            found = (branch, tip, files)
            break
        }
        guard let found else {
            throw Failure(message: "no rendered branch holds cluster '\(cluster)' (looked at \(branches.isEmpty ? "no branch matching \(template)" : branches.joined(separator: ", "))); run `rolecall compile` first")
        }
        // The built-in roles of the release the environment declares at the commit the branch was compiled from.
        var release = KubernetesRelease.default
        if let environment = template.environment(ofBranch: found.branch),
           let (_, source) = try? RenderedCommit.newestRendered(from: found.tip, in: repository),
           let spec = try? RepositoryOptions.compiler(for: repository).compile(commit: source.commit, environments: [environment])
               .definedEnvironments.first(where: { $0.name == environment }) {
            release = spec.kubernetesRelease
        }
        let report = try dumps.reading {
            try Drift.compare(awsAuth: $0, rbac: $1, accessEntries: $2, rendered: found.files, cluster: cluster, branch: found.branch, release: release)
        }
        Console.out(report.render(DriftReport.Format(rawValue: format.rawValue) ?? .text))
        if report.hasDrift { throw ExitCode(1) }
    }
}
