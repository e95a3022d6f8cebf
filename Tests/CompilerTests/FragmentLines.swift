import TestSupport

/// Line and column of `value` on the one line of `text` that contains `needle` (1-based), so
/// provenance tests name fragment lines by their content and no test hard-codes a line number.
func fragmentLocation(in text: String, line needle: String, value: String) throws -> (line: Int, column: Int) {
    let lines = text.components(separatedBy: "\n")
    let matches = lines.indices.filter { lines[$0].contains(needle) }
    guard matches.count == 1, let index = matches.first else {
        throw FixtureError("'\(needle)' is on \(matches.count) lines, expected exactly one:\n\(text)")
    }
    let line = lines[index]
    guard let start = line.range(of: needle), let found = line[start.lowerBound...].range(of: value) else {
        throw FixtureError("'\(value)' not after '\(needle)' in:\n\(text)")
    }
    return (index + 1, line.distance(from: line.startIndex, to: found.lowerBound) + 1)
}
