import Foundation
import GitStore
import Output

/// Whether an output branch is exactly what compiling its recorded source gives today:
/// catches hand edits, a different compiler version, and tampering.
public struct Verification: Sendable {
    public enum Difference: Equatable, Sendable {
        case changed(String), missing(String), unexpected(String)

        public var path: String {
            switch self { case .changed(let p), .missing(let p), .unexpected(let p): p }
        }

        /// `changed`, `missing` or `unexpected`, as reports word it.
        public var kind: String {
            switch self { case .changed: "changed"; case .missing: "missing"; case .unexpected: "unexpected" }
        }
    }

    public var environment: String
    public var branch: String
    public var sourceCommit: String
    public var differences: [Difference]
    public var compilation: Compilation

    public var isClean: Bool { differences.isEmpty && !compilation.hasErrors }

    public enum Failure: Error, CustomStringConvertible {
        case noBranch(String), notRendered(String, String)
        public var description: String {
            switch self {
            case .noBranch(let branch): "branch '\(branch)' does not exist; compile the environment first"
            case .notRendered(let branch, let why): "branch '\(branch)' was not written by rolecall: \(why)"
            }
        }
    }

    public static func verify(environment: String, branch: String, compiler: Compiler) throws -> Verification {
        let repository = compiler.repository
        guard let tip = try repository.referenceTarget(BranchName.reference(branch)) else { throw Failure.noBranch(branch) }
        let commit = try repository.commit(tip)
        // A hand-made commit on top of a rendered one names no source: check the tip against the
        // newest rendered commit below it, so the report names the edited files.
        guard let (_, (sourceID, ref)) = try RenderedCommit.newestRendered(from: tip, in: repository) else {
            throw Failure.notRendered(branch, "no commit on it records a \(RenderedCommit.sourceCommitTrailer)")
        }
        let source = sourceID.hex
        let compilation = try compiler.compile(commit: sourceID, environments: [environment])
        var expected: [String: Data] = [:]
        if let rendered = compilation.environments.first {
            expected = BranchLayout.files(for: rendered.bundle, source: SourceInfo(ref: ref, commit: source, tree: compilation.tree),
                                          compilerVersion: RolecallVersion.current)
        }
        let actual = try repository.files(in: commit.tree)
        var differences: [Difference] = []
        for path in Set(expected.keys).union(actual.keys).sorted() {
            switch (expected[path], actual[path]) {
            case (let e?, let a?) where e != a: differences.append(.changed(path))
            case (_?, nil): differences.append(.missing(path))
            case (nil, _?): differences.append(.unexpected(path))
            default: break
            }
        }
        return Verification(environment: environment, branch: branch, sourceCommit: source, differences: differences, compilation: compilation)
    }

    /// Environments that have an output branch under `template` (e.g. `rendered/{env}`).
    public static func renderedEnvironments(template: OutputTemplate, in repository: Repository) throws -> [String] {
        try repository.referenceNames(under: BranchName.prefix).compactMap { name in
            BranchName.branch(ofReference: name).flatMap(template.environment(ofBranch:))
        }
    }
}
