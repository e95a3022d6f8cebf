/// Fixtures shared by the test targets that build real git repositories.
import Foundation
import GitStore

/// A temporary folder removed when the value is released.
public final class TemporaryDirectory {
    public let path: String

    public init(_ label: String = "gitstore") throws {
        path = NSTemporaryDirectory() + "rolecall-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func sub(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The result of running an external tool.
public struct ToolResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

public enum Tool {
    /// The absolute path of `name` on PATH, if any.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static var git: String? { find("git") }
    public static var hasGit: Bool { git != nil }

    /// Runs `executable` with output captured through files (no pipe deadlocks).
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil, input: Data? = nil) throws -> ToolResult {
        let scratch = try TemporaryDirectory("tool")
        let outPath = scratch.sub("out"), errPath = scratch.sub("err"), inPath = scratch.sub("in")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: input ?? Data())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Fixture"
        environment["GIT_AUTHOR_EMAIL"] = "fixture@example.com"
        environment["GIT_COMMITTER_NAME"] = "Fixture"
        environment["GIT_COMMITTER_EMAIL"] = "fixture@example.com"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        try process.run()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus,
                          stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs git in `directory` and returns its trimmed standard output; throws when it fails.
    @discardableResult
    public static func git(_ arguments: [String], in directory: String, input: Data? = nil) throws -> String {
        guard let git else { throw FixtureError("git is not on PATH") }
        let result = try run(git, arguments, in: directory, input: input)
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The built `rolecall` executable, found next to the test bundle.
public enum RolecallBinary {
    public static let path: String? = {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("rolecall").path]
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("rolecall").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public static func run(_ arguments: [String], in directory: String? = nil) throws -> ToolResult {
        guard let path else {
            throw FixtureError("rolecall executable not found next to the test bundle (\(Bundle.main.bundleURL.path)); build with --build-tests")
        }
        return try Tool.run(path, arguments, in: directory)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Repository {
    /// Writes `files` as a commit on top of `parents` and moves `branch` to it.
    @discardableResult
    public func commitFiles(_ files: [String: String], parents: [ObjectID] = [], branch: String? = "main", message: String = "fixture") throws -> ObjectID {
        let tree = try writeTree(files: files.mapValues { Data($0.utf8) })
        let commit = try createCommit(tree: tree, parents: parents, message: message)
        if let branch {
            let reference = "refs/heads/" + branch
            try updateReference(reference, to: commit, expecting: try referenceTarget(reference), message: message)
        }
        return commit
    }
}
