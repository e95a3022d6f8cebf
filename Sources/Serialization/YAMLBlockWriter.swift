/// Writes block-style YAML straight into bytes, exactly as `YAMLWriter` writes the equivalent
/// `Document`, without building the tree: for emitters that write thousands of objects (RBAC).
/// The caller states each line's indentation, as the document's nesting would give it:
///
///     var yaml = YAMLBlockWriter()
///     yaml.startDocument()
///     yaml.field("kind", "Role", indent: 0)
///     yaml.open("rules", indent: 0)      // a non-empty list or mapping follows
///     yaml.item(indent: 0)               // "- ", its mapping at indent 2
///     yaml.strings("verbs", ["get"], indent: 2)
///     let text = yaml.finish()
///
/// A mapping nested under `open` is written at `indent + 2`, a list at `indent` (block lists sit
/// at their key's indentation, as `YAMLWriter` writes them).
public struct YAMLBlockWriter {
    public private(set) var bytes: [UInt8] = []
    /// The next key or item continues the current line: the start of a document, or after "- ".
    private var continuesLine = true
    private var documents = 0

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public consuming func finish() -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A new document of the stream, `---` before every one but the first.
    public mutating func startDocument() {
        if documents > 0 { bytes.append(contentsOf: "---\n".utf8) }
        documents += 1
        continuesLine = true
    }

    /// `key: value`, a literal block when `YAMLWriter` would write one.
    public mutating func field(_ key: String, _ value: String, indent: Int) {
        startLine(indent)
        YAMLWriter.appendScalar(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        scalarLine(value, indent: indent + 2)
    }

    /// `key:` opening a non-empty mapping (written at `indent + 2`) or list (at `indent`).
    public mutating func open(_ key: String, indent: Int) {
        startLine(indent)
        YAMLWriter.appendScalar(key, into: &bytes)
        bytes.append(contentsOf: ":\n".utf8)
    }

    /// `key: []`
    public mutating func emptyList(_ key: String, indent: Int) {
        startLine(indent)
        YAMLWriter.appendScalar(key, into: &bytes)
        bytes.append(contentsOf: ": []\n".utf8)
    }

    /// `key: {}`
    public mutating func emptyMap(_ key: String, indent: Int) {
        startLine(indent)
        YAMLWriter.appendScalar(key, into: &bytes)
        bytes.append(contentsOf: ": {}\n".utf8)
    }

    /// `- ` opening a list item whose mapping follows at `indent + 2`.
    public mutating func item(indent: Int) {
        startLine(indent)
        bytes.append(contentsOf: "- ".utf8)
        continuesLine = true
    }

    /// `- value`, an item of a list of strings.
    public mutating func stringItem(_ value: String, indent: Int) {
        startLine(indent)
        bytes.append(contentsOf: "- ".utf8)
        scalarLine(value, indent: indent + 2)
    }

    /// `key:` and its strings as a block list, or `key: []`.
    public mutating func strings(_ key: String, _ values: [String], indent: Int) {
        guard !values.isEmpty else { return emptyList(key, indent: indent) }
        open(key, indent: indent)
        for value in values { stringItem(value, indent: indent) }
    }

    private mutating func startLine(_ indent: Int) {
        if continuesLine {
            continuesLine = false
        } else {
            for _ in 0..<indent { bytes.append(UInt8(ascii: " ")) }
        }
    }

    /// A scalar ending its line, or a literal block whose lines sit at `blockIndent`.
    private mutating func scalarLine(_ text: String, indent blockIndent: Int) {
        if YAMLWriter.fitsLiteralBlock(text) {
            YAMLWriter.block(text, indent: blockIndent, into: &bytes)
        } else {
            YAMLWriter.appendScalar(text, into: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
    }
}
