import Compiler

/// What `rolecall --version` prints: the version and the commit the binary was built from.
///
/// SwiftPM has no build-time variables, so the commit reaches the binary as a generated source
/// file: `scripts/package` writes `BuildStamp.generated.swift` (ignored by git) next to this one,
/// holding `stampedCommit`, and compiles with `-DROLECALL_STAMPED`. A plain `swift build` or
/// `swift run` has neither, and says so instead of guessing from whatever directory it runs in.
enum BuildInfo {
    #if ROLECALL_STAMPED
    static let commit: String? = stampedCommit
    #else
    static let commit: String? = nil
    #endif

    static var versionLine: String {
        "rolecall \(RolecallVersion.current) (commit \(commit ?? "unknown: built without scripts/package"))"
    }
}
