import ArgumentParser
import BuiltinPlugins
import Foundation
import Migration

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write fragments for an existing cluster from its dumps, and prove they grant the same access.",
        discussion: """
        Reads the cluster's dumps (docs/migrating.md says how to take them): --aws-auth from `kubectl get configmap aws-auth -n kube-system -o yaml`; --rbac from `kubectl get namespaces,roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml`; --access-entries from `aws eks describe-access-entry` and `aws eks list-associated-access-policies` for every principal (concatenated, or one JSON array). Writes environments/<E>.yaml (merged into the existing file when there is one) and one teams/<team>.yaml per team, placed in this cluster only, into --into (default: the repository's working tree).

        It reports every choice, every group rename (team groups become <team>:<group>) and username change, and everything it could not represent (ServiceAccount subjects, bindings to users no IAM principal maps to, several roles for one group in one namespace, ...). Then it compiles the result in memory and compares, for every principal in the dumps and a fixed set of requests, access before and after. Exit 0 when they are equal, 1 otherwise.
        """)

    @Option(help: "The cluster's name in the repository.")
    var cluster: String

    @Option(help: "The environment to add the cluster to (created when it does not exist).")
    var environment: String

    @OptionGroup var dumps: DumpOptions

    @Option(help: ArgumentHelp("The folder to write environments/ and teams/ into.", discussion: "Default: the working tree of the repository around the current directory.", valueName: "dir"))
    var into: String?

    @Option(name: .long, help: ArgumentHelp("The source repository, for the default --into.", valueName: "path"))
    var repo: String = "."

    func validate() throws {
        if dumps.awsAuth == nil && dumps.accessEntries == nil {
            throw ValidationError("give --aws-auth or --access-entries (or both): without them no principal is known")
        }
    }

    func run() throws {
        let folder = try into ?? RepositoryOptions.workingTree(repo)
        let live = try dumps.reading { try LiveDumps.read(awsAuth: $0, rbac: $1, accessEntries: $2) }
        let existing = try Self.fragments(in: folder)
        let result: Importer.Result
        do {
            result = try Importer.run(live, cluster: cluster, environment: environment, existing: existing, registry: BuiltinPlugins.registry)
        } catch let failure as FragmentWriter.Failure {
            throw Failure(message: failure.description)
        }
        for file in result.files {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url)
        }
        Console.out(result.report.text(proof: result.proof, written: result.files.map(\.path)))
        if !result.proof.holds { throw ExitCode(1) }
    }

    /// The fragments under `folder`'s environments/ and teams/.
    static func fragments(in folder: String) throws -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = []
        for top in ["environments", "teams"] {
            let root = URL(fileURLWithPath: folder).appendingPathComponent(top)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".yaml") {
                files.append((path: "\(top)/\(relative)", text: try DumpOptions.read(root.appendingPathComponent(relative).path)))
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}
