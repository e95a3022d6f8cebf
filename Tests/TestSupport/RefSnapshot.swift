import Foundation

/// Every ref of a repository as bytes on disk: `HEAD`, each loose file under `refs/` (lock files
/// included, so a leaked `.lock` counts as a change) and `packed-refs`. Two snapshots are equal
/// only when no ref moved, appeared or vanished, loose or packed.
public struct RefSnapshot: Equatable, CustomStringConvertible {
    public var head: Data?
    public var loose: [String: Data]
    public var packedRefs: Data?

    public static func take(gitDirectory: URL) throws -> RefSnapshot {
        let manager = FileManager.default
        let refs = gitDirectory.appendingPathComponent("refs")
        var loose: [String: Data] = [:]
        if let walker = manager.enumerator(at: refs, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in walker where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                let relative = String(file.standardizedFileURL.path.dropFirst(gitDirectory.standardizedFileURL.path.count + 1))
                loose[relative] = try Data(contentsOf: file)
            }
        }
        return RefSnapshot(head: manager.contents(atPath: gitDirectory.appendingPathComponent("HEAD").path),
                           loose: loose,
                           packedRefs: manager.contents(atPath: gitDirectory.appendingPathComponent("packed-refs").path))
    }

    public var description: String {
        let text = { (data: Data?) in data.map { String(decoding: $0, as: UTF8.self) } ?? "(none)" }
        var lines = ["HEAD: \(text(head))"]
        lines += loose.keys.sorted().map { "\($0): \(text(loose[$0]).trimmingCharacters(in: .newlines))" }
        lines.append("packed-refs:\n\(text(packedRefs))")
        return lines.joined(separator: "\n")
    }
}
