import Diagnostics
import Model

/// Whether a grant is certain, or what keeps it from being known offline.
public enum Certainty: Sendable, Equatable {
    case can
    case may(reason: String)

    public var word: String { if case .can = self { "can" } else { "may" } }
    public var reason: String? { if case .may(let reason) = self { reason } else { nil } }
}
