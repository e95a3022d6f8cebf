/// A tree to serialise. Mappings keep the order they are built in, so emitters decide the
/// order (sorted, or Kubernetes' customary apiVersion/kind/metadata first) and output is
/// byte-for-byte reproducible.
public indirect enum Document: Equatable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case list([Document])
    case map([(String, Document)])

    public static func == (lhs: Document, rhs: Document) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.list(let a), .list(let b)): a == b
        case (.map(let a), .map(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A mapping with keys sorted, for objects without a customary order.
    public static func sorted(_ pairs: [String: Document]) -> Document {
        .map(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public static func strings(_ values: [String]) -> Document { .list(values.map(Document.string)) }
}
