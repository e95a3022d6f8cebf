import Foundation

/// Values by key, each made once by whichever thread asks first: two threads may make one at
/// the same time, and then both made the same value and one is kept. For what is costly to make
/// and the same whoever makes it (a team's part of the access, a digest, a release's roles).
package final class MadeOnce<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]

    package init() {}

    package func value(for key: Key, _ make: () -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make()
        return lock.withLock {
            if let known = values[key] { return known }
            values[key] = made
            return made
        }
    }
}
