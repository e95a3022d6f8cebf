import Dispatch
import Foundation
import Testing

@testable import Model

/// `MadeOnce`: every thread that asks for a key gets the one value kept for it, however many
/// made one at the same time.
@Suite("made once")
struct MadeOnceTests {
    final class Made: Sendable {
        let key: Int
        init(_ key: Int) { self.key = key }
    }

    @Test func everyAskerOfAKeyGetsTheValueKept() {
        let values = MadeOnce<Int, Made>()
        let lock = NSLock()
        nonisolated(unsafe) var answers: [Int: [ObjectIdentifier]] = [:]
        DispatchQueue.concurrentPerform(iterations: 4_000) { index in
            let key = index % 40
            // Slow to make, so that threads asking for one key make it at the same time.
            let answer = values.value(for: key) { usleep(200); return Made(key) }
            #expect(answer.key == key)
            lock.withLock { answers[key, default: []].append(ObjectIdentifier(answer)) }
        }
        #expect(answers.count == 40)
        for (key, seen) in answers { #expect(Set(seen).count == 1, "key \(key): \(Set(seen).count) values handed out") }
    }

    @Test func aKeyAskedAgainIsNotMadeAgain() {
        let values = MadeOnce<String, Int>()
        nonisolated(unsafe) var made = 0
        for _ in 0..<3 { _ = values.value(for: "a") { made += 1; return made } }
        #expect(values.value(for: "a") { 99 } == 1)
        #expect(made == 1)
    }
}
