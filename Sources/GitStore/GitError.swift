import CLibGit2
import Foundation

/// A failed libgit2 call, classified so callers can react to the cases that matter
/// (a missing ref, a lost compare-and-swap race) without parsing messages.
public enum GitError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case exists(String)
    /// The reference moved since it was read (compare-and-swap lost).
    case modified(String)
    case invalid(String)
    /// Another writer holds the lock file (git's or rolecall's); retrying later may succeed.
    case locked(String)
    /// The file system ran out of space while git wrote an object, a ref or a lock.
    case diskFull(String)
    case failed(code: Int32, message: String)

    public var description: String {
        switch self {
        case .notFound(let m), .exists(let m), .modified(let m), .invalid(let m), .locked(let m): m
        case .diskFull(let m): "the disk is full: \(m); free space and run again"
        case .failed(let code, let m): "\(m) (libgit2 error \(code))"
        }
    }
}

/// Runs one libgit2 call and turns a negative result into a `GitError`, reading the
/// thread-local error message right away, on the same thread.
@discardableResult
func git(_ what: @autoclosure () -> String, _ call: () -> Int32) throws -> Int32 {
    let code = call()
    guard code < 0 else { return code }
    var message = what()
    if let last = git_error_last(), let text = last.pointee.message {
        message += ": " + String(cString: text)
    }
    // libgit2 reports ENOSPC as a generic OS error; only its message tells, and the disk being
    // full must not read like a lost race or a corrupt repository.
    if message.contains(String(cString: strerror(ENOSPC))) { throw GitError.diskFull(message) }
    switch git_error_code(rawValue: code) {
    case GIT_ENOTFOUND: throw GitError.notFound(message)
    case GIT_EEXISTS: throw GitError.exists(message)
    case GIT_EMODIFIED: throw GitError.modified(message)
    case GIT_EINVALIDSPEC, GIT_EAMBIGUOUS: throw GitError.invalid(message)
    case GIT_ELOCKED: throw GitError.locked(message)
    default: throw GitError.failed(code: code, message: message)
    }
}

/// libgit2 must be initialised once per process before any other call.
enum LibGit2 {
    static let initialized: Bool = {
        git_libgit2_init()
        _ = rolecall_git_enable_strict_object_creation()
        return true
    }()
}
