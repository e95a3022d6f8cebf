/// A unified diff of two texts, for `rolecall diff` and `verify`. Common leading and trailing
/// lines are trimmed first; the middle is matched by longest common subsequence when small
/// enough, and shown as replaced wholesale when not (rendered files change locally).
public enum LineDiff {
    static let maxCells = 4_000_000

    public enum Line: Equatable, Sendable {
        case same(String), removed(String), added(String)
    }

    public static func lines(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        var result = a[..<prefix].map { Line.same($0) }
        if midA.count * midB.count <= maxCells {
            result += lcs(midA, midB)
        } else {
            result += midA.map { .removed($0) } + midB.map { .added($0) }
        }
        result += a[(a.count - suffix)...].map { Line.same($0) }
        return result
    }

    private static func lcs(_ a: [String], _ b: [String]) -> [Line] {
        let n = a.count, m = b.count
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var result: [Line] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                result.append(.same(a[i])); i += 1; j += 1
            } else if i < n, j == m || table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                result.append(.removed(a[i])); i += 1
            } else {
                result.append(.added(b[j])); j += 1
            }
        }
        return result
    }

    /// `--- a/path`, `+++ b/path` and hunks with three lines of context; empty when equal.
    public static func unified(_ old: String?, _ new: String?, path: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let diff = lines(old ?? "", new ?? "")
        var out = "--- \(old == nil ? "/dev/null" : "a/" + path)\n+++ \(new == nil ? "/dev/null" : "b/" + path)\n"
        let changed = diff.indices.filter { if case .same = diff[$0] { false } else { true } }
        var index = 0
        while index < changed.count {
            let start = max(0, changed[index] - context)
            var end = min(diff.count, changed[index] + context + 1)
            while index + 1 < changed.count, changed[index + 1] - context <= end {
                index += 1
                end = min(diff.count, changed[index] + context + 1)
            }
            let oldStart = diff[..<start].filter { if case .added = $0 { false } else { true } }.count + 1
            let newStart = diff[..<start].filter { if case .removed = $0 { false } else { true } }.count + 1
            let hunk = diff[start..<end]
            let oldCount = hunk.filter { if case .added = $0 { false } else { true } }.count
            let newCount = hunk.filter { if case .removed = $0 { false } else { true } }.count
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for line in hunk {
                switch line {
                case .same(let text): out += " \(text)\n"
                case .removed(let text): out += "-\(text)\n"
                case .added(let text): out += "+\(text)\n"
                }
            }
            index += 1
        }
        return out
    }
}
