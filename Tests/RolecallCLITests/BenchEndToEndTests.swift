import Foundation
import GitStore
import Testing
import TestSupport

/// `rolecall bench` end to end on a tiny fleet: every step runs, succeeds and is reported, and
/// the repository it leaves holds what each step should have produced.
@Suite("rolecall bench")
struct BenchEndToEndTests {
    @Test func everyStepRunsAndIsReported() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rolecall-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try RolecallBinary.run(["bench", "--teams", "8", "--clusters", "4", "--members", "2", "--keep", folder])
        #expect(result.status == 0, "\(result.stderr)")
        for row in ["floor: read + parse fragments", "floor: write output objects", "cold compile", "no-op compile (median of 5)",
                    "one member added to one team", "check --base for that change"] {
            #expect(result.stdout.contains(row), "\(row) missing from:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("output: 4 cluster folders"), "\(result.stdout)")

        let repository = try Repository(discovering: folder + "/source.git")
        let main = try #require(try repository.referenceTarget("refs/heads/main"))
        #expect(try repository.commit(main).message.contains("one member added to team-0"))
        // The last compile published the change: every output branch was rendered from main.
        let branches = try repository.referenceNames(under: "refs/heads/rendered/")
        #expect(branches.count == 4, "\(branches)")
        for branch in branches {
            let tip = try #require(try repository.referenceTarget(branch))
            #expect(try repository.commit(tip).trailer("Source-Commit") == main.hex, "\(branch) not compiled from the merged change")
        }
    }
}
