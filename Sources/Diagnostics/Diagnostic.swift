/// Where a finding points: a path inside the source tree, 1-based line and column, and the
/// commit the fragment was read from.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var commit: String?

    public init(path: String, line: Int = 0, column: Int = 0, commit: String? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.commit = commit
    }

    /// `path:line:column`, the form editors and CI annotations understand.
    public var description: String {
        line > 0 ? "\(path):\(line):\(column)" : path
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

public enum Severity: String, Sendable, Comparable, Codable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding. `code` names the rule that raised it (stable, for suppression and tooling).
public struct Diagnostic: Hashable, Sendable, Codable {
    public var severity: Severity
    public var code: String
    public var message: String
    public var location: SourceLocation
    public var notes: [Note]

    public struct Note: Hashable, Sendable, Codable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, notes: notes)
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by path, line and column, then message; duplicates (the same finding raised for
    /// several clusters) collapse to one.
    public func sortedForReport() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return filter { seen.insert($0).inserted }.sorted {
            ($0.location, $0.message) < ($1.location, $1.message)
        }
    }

    /// Promotes warnings to errors, for `--strict`.
    public func strict() -> [Diagnostic] {
        map { var d = $0; if d.severity == .warning { d.severity = .error }; return d }
    }
}
