import Authorization
import Diagnostics
import Model
import PluginAPI
import Yams

/// `rolecall import`, as a library call: dumps and the repository's current fragments in,
/// fragments to write, the report, and the proof out. Writing files is the caller's.
public enum Importer {
    public struct Result: Sendable {
        /// Files to write (paths relative to the repository), the environment first.
        public var files: [(path: String, text: String)]
        public var report: ImportReport
        public var proof: AccessProof
    }

    /// `existing`: the fragments the folder holds now (environments/ and teams/), for merging,
    /// for the names an import must not reuse, and for the proof (which compiles them all).
    public static func run(_ live: LiveCluster, cluster: String, environment: String, existing: [(path: String, text: String)],
                           registry: PluginRegistry) throws -> Result {
        var mapper = ImportMapper(cluster: cluster, environment: environment)
        let environmentPath = "environments/\(environment).yaml"
        let existingEnvironment = existing.first { $0.path == environmentPath }?.text
        if let existingEnvironment, let mode = (try? Yams.compose(yaml: existingEnvironment))?["authMode"]?.string.flatMap(AuthMode.init(rawValue:)) {
            mapper.authMode = mode
        }
        mapper.takenTeamNames = Set(existing.compactMap { file -> String? in
            guard file.path.hasPrefix("teams/") else { return nil }
            let rest = file.path.dropFirst("teams/".count)
            return rest.split(separator: "/").first.map { String($0).replacingOccurrences(of: ".yaml", with: "") }
        })
        var (draft, report) = mapper.map(live)
        draft.teams.sort { $0.name < $1.name }
        let (files, notes) = try FragmentWriter.files(draft, existingEnvironment: existingEnvironment)
        report.choices += notes
        var all = existing.filter { file in !files.contains { $0.path == file.path } }
        all += files
        let proof = AccessProof.prove(live, files: all, cluster: cluster, environment: environment, registry: registry)
        return Result(files: files, report: report, proof: proof)
    }
}

extension ImportReport {
    /// The report as the CLI prints it: choices, identity changes, the list to decide on, and the proof.
    public func text(proof: AccessProof, written: [String]) -> String {
        // Names come from the dumps: one item stays one line whatever they hold.
        let line = ReportEscaping.line
        var out = "import: \(written.count) fragment\(written.count == 1 ? "" : "s") written: \(written.joined(separator: ", "))\n"
        out += "\nchoices:\n" + choices.map { "  - \(line($0))\n" }.joined()
        if !ignored.isEmpty { out += "\nignored (Kubernetes and EKS create these):\n" + ignored.map { "  - \(line($0))\n" }.joined() }
        out += "\nidentities (\(identities.count) change shape; access is compared below):\n"
        out += identities.isEmpty ? "  none\n" : identities.map { "  \(line($0.arn))\n" + $0.changes.map { "    \(line($0))\n" }.joined() }.joined()
        out += "\nto decide on (\(unrepresentable.count)):\n"
        out += unrepresentable.isEmpty ? "  nothing: every grant has a form in fragments\n" : unrepresentable.map { "  - \(line($0))\n" }.joined()
        out += "\nproof: \(proof.principals) principals × \(proof.requests) requests, before (the dumps) and after (the compiled bundle)\n"
        let errors = proof.diagnostics.filter { $0.severity == .error }
        for diagnostic in errors { out += "  compile error: \(ReportEscaping.path(diagnostic.location.path)):\(diagnostic.location.line):\(diagnostic.location.column): \(line(diagnostic.message))\n" }
        if proof.differences.isEmpty && errors.isEmpty {
            out += "  equal: every principal has the same access after the import (modulo the renames above)\n"
        } else {
            for difference in proof.differences.prefix(200) {
                out += "  \(line(difference.arn)): \(line(difference.request)): \(difference.before) → \(difference.after)\n"
            }
            if proof.differences.count > 200 { out += "  ... and \(proof.differences.count - 200) more\n" }
            out += "  differs: \(proof.differences.count) difference\(proof.differences.count == 1 ? "" : "s")\(errors.isEmpty ? "" : ", \(errors.count) compile error\(errors.count == 1 ? "" : "s")")\n"
        }
        return out
    }
}
