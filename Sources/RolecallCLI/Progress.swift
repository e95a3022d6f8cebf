import Foundation

/// Progress lines for long operations: on standard error, only when it is a terminal and
/// `--quiet` is off, so CI logs and piped output stay clean.
enum Progress {
    static let isTerminal = isatty(STDERR_FILENO) == 1

    static func say(_ message: String, quiet: Bool) {
        guard isTerminal, !quiet else { return }
        Console.err("… \(message)\n")
    }
}
