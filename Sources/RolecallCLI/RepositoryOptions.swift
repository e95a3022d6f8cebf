import ArgumentParser
import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import GitStore
import Model


/// Options every command takes.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The source repository, bare or not.", discussion: "Default: the repository around the current directory.", valueName: "path"))
    var repo: String = "."

    @Flag(name: [.short, .long], help: "Print only diagnostics and errors.")
    var quiet = false

    func open() throws -> Repository {
        do {
            return try Repository(discovering: repo)
        } catch {
            throw Failure(message: "\(error)")
        }
    }

    /// The working tree of the repository around `path` (import writes fragments there).
    static func workingTree(_ path: String) throws -> String {
        let repository: Repository
        do { repository = try Repository(discovering: path) } catch { throw Failure(message: "\(error)") }
        guard let tree = repository.workingDirectory else {
            throw Failure(message: "the repository at \(path) is bare: give --into, the folder to write environments/ and teams/ into")
        }
        return tree
    }

    func compiler(strict: Bool = false) throws -> Compiler {
        Self.compiler(for: try open(), strict: strict)
    }

    /// The one place the command line gets its plugins: every command, and the bench, compile with these.
    static func compiler(for repository: Repository, strict: Bool = false) -> Compiler {
        let compiler = Compiler(repository: repository, registry: BuiltinPlugins.registry)
        compiler.strict = strict
        return compiler
    }
}

extension Compilation {
    /// Refuses, as a usage error, `--env` names that are not concrete environments at this
    /// commit. Checked on the compilation itself, so the source is read and resolved once.
    /// An environment that failed to load is no usage error: its errors fail the run.
    func requireEnvironments(_ names: [String]) throws {
        if let problem = unknownEnvironmentProblem(names) { throw Failure(message: problem) }
    }

    /// The compiled access of `name`, or a usage error listing the clusters there are.
    func clusterAccess(_ name: String, source: String) throws -> ClusterAccess {
        let all = environments.flatMap(\.clusters)
        guard let access = all.first(where: { $0.cluster.name == name }) else {
            throw Failure(message: "no cluster '\(name)' at \(source); known clusters: \(all.map(\.cluster.name).sorted().joined(separator: ", "))")
        }
        return access
    }
}

extension Repository {
    func commitID(_ spec: String) throws -> ObjectID {
        do {
            return try resolveCommit(spec)
        } catch {
            throw Failure(message: "cannot resolve '\(spec)': no such branch, tag or commit")
        }
    }
}

enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
    static let useColor = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true

    static func colored(_ text: String) -> String {
        text.replacingOccurrences(of: ": error: ", with: ": \u{1B}[1;31merror\u{1B}[0m: ")
            .replacingOccurrences(of: ": warning: ", with: ": \u{1B}[1;33mwarning\u{1B}[0m: ")
    }

    /// Prints diagnostics in `format` and a one-line count for text output.
    static func report(_ diagnostics: [Diagnostic], format: DiagnosticFormat) {
        let rendered = DiagnosticRenderer.render(diagnostics, as: format)
        if format == .text {
            out(useColor ? colored(rendered) : rendered)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            if errors + warnings > 0 { out("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n") }
        } else {
            out(rendered)
        }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
