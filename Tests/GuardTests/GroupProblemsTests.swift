import Diagnostics
import Model
import Testing

@testable import IdentityGuard

/// `groupProblems` passes over an identity whose origin and groups equal the one before it: the
/// first of them reported all there was. These pin that nothing else is passed over.
@Suite("IdentityGuard's group checks over runs of members")
struct GroupProblemsTests {
    static func person(_ name: String, _ origin: Origin, groups: [String], line: Int) -> Identity {
        Identity(kind: .role, arn: "arn:aws:iam::111122223333:role/\(name)", username: name, groups: groups, origin: origin,
                 location: SourceLocation(path: "teams/app.yaml", line: line, column: 9), customUsername: false)
    }

    static func problems(_ identities: [Identity]) throws -> [String] {
        var access = try #require(GuardFixture.accesses().first).access
        access.identities = identities
        return IdentityGuard.groupProblems(access).map { "\($0.code) \($0.location.line)" }.sorted()
    }

    @Test("a run of one origin with a group that changes midway is still checked")
    func sameOriginOtherGroups() throws {
        let ops = Origin.platform(group: "ops")
        let found = try Self.problems([
            Self.person("a", ops, groups: ["ops"], line: 1),
            Self.person("b", ops, groups: ["ops"], line: 2),
            Self.person("c", ops, groups: ["{{SessionName}}"], line: 3),
            Self.person("d", ops, groups: ["system:nodes"], line: 4),
            Self.person("e", ops, groups: [""], line: 5),
        ])
        #expect(found.map { $0.split(separator: " ")[0] } == ["empty-group", "placeholder-in-group", "reserved-group"], "\(found)")
    }

    @Test("two definitions of one group collide once, however their members interleave")
    func interleavedCollision() throws {
        let team = Origin.team("app", group: "dev"), platform = Origin.platform(group: "app:dev")
        let runs: [[Origin]] = [[team, team, team, platform, platform], [platform, team, platform, team, team], [team, platform, platform, team]]
        for run in runs {
            let identities = run.enumerated().map { Self.person("m\($0.offset)", $0.element, groups: ["app:dev"], line: $0.offset + 1) }
            let found = try Self.problems(identities)
            #expect(found.count == 1 && found[0].hasPrefix("group-collision"), "\(run): \(found)")
        }
    }

    @Test("a group that comes back after another origin is compared again")
    func returningGroup() throws {
        let team = Origin.team("app", group: "dev"), other = Origin.team("web", group: "developers")
        let found = try Self.problems([
            Self.person("a", team, groups: ["app:dev"], line: 1),
            Self.person("b", other, groups: ["web:developers"], line: 2),
            Self.person("c", other, groups: ["app:dev"], line: 3),
        ])
        #expect(found.count == 1 && found[0].hasPrefix("group-collision"), "\(found)")
    }
}
