/// A deterministic generator (SplitMix64), so a failing fuzz or hostile case reproduces from its seed.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    public mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    /// `safe` most of the time, so that hostile choices also meet otherwise valid inputs.
    public mutating func mostly<T>(_ safe: T, else hostile: [T]) -> T { chance(88) ? safe : pick(hostile) }
}
