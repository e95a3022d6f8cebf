import Foundation
import Testing
import TestSupport

@testable import LockoutGuard

/// The proof's check that every access entry survives in the Terraform file as its own
/// resource: the in-order short cut answers what the full set of declared principals answers.
@Suite("the proof's Terraform declarations")
struct TerraformDeclarationsTests {
    /// What the proof worked out before the short cut: the principals of the resources left
    /// once the last of each name is kept, and every entry not among them.
    static func reference(_ arns: [String], _ resources: JSONValue?) -> [String] {
        let declared = Set((resources?.members ?? [:]).values.compactMap { $0["principal_arn"]?.string })
        return arns.filter { !declared.contains($0) }
    }

    static func resource(_ arn: String?) -> JSONValue {
        .object(arn.map { [.init(key: "cluster_name", value: .string("c")), .init(key: "principal_arn", value: .string($0))] } ?? [])
    }

    @Test func agreesWithTheFullSetOnEveryKindOfFile() {
        let pool = ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/c",
                    "arn:aws:iam::111122223333:role/K", "arn:aws:iam::111122223333:role/\u{212A}", "arn:aws:iam::111122223333:role/d"]
        var random = SeededGenerator(seed: 31)
        var shortCut = 0, full = 0
        for _ in 0..<20_000 {
            let arns = (0..<Int(random.next() % 5)).map { _ in random.pick(pool) }
            // Mostly what the emitter writes (one resource per entry, in order, names distinct),
            // then one change: a name reused, an entry left out, two swapped, a principal changed.
            var members = arns.enumerated().map { JSONValue.Member(key: "r\($0.offset)", value: Self.resource($0.element)) }
            switch random.next() % 6 {
            case 0 where !members.isEmpty: members[Int(random.next() % UInt64(members.count))].key = "r0"
            case 1 where !members.isEmpty: members.remove(at: Int(random.next() % UInt64(members.count)))
            case 2 where members.count > 1: members.swapAt(0, members.count - 1)
            case 3 where !members.isEmpty: members[Int(random.next() % UInt64(members.count))].value = Self.resource(random.chance(50) ? nil : random.pick(pool))
            case 4: members.append(.init(key: "extra", value: Self.resource(random.pick(pool))))
            default: break
            }
            let resources: JSONValue? = random.chance(3) ? (random.chance(50) ? nil : .array([])) : .object(members)
            let answer = DeployedCluster.undeclared(arns, in: resources)
            #expect(answer == Self.reference(arns, resources), "\(arns) \(String(describing: resources))")
            if case .object(let kept)? = resources, kept.count == arns.count, Set(kept.map(\.key)).count == kept.count,
               zip(kept, arns).allSatisfy({ $0.value["principal_arn"]?.string == $1 }) { shortCut += 1 } else { full += 1 }
        }
        #expect(shortCut > 2000 && full > 2000, "both ways taken: \(shortCut) short, \(full) full")
    }

    /// Two resources of one name: a reader keeps the second, so the first entry is undeclared,
    /// even though every principal is written somewhere in the file.
    @Test func aResourceNameUsedTwiceLosesTheFirstPrincipal() {
        let arns = ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"]
        let resources = JSONValue.object([.init(key: "same", value: Self.resource(arns[0])), .init(key: "same", value: Self.resource(arns[1]))])
        #expect(DeployedCluster.undeclared(arns, in: resources) == [arns[0]])
    }
}
