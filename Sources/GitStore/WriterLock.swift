import Foundation

/// An exclusive lock between rolecall processes writing one repository's branches.
///
/// libgit2 checks that a branch does not exist before it takes git's own ref lock, so two
/// processes creating the same branch can both succeed, the second silently replacing the
/// first. Holding this lock across "read tip, commit, move ref" closes that window. The lock
/// file records its owner's pid; a lock whose owner is gone is taken over.
public struct WriterLock {
    let path: String

    public init(repository: Repository, name: String = "rolecall.lock") {
        path = repository.gitDirectory + (repository.gitDirectory.hasSuffix("/") ? "" : "/") + name
    }

    /// Runs `body` holding the lock, waiting up to `timeout` seconds for it.
    public func withLock<T>(timeout: Double = 120, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var delay: UInt32 = 2_000
        while !acquire() {
            if Date() > deadline {
                throw GitError.locked("another rolecall process has held \(path) for over \(Int(timeout)) s; if none is running, delete that file")
            }
            usleep(delay)
            delay = min(delay * 2, 200_000)
        }
        defer { unlink(path) }
        return try body()
    }

    private func acquire() -> Bool {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        if descriptor >= 0 {
            let pid = "\(getpid())\n"
            _ = pid.withCString { write(descriptor, $0, strlen($0)) }
            close(descriptor)
            return true
        }
        guard errno == EEXIST else { return false }
        // Take over a lock whose owner died (a killed CI job): rename first so that only one
        // waiter removes it.
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let owner = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
           owner > 0, kill(owner, 0) != 0, errno == ESRCH {
            let stale = path + ".stale.\(getpid())"
            if rename(path, stale) == 0 { unlink(stale) }
        }
        return false
    }
}
