import Compiler
import Foundation

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

    /// What the render-cache keys name this compiler by. A stamped build: its version and
    /// commit. An unstamped one (a developer's `swift build`) cannot tell its source apart, so
    /// it adds its executable's size and modification time: a rebuilt binary never takes the
    /// clusters or findings an older one recorded.
    static let renderCacheVersion: String = {
        if let commit { return "\(RolecallVersion.current) commit \(commit)" }
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "\(RolecallVersion.current) unstamped" }
        return "\(RolecallVersion.current) unstamped \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}
