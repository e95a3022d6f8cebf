import Compiler
import Diagnostics
import Serialization

/// `rolecall access` output: one row per principal and scope, risky permissions marked.
enum AccessMatrixFormat {
    static let columns = ["environment", "cluster", "principal", "username", "groups", "path", "scope", "roles", "risky"]

    static func cells(_ m: AccessMatrix, _ row: AccessMatrix.Row) -> [String] {
        [m.environment, m.cluster, row.arn, row.username, row.groups.joined(separator: " "), row.path.rawValue, row.scope,
         row.roles.joined(separator: "; "), row.risky.joined(separator: "; ")]
    }

    static func markdown(_ matrices: [(AccessMatrix, AccessSource)]) -> String {
        var out = ""
        for (matrix, source) in matrices {
            out += "### \(ReportEscaping.markdown(matrix.environment)) / \(ReportEscaping.markdown(matrix.cluster))\n\nAt \(ReportEscaping.markdown(source.line)); built-in roles of Kubernetes \(matrix.kubernetesRelease). ⚠️ marks risky permissions.\n\n"
            out += "| principal | username | groups | path | scope | roles | risky |\n|---|---|---|---|---|---|---|\n"
            for row in matrix.rows {
                let cells = Array(cells(matrix, row).dropFirst(2)).enumerated().map { index, cell in
                    // Usernames and names are input: escaped, so a cell stays one cell.
                    let escaped = ReportEscaping.markdown(cell)
                    return index == 6 && !cell.isEmpty ? "⚠️ " + escaped : (index == 1 || index == 0 ? "<code>\(escaped)</code>" : escaped)
                }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        return out
    }

    /// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
    static func csv(_ matrices: [(AccessMatrix, AccessSource)]) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = columns.joined(separator: ",") + "\r\n"
        for (matrix, _) in matrices {
            for row in matrix.rows { out += cells(matrix, row).map(field).joined(separator: ",") + "\r\n" }
        }
        return out
    }

    static func json(_ matrices: [(AccessMatrix, AccessSource)]) -> Document {
        .list(matrices.map { matrix, source in
            .map([("environment", .string(matrix.environment)), ("cluster", .string(matrix.cluster)),
                  ("kubernetesVersion", .string(matrix.kubernetesRelease.description)), ("source", AccessJSON.source(source)),
                  ("rows", .list(matrix.rows.map { row in
                      .map([("arn", .string(row.arn)), ("username", .string(row.username)), ("groups", .strings(row.groups)),
                            ("path", .string(row.path.rawValue)), ("scope", .string(row.scope)), ("roles", .strings(row.roles)),
                            ("risky", .strings(row.risky))])
                  }))])
        })
    }
}
