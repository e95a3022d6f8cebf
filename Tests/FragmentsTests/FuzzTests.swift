import Diagnostics
import Foundation
import TestSupport
import Testing
@testable import Fragments

/// Bounded, deterministic fuzzing of the loader: whatever the bytes, it returns either a
/// fragment without errors or no fragment with at least one error, and never traps.
@Suite("FragmentLoader fuzzing")
struct FuzzTests {
    static let seedFragment = """
        # a team
        kind: Team
        name: x
        extends: [_templates/service-team]
        namespaces: [payments, "payments-batch"]
        placement:
          environments: [dev, prod]
          clusterLabels:
            tier: prod
            note: |
              free text & stars *
        groups:
          developers:
            members:
              - arn:aws:iam::111122223333:role/Dev
              - {arn: "arn:aws:iam::111122223333:user/alice", username: alice}
            access:
              "*": edit
              payments-batch: batch-operator
        roles:
          batch-operator:
            rules:
              - apiGroups: [batch]
                resources: [jobs]
                verbs: [get, 'list']
        environments:
          prod:
            groups: {developers: {access: {"*": view}}}
        """

    /// 2000 by default; `ROLECALL_FUZZ_ROUNDS` and `ROLECALL_FUZZ_SEED` run longer or other
    /// campaigns outside CI (e.g. `ROLECALL_FUZZ_ROUNDS=100000 swift test --filter FragmentsTests.FuzzTests`; a bare `FuzzTests` also matches the pipeline and command-line campaigns).
    static let rounds = Int(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_ROUNDS"] ?? "") ?? 2000
    static let seedOffset = UInt64(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_SEED"] ?? "") ?? 0

    /// Bytes YAML gives meaning to, weighted above arbitrary bytes.
    static let syntax = Array("-:?,[]{}#&*!|>'\"%@` \n\t\r~.0123456789abcxyz\\".utf8)

    static func check(_ bytes: [UInt8], path: String = "teams/x.yaml", _ label: @autoclosure () -> String) {
        let (fragment, diagnostics) = FragmentLoader.load(Data(bytes), path: path, commit: nil)
        if fragment != nil {
            #expect(!diagnostics.hasErrors, "\(label()): a fragment came back with errors")
        } else {
            #expect(diagnostics.hasErrors, "\(label()): no fragment and no error for \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        for d in diagnostics {
            #expect(d.location.path == path && d.location.line >= 1 && d.location.column >= 1, "\(label()): bad location \(d.location)")
        }
    }

    @Test("random byte strings never crash the loader and always explain a refusal")
    func randomBytes() {
        var rng = SeededGenerator(seed: 0x5EED_0001 ^ Self.seedOffset)
        for round in 0..<Self.rounds {
            let length = Int.random(in: 0...160, using: &rng)
            let bytes = (0..<length).map { _ -> UInt8 in
                Int.random(in: 0..<4, using: &rng) == 0 ? UInt8.random(in: 0...255, using: &rng) : Self.syntax.randomElement(using: &rng)!
            }
            Self.check(bytes, "random round \(round)")
        }
    }

    @Test("mutations of a valid fragment never crash the loader and always explain a refusal")
    func mutatedFragment() {
        let seed = Array(Self.seedFragment.utf8)
        #expect(FragmentLoader.load(Data(seed), path: "teams/x.yaml", commit: nil).0 != nil, "the seed fragment itself must load")
        var rng = SeededGenerator(seed: 0x5EED_0002 ^ Self.seedOffset)
        for round in 0..<Self.rounds {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let at = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0 where at < bytes.count: bytes.remove(at: at)
                case 1: bytes.insert(Self.syntax.randomElement(using: &rng)!, at: at)
                case 2 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 3:
                    // Duplicate a slice (repeats keys, lines and nesting).
                    let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: Int.random(in: 0...bytes.count, using: &rng))
                case 4:
                    let end = min(bytes.count, at + Int.random(in: 1...30, using: &rng))
                    bytes.removeSubrange(at..<end)
                default:
                    bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "["), count: Int.random(in: 1...60, using: &rng)), at: at)
                }
            }
            Self.check(bytes, "mutation round \(round)")
        }
    }

    @Test("random mutations under every kind of fragment path behave the same way", arguments: [
        "environments/x.yaml", "teams/_templates/x.yaml", "teams/t/x.yaml", "teams/t/team.yaml",
    ])
    func mutatedUnderOtherPaths(path: String) {
        var rng = SeededGenerator(seed: 0x5EED_0003 ^ UInt64(path.utf8.count))
        let seed = Array(Self.seedFragment.utf8)
        for round in 0..<250 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[at] = Self.syntax.randomElement(using: &rng)!
            }
            Self.check(bytes, path: path, "\(path) round \(round)")
        }
    }
}
