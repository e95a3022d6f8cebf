import Diagnostics
import Foundation

/// One parsed, schema-checked fragment.
public struct Fragment: Sendable {
    public enum Kind: String, Sendable {
        case environment = "Environment", team = "Team", overlay = "Overlay"
    }

    public let kind: Kind
    public let path: String
    /// What the fragment is called where it is referenced: the environment name, the team
    /// name, `_templates/<name>` for a template, or the overlay's target for an overlay.
    public let name: String
    /// For an overlay, the team whose folder holds it.
    public let team: String?
    public let root: Node

    public var location: SourceLocation { root.location }
    public var isTemplate: Bool { name.hasPrefix(FragmentPath.templatePrefix) }
}

/// What a path in the source tree is expected to hold.
public enum FragmentPath: Equatable, Sendable {
    case environment(String)
    case team(String)
    case template(String)
    case overlay(team: String, target: String)
    /// Not a fragment (README.md and other non-YAML files beside the fragments).
    case ignored
    case misplaced(String)

    public static let environmentsFolder = "environments/"
    public static let teamsFolder = "teams/"
    public static let templatePrefix = "_templates/"

    public init(_ path: String) {
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") else { self = .ignored; return }
        // A fragment is never dropped silently: `.YAML` and `.Yml` are refused, not ignored.
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else {
            self = .misplaced("fragment file names end in `.yaml` or `.yml`, in lower case; rename '\(path.split(separator: "/").last ?? "")'")
            return
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let stem = { (file: String) in String(file[..<file.lastIndex(of: ".")!]) }
        switch (parts.first, parts.count) {
        case ("environments", 2):
            self = .environment(stem(parts[1]))
        case ("teams", 2):
            self = .team(stem(parts[1]))
        case ("teams", 3) where parts[1] == "_templates":
            self = .template(stem(parts[2]))
        case ("teams", 3) where stem(parts[2]) == "team":
            self = .team(parts[1])
        case ("teams", 3):
            self = .overlay(team: parts[1], target: stem(parts[2]))
        case ("environments", _):
            self = .misplaced("environments are files directly under environments/ (environments/<name>.yaml)")
        default:
            self = .misplaced("team fragments are teams/<team>.yaml, teams/<team>/team.yaml, teams/<team>/<environment or cluster>.yaml or teams/_templates/<name>.yaml")
        }
    }
}

public enum FragmentLoader {
    /// Parses and checks one fragment. Returns nil with diagnostics when it cannot be used.
    public static func load(_ bytes: Data, path: String, commit: String?, limits: ReadLimits = .standard) -> (Fragment?, [Diagnostic]) {
        let expected = FragmentPath(path)
        let fileLocation = SourceLocation(path: path, line: 1, column: 1, commit: commit)
        if case .misplaced(let hint) = expected {
            return (nil, [.error("misplaced-fragment", "YAML file outside the fragment layout: \(hint)", at: fileLocation)])
        }
        if expected == .ignored { return (nil, []) }
        let (parsed, parseDiagnostics) = YAMLReader.read(bytes, path: path, commit: commit, limits: limits)
        guard let root = parsed else { return (nil, parseDiagnostics) }
        guard root.entries != nil else {
            return (nil, [.error("wrong-type", "a fragment must be a YAML mapping with `kind:` and `name:`, not \(root.kindName)", at: root.location)])
        }
        var diagnostics: [Diagnostic] = []
        let (kind, schema, expectedName, team): (Fragment.Kind, Schema, String, String?) = {
            switch expected {
            case .environment(let name): return (.environment, FragmentSchemas.environment, name, nil)
            case .team(let name): return (.team, FragmentSchemas.team, name, nil)
            case .template(let name): return (.team, FragmentSchemas.team, name, nil)
            case .overlay(let team, let target): return (.overlay, FragmentSchemas.overlay, target, team)
            case .ignored, .misplaced: fatalError("handled above")
            }
        }()
        guard let kindNode = root["kind"], let written = kindNode.string else {
            return (nil, [.error("missing-field", "fragment has no `kind:`; this path holds a `kind: \(kind.rawValue)`", at: root.location)])
        }
        guard written == kind.rawValue else {
            return (nil, [.error("wrong-kind", "`kind: \(written)` at this path; \(path) must hold `kind: \(kind.rawValue)`", at: kindNode.location)])
        }
        guard let nameNode = root["name"], let name = nameNode.string, !name.isEmpty else {
            return (nil, [.error("missing-field", "fragment has no `name:`; expected `name: \(expectedName)`", at: root.location)])
        }
        if name != expectedName {
            diagnostics.append(.error("name-mismatch", "`name: \(name)` does not match the file name; expected `name: \(expectedName)` (or rename the file)", at: nameNode.location))
        }
        schema.validate(root, &diagnostics, context: "\(kind.rawValue) '\(name)'")
        if diagnostics.hasErrors { return (nil, diagnostics) }
        let referenceName = expected == .template(expectedName) ? FragmentPath.templatePrefix + name : name
        return (Fragment(kind: kind, path: path, name: referenceName, team: team, root: root), diagnostics)
    }
}
