import ArgumentParser
import Compiler
import GitStore
import Serialization

struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Print the access matrix: per cluster, every principal's username, groups and, per namespace and cluster-wide, its roles and risky permissions.",
        discussion: "Evaluated as who-can evaluates requests (built-in roles of the environment's kubernetesVersion, access policies, system:masters, the Node authorizer). Without --ref each environment is read at what it runs: the Source-Commit of rendered/<env>, else its source branch.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, csv, json }

    @OptionGroup var options: RepositoryOptions

    @Option(name: .customLong("env"), help: "Only this environment.")
    var environment: String?

    @Option(help: "Only this cluster.")
    var cluster: String?

    @Option(help: "The branch, tag or commit to read (default: what each environment runs).")
    var ref: String?

    @Option(help: "Output format: markdown, csv or json.")
    var format: Format = .markdown

    func run() throws {
        let compiler = try options.compiler()
        var matrices: [(AccessMatrix, AccessSource)] = []
        for (cluster, environment) in try targets(compiler) {
            let source = try AccessSource.select(ref: ref, cluster: cluster, environment: environment, compiler: compiler)
            let compilation = try compiler.compile(commit: source.commit, environments: [environment])
            guard let access = compilation.environments.first?.clusters.first(where: { $0.cluster.name == cluster }) else { continue }
            matrices.append((AccessMatrix(AccessModel(access)), source))
        }
        switch format {
        case .markdown: Console.out(AccessMatrixFormat.markdown(matrices))
        case .csv: Console.out(AccessMatrixFormat.csv(matrices))
        case .json: Console.out(JSONWriter.write(AccessMatrixFormat.json(matrices)))
        }
    }

    /// The clusters asked for, with their environment, as defined at `--ref` (else at main).
    func targets(_ compiler: Compiler) throws -> [(cluster: String, environment: String)] {
        let listing = try ref.map { try compiler.repository.commitID($0) }
            ?? (try compiler.repository.referenceTarget(BranchName.reference(Workflow.mainBranch)) ?? compiler.repository.commitID("HEAD"))
        let compilation = try compiler.compile(commit: listing, environments: environment.map { [$0] })
        try compilation.requireEnvironments(environment.map { [$0] } ?? [])
        let all = compilation.definedClusters(in: environment)
        if let cluster {
            guard all.contains(where: { $0.cluster == cluster }) else {
                throw Failure(message: "no cluster '\(cluster)' at \(listing.short); known clusters: \(all.map(\.cluster).sorted().joined(separator: ", "))")
            }
            return all.filter { $0.cluster == cluster }
        }
        return all.sorted { ($0.environment, $0.cluster) < ($1.environment, $1.cluster) }
    }
}
