import Foundation

/// Reads YAML with PyYAML (`yaml.safe_load`) and returns it as JSON-compatible Foundation
/// values, to check that what YAMLWriter writes reads back as what was meant.
enum PyYAML {
    static let loader = "import sys,yaml,json; print(json.dumps(yaml.safe_load(sys.stdin.read())))"

    /// nil when python3 with PyYAML is not installed here.
    static let available: Bool = {
        (try? run(["-c", "import yaml"], input: "")).map { $0.status == 0 } ?? false
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ yaml: String) throws -> Any {
        let result = try run(["-c", loader], input: yaml)
        guard result.status == 0 else {
            throw Failure(description: "PyYAML rejected the document:\n\(yaml)\n\(result.stderr)")
        }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }

    private static func run(_ arguments: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Write and read on separate threads so a large document cannot fill a pipe and stall.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errData = ErrorCollector(stderr.fileHandleForReading)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), errData.finish())
    }

    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            Thread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }.start()
        }
        func finish() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
