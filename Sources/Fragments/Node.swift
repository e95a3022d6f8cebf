import Diagnostics
import Serialization

/// A YAML value with the place it was written, and (after merging) the places it replaced.
/// This is the unit of provenance: every resolved grant can say which fragment line set it.
public struct Node: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case null
        /// A scalar as written; `quoted` tells `"true"` from `true`.
        case scalar(String, quoted: Bool)
        case sequence([Node])
        case mapping([Entry])
    }

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: Node

        public init(key: String, keyLocation: SourceLocation, value: Node) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var content: Content
    public var location: SourceLocation
    /// Earlier values this one replaced while merging, oldest first.
    public var overrides: [SourceLocation]

    public init(_ content: Content, at location: SourceLocation, overrides: [SourceLocation] = []) {
        self.content = content
        self.location = location
        self.overrides = overrides
    }

    public var isNull: Bool { if case .null = content { true } else { false } }

    public var string: String? {
        if case .scalar(let s, _) = content { s } else { nil }
    }

    public var bool: Bool? {
        guard case .scalar(let s, let quoted) = content, !quoted else { return nil }
        switch s {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    public var sequence: [Node]? {
        if case .sequence(let items) = content { items } else { nil }
    }

    public var entries: [Entry]? {
        if case .mapping(let entries) = content { entries } else { nil }
    }

    public subscript(key: String) -> Node? {
        entries?.first { $0.key == key }?.value
    }

    /// The location of `key` itself within this mapping (for "unknown key" style messages).
    public func keyLocation(_ key: String) -> SourceLocation? {
        entries?.first { $0.key == key }?.keyLocation
    }

    /// A list of strings, accepting a single scalar as a one-element list.
    public var strings: [String]? {
        if let items = sequence { return items.compactMap(\.string) }
        return string.map { [$0] }
    }

    /// What kind of YAML value this is, for messages.
    public var kindName: String {
        switch content {
        case .null: "null"
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

extension Node {
    /// The bytes that decide what this tree decodes to and where findings about it point:
    /// content, quoting, every location and override (the commit a location is stamped with
    /// later is left out). Equal fingerprints decode equally; the render cache keys on them.
    public func fingerprint(into bytes: inout [UInt8]) {
        var writer = Fingerprint(bytes: [])
        swap(&writer.bytes, &bytes)
        writer.node(self)
        swap(&writer.bytes, &bytes)
    }
}

/// The encoding of `Node.fingerprint`: every field length-prefixed or of fixed width, so that
/// different trees never write the same bytes. A location's path is written only when it
/// differs from the location before (nearly every node of a fragment shares one path): it runs
/// for every team of every environment on every compile that changed anything.
private struct Fingerprint {
    var bytes: [UInt8]
    var lastPath: String?

    mutating func integer(_ value: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        integer(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func location(_ location: SourceLocation) {
        // By bytes: `==` holds canonically equivalent paths equal, and git tells them apart.
        if let lastPath, lastPath.hasSameBytes(as: location.path) {
            bytes.append(0)
        } else {
            bytes.append(1)
            string(location.path)
            lastPath = location.path
        }
        integer(location.line)
        integer(location.column)
    }

    mutating func node(_ node: Node) {
        location(node.location)
        integer(node.overrides.count)
        for override in node.overrides { location(override) }
        switch node.content {
        case .null:
            bytes.append(0)
        case .scalar(let text, let quoted):
            bytes.append(quoted ? 2 : 1)
            string(text)
        case .sequence(let items):
            bytes.append(3)
            integer(items.count)
            for item in items { self.node(item) }
        case .mapping(let entries):
            bytes.append(4)
            integer(entries.count)
            for entry in entries {
                string(entry.key)
                location(entry.keyLocation)
                self.node(entry.value)
            }
        }
    }
}
