import Diagnostics

/// A resolved value with the fragment line that set it and the ones it overrode.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation
    public var overrides: [SourceLocation]

    public init(_ value: Value, at location: SourceLocation, overrides: [SourceLocation] = []) {
        self.value = value
        self.location = location
        self.overrides = overrides
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
extension Located: Codable where Value: Codable {}
