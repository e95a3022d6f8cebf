import Foundation

/// An exclusive lock between rolecall processes writing one repository's branches.
///
/// libgit2 checks that a branch does not exist before it takes git's own ref lock, so two
/// processes creating the same branch can both succeed, the second silently replacing the
/// first. Holding this lock across "read tip, commit, move ref" closes that window. The lock
/// file records its owner's pid; a lock whose owner is gone, or that records no pid, is taken over.
public struct WriterLock {
    let path: String

    public init(repository: Repository, name: String = "rolecall.lock") {
        path = repository.gitDirectory + (repository.gitDirectory.hasSuffix("/") ? "" : "/") + name
    }

    /// Runs `body` holding the lock, waiting up to `timeout` seconds for it.
    public func withLock<T>(timeout: Double = 120, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var delay: UInt32 = 2_000
        while try !acquire() {
            if Date() > deadline {
                throw GitError.locked("another rolecall process has held \(path) for over \(Int(timeout)) s; if none is running, delete that file")
            }
            usleep(delay)
            delay = min(delay * 2, 200_000)
        }
        defer { unlink(path) }
        return try body()
    }

    /// The lock file appears with its pid already in it (written aside, then hard-linked into
    /// place, which fails if the lock exists), so an empty or unreadable lock file is never a
    /// live lock: it is left by a crash or a full disk, and taken over like a dead owner's.
    private func acquire() throws -> Bool {
        let aside = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(aside, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create", aside) }
        defer { unlink(aside) }
        let pid = Array("\(getpid())\n".utf8)
        let written = write(descriptor, pid, pid.count)
        let writeError = errno
        close(descriptor)
        guard written == pid.count else { errno = writeError; throw failure("cannot write", aside) }
        if link(aside, path) == 0 { return true }
        guard errno == EEXIST else { throw failure("cannot create", path) }
        takeOverIfStale()
        return false
    }

    private func isStale(_ lockPath: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: lockPath) else { return false }
        guard let owner = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), owner > 0 else { return true }
        return kill(owner, 0) != 0 && errno == ESRCH
    }

    /// Renames first so that only one waiter removes the lock; if the renamed file turns out to
    /// be live (another waiter took over and a new owner locked in between), it goes back.
    private func takeOverIfStale() {
        guard isStale(path) else { return }
        let stale = path + ".stale.\(getpid())"
        guard rename(path, stale) == 0 else { return }
        if !isStale(stale) { _ = link(stale, path) }
        unlink(stale)
    }

    private func failure(_ what: String, _ file: String) -> GitError {
        let reason = String(cString: strerror(errno))
        return errno == ENOSPC ? .diskFull("\(what) \(file): \(reason)") : .failed(code: -1, message: "\(what) \(file): \(reason)")
    }
}
