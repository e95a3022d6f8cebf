import Foundation
import GitStore
import Testing
import TestSupport

/// Helpers for the tests that attack the workflow: every failed run must leave every ref
/// byte-identical, loose and packed.
extension CLISource {
    func snapshot() throws -> RefSnapshot {
        try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))
    }

    /// Moves every ref into `packed-refs`, as `git gc` does.
    func packRefs() throws {
        try Tool.git(["pack-refs", "--all"], in: path)
    }

    /// Runs rolecall and checks that it failed with `status` and left every ref as it was.
    @discardableResult
    func failing(_ arguments: [String], status: Int32, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ToolResult {
        let before = try snapshot()
        let result = try rolecall(arguments)
        #expect(result.status == status, "rolecall \(arguments.joined(separator: " ")): \(result.output)", sourceLocation: sourceLocation)
        let after = try snapshot()
        #expect(after == before, "refs changed:\nbefore:\n\(before)\nafter:\n\(after)", sourceLocation: sourceLocation)
        return result
    }

    /// The git directory's path for files the tests write by hand (a corrupt ref, a lock).
    func gitFile(_ relative: String) -> String {
        repository.gitDirectory + (repository.gitDirectory.hasSuffix("/") ? "" : "/") + relative
    }
}

/// Whether refs are left loose or packed into `packed-refs` before the attack.
enum RefStorage: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case loose, packed
    var testDescription: String { rawValue }

    func apply(to source: CLISource) throws {
        if self == .packed { try source.packRefs() }
    }
}

enum HostileFragments {
    /// dev (fed by main), staging (promoted from dev) and prod (promoted from staging), team
    /// payments in a folder with an overlay file for prod and placed by cluster, team billing
    /// placed by environment: everything that names prod or its cluster.
    static var threeEnvironments: [String: String] {
        var files = WorkflowFragments.promoting
        files["environments/prod.yaml"] = WorkflowFragments.environment("prod", cluster: "prod-eu-1", promotesFrom: "staging")
        files["teams/payments/team.yaml"] = files.removeValue(forKey: "teams/payments.yaml")! + "placement:\n  clusters: [dev-eu-1, staging-eu-1, prod-eu-1]\n"
        files["teams/billing.yaml"]! += "placement:\n  environments: [dev, prod]\n"
        files["teams/payments/prod.yaml"] = "kind: Overlay\nname: prod\ngroups:\n  developers:\n    access: {payments: view}\n"
        return files
    }
}
