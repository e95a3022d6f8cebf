import ArgumentParser
import Diagnostics
import Foundation

public struct RolecallCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rolecall",
        abstract: "Compile a GitOps repository of EKS access fragments into per-cluster bundles.",
        discussion: """
        Reads teams/ and environments/ straight from git objects (never a working tree), resolves extends and overlays, checks every guard, and commits one rendered bundle per environment (aws-auth ConfigMap, EKS access entries, RBAC, kustomization) to an output branch.

        Exit codes: 0 success, 1 diagnostics with errors, 2 usage error.
        """,
        version: BuildInfo.versionLine,
        subcommands: [CompileCommand.self, CheckCommand.self, DiffCommand.self, PromoteCommand.self, VerifyCommand.self, ExplainCommand.self, WhoCanCommand.self, AccessCommand.self, ImportCommand.self, DriftCommand.self, InitCommand.self, SchemaCommand.self, BenchCommand.self])

    public init() {}
}

/// Runs the command line with rolecall's exit codes (usage errors are 2, not sysexits' 64).
public enum RolecallMain {
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try RolecallCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch let failure as Failure {
            // Arguments and ref names reach the message: one error stays one line.
            FileHandle.standardError.write(Data("rolecall: error: \(ReportEscaping.line(failure.message))\n".utf8))
            exit(2)
        } catch {
            let code = RolecallCommand.exitCode(for: error)
            let message = RolecallCommand.fullMessage(for: error)
            if !message.isEmpty {
                let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((message + "\n").utf8))
            }
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// An error that stops a command before it could compile (bad repository, unknown ref).
struct Failure: Error {
    var message: String
}
