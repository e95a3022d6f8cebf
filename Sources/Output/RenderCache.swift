import Diagnostics
import Foundation
import GitStore

/// What an output branch remembers of how it was made (`.rolecall/cache.json`), so the next
/// compile reuses what did not change. It lives in the rendered commit itself: a CI clone that
/// fetched the output branch has it, and it is written from the compile alone, so a compile
/// with the cache and one without give the same bytes.
public struct RenderRecord: Codable, Sendable, Equatable {
    public static let path = ".rolecall/cache.json"
    /// Bumped whenever what the record holds, or what its keys cover, changes.
    public static let currentFormat = 1

    public var format: Int
    /// The git id of everything the whole branch (but its metadata and README) follows from:
    /// the source's `teams/` and `environments/` trees, the compiler and every plugin version.
    public var sourceKey: String
    /// Facts of the whole source, for a compile that reads nothing else.
    public var source: SourceFacts
    /// This environment's findings that belong to no one cluster, without the commit.
    public var findings: [Diagnostic]
    public var clusters: [String: ClusterRecord]

    public init(sourceKey: String, source: SourceFacts, findings: [Diagnostic], clusters: [String: ClusterRecord]) {
        format = Self.currentFormat
        self.sourceKey = sourceKey
        self.source = source
        self.findings = findings
        self.clusters = clusters
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The record's blob in a rendered tree and its bytes, not decoded yet (decoding is the
    /// costly part: a caller reading several branches decodes them on every core).
    public static func stored(in tree: ObjectID, repository: Repository) -> (blob: ObjectID, bytes: Data)? {
        guard let entry = try? repository.entry(at: path, in: tree), entry.kind == .blob,
              let data = try? repository.blob(entry.id) else { return nil }
        return (entry.id, data)
    }

    /// The record these bytes hold, or nil when they hold none of the current format.
    public static func decoded(_ bytes: Data) -> RenderRecord? {
        guard let record = try? JSONDecoder().decode(RenderRecord.self, from: bytes), record.format == currentFormat else { return nil }
        return record
    }
}

/// The source-level facts a compile of the whole source found: which concrete environments
/// there are (with what they promote from), in promotion order, and the findings of loading,
/// resolving and decoding.
public struct SourceFacts: Codable, Sendable, Equatable {
    public struct Environment: Codable, Sendable, Equatable {
        public var name: String
        public var promotesFrom: String?

        public init(name: String, promotesFrom: String?) {
            self.name = name
            self.promotesFrom = promotesFrom
        }
    }

    public var environments: [Environment]
    public var order: [String]
    public var findings: [Diagnostic]

    public init(environments: [Environment], order: [String], findings: [Diagnostic]) {
        self.environments = environments
        self.order = order
        self.findings = findings
    }
}

/// One rendered cluster: the key of everything its files follow from, the findings of its
/// guards and emitters (reported again when it is reused), and what the compile prints of it.
public struct ClusterRecord: Codable, Sendable, Equatable {
    public var key: String
    public var findings: [Diagnostic]
    public var summary: ClusterSummary

    public init(key: String, findings: [Diagnostic], summary: ClusterSummary) {
        self.key = key
        self.findings = findings
        self.summary = summary
    }
}

public struct ClusterSummary: Codable, Sendable, Equatable {
    public var identities: Int
    public var namespaces: Int
    public var bindings: Int
    public var files: [String]

    public init(identities: Int, namespaces: Int, bindings: Int, files: [String]) {
        self.identities = identities
        self.namespaces = namespaces
        self.bindings = bindings
        self.files = files
    }

    public var description: String {
        "\(identities) identities, \(namespaces) namespaces, \(bindings) bindings; \(files.joined(separator: ", "))"
    }
}
