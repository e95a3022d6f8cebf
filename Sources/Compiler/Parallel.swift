import Dispatch

/// `items.map(transform)` on every core, results in input order. Each slot of the buffer is
/// written by exactly one iteration, which is what makes the unchecked capture sound.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
    var results = [R?](repeating: nil, count: items.count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index] = transform(items[index])
        }
    }
    return results.map { $0! }
}
