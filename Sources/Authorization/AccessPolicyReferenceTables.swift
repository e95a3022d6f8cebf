import Diagnostics
import Model

/// The access policies' permissions as the User Guide's asciidoc lists them: each `== Name`
/// section, and the rows of the `|===` table under it whose header names Kubernetes API groups,
/// resources (or nonResourceURLs) and verbs. One row is one rule; an empty API group cell is the
/// core group. A section without such a table is a policy the page describes in prose only.
public struct AccessPolicyReferenceTables: Sendable {
    /// Policy name → the rules of its table, each located at its row's first line.
    public let rules: [String: [Rule]]
    /// Every section title, in page order: policies described in prose included.
    public let sections: [String]

    public struct ReadError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    static let groupsColumn = "Kubernetes API groups"
    static let resourcesColumn = "Kubernetes resources"
    static let urlsColumn = "Kubernetes nonResourceURLs"
    static let verbsColumn = "Kubernetes verbs (permissions)"

    /// Strict: a table the reader cannot take apart cell by cell is an error, never a guess, so
    /// a revised page is read again by a person before it is vendored.
    public init(reading reference: AccessPolicyReference) throws {
        var rules: [String: [Rule]] = [:]
        var sections: [String] = []
        var columns: Int?
        var table: [(text: String, line: Int)]?
        for (index, raw) in reference.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw), number = index + 1
            if table == nil, line.hasPrefix("== ") {
                sections.append(line.dropFirst(3).trimmingSpaces)
            } else if table == nil, line.hasPrefix("[%header,cols=\"") {
                columns = Int(line.dropFirst("[%header,cols=\"".count).prefix { $0.isNumber })
            } else if line == "|===" {
                if let cells = table {
                    guard let columns else { throw ReadError(line: number, reason: "a table without [%header,cols=N]") }
                    if let section = sections.last {
                        rules[section, default: []] += try Self.rules(cells, columns: columns, path: reference.path)
                    }
                    table = nil
                } else {
                    table = []
                }
            } else if table != nil {
                if line.hasPrefix("|") {
                    table?.append((String(line.dropFirst()), number))
                } else if !line.trimmingSpaces.isEmpty {
                    throw ReadError(line: number, reason: "a table line that is not a cell")
                }
            }
        }
        self.rules = rules
        self.sections = sections
    }

    /// A permissions table's rows as rules; any other table (the page's change log) as none.
    static func rules(_ cells: [(text: String, line: Int)], columns: Int, path: String) throws -> [Rule] {
        guard columns > 0, cells.count >= columns, cells.count % columns == 0 else {
            throw ReadError(line: cells.first?.line ?? 0, reason: "\(cells.count) cells do not fill rows of \(columns)")
        }
        let header = cells.prefix(columns).map { $0.text.trimmingSpaces }
        guard let verbs = header.firstIndex(of: verbsColumn) else { return [] }
        let groups = header.firstIndex(of: groupsColumn), resources = header.firstIndex(of: resourcesColumn)
        let urls = header.firstIndex(of: urlsColumn)
        return try stride(from: columns, to: cells.count, by: columns).map { start in
            let row = Array(cells[start..<start + columns])
            func items(_ column: Int?) -> [String] { column.map { Self.items(row[$0].text) } ?? [] }
            let location = SourceLocation(path: path, line: row[0].line)
            let rowVerbs = items(verbs), rowGroups = items(groups), rowResources = items(resources), rowURLs = items(urls)
            guard !rowVerbs.isEmpty else { throw ReadError(line: row[0].line, reason: "a row without verbs") }
            if !rowResources.isEmpty, rowURLs.isEmpty {
                return Rule(apiGroups: rowGroups.isEmpty ? [""] : rowGroups, resources: rowResources, verbs: rowVerbs, location: location)
            }
            if !rowURLs.isEmpty, rowResources.isEmpty, rowGroups.isEmpty {
                return Rule(verbs: rowVerbs, nonResourceURLs: rowURLs, location: location)
            }
            throw ReadError(line: row[0].line, reason: "a row that names neither resources nor only nonResourceURLs")
        }
    }

    /// A cell's comma-separated values with the page's markup taken off: backticks (the page
    /// doubles some, ``list``, and misplaces one, r``esourcequotas/status``) and `{asterisk}`.
    static func items(_ cell: String) -> [String] {
        cell.split(separator: ",").map { item in
            let bare = item.filter { $0 != "`" }.trimmingSpaces
            return bare == "{asterisk}" ? "*" : bare
        }.filter { !$0.isEmpty }
    }
}

private extension StringProtocol {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
