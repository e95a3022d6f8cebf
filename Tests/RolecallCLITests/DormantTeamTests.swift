import Foundation
import Testing
import TestSupport

/// A team placed in no cluster is compiled and checked nowhere: a merge request adding one that
/// owns `kube-system` behind labels no cluster carries must not pass as clean, and the moment a
/// cluster matches, the guards refuse it.
@Suite("a team placed nowhere")
struct DormantTeamTests {
    static let dormant = """
    kind: Team
    name: dormant
    namespaces: [kube-system]
    placement: {clusterLabels: {tier: later}}
    groups:
      devs:
        members: [arn:aws:iam::111122223333:role/Dormant]
        access: {kube-system: admin}

    """

    @Test func isReportedAtItsPlacementUntilAClusterMatchesAndThenRefused() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean.merging(["teams/dormant.yaml": Self.dormant]) { $1 })
        let check = try source.rolecall(["check"])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.stdout.contains("teams/dormant.yaml:4:12: warning: placement of team 'dormant' matches no cluster of any environment"), "\(check.output)")
        // Compiled while placed nowhere, the bundle grants it nothing: no mapping, no entry, no namespace.
        #expect(try source.rolecall(["compile"]).status == 0)
        for path in ["aws-auth.yaml", "access-entries.json", "namespaces.yaml", "rbac/rolebindings.yaml"] {
            let emitted = try Tool.git(["show", "rendered/dev:clusters/dev-eu-1/\(path)"], in: source.path)
            #expect(!emitted.contains("role/Dormant") && !emitted.contains("dormant"), "\(path): \(emitted)")
        }

        // A label on the dev cluster places it: the compile refuses it, at the team's line.
        var labelled = CLISource.clean.merging(["teams/dormant.yaml": Self.dormant]) { $1 }
        labelled["environments/dev.yaml"] = labelled["environments/dev.yaml"]!.replacingOccurrences(of: "    account: \"111122223333\"\n", with: "    account: \"111122223333\"\n    labels: {tier: later}\n")
        try source.commit(labelled)
        let placed = try source.rolecall(["check"])
        #expect(placed.status == 1, "\(placed.output)")
        #expect(placed.stdout.contains("teams/dormant.yaml:3:"), "\(placed.output)")
        #expect(!placed.stdout.contains("matches no cluster"), "\(placed.output)")
        // And compiling it writes nothing: every ref as it was, byte for byte.
        let before = try source.branches()
        let compile = try source.rolecall(["compile"])
        #expect(compile.status == 1 && compile.stderr.contains("nothing written"), "\(compile.output)")
        #expect(try source.branches() == before)
    }

    /// A template's overlay does not move the placement: the team is still judged, and reported.
    @Test func aTeamWhoseTemplateHasAnOverlayIsStillJudged() throws {
        let source = try CLISource()
        var files = CLISource.clean
        files["teams/_templates/defaults.yaml"] = "kind: Team\nname: defaults\nenvironments:\n  staging: {groups: {}}\n"
        files["teams/dormant.yaml"] = Self.dormant.replacingOccurrences(of: "name: dormant\n", with: "name: dormant\nextends: [_templates/defaults]\n")
        try source.commit(files)
        let check = try source.rolecall(["check"])
        #expect(check.stdout.contains("teams/dormant.yaml:5:12: warning: placement of team 'dormant' matches no cluster"), "\(check.output)")
    }

    @Test func aTeamPlacedSomewhereOrWithAnOverlayIsNotReported() throws {
        let source = try CLISource()
        var files = CLISource.clean
        files["teams/payments.yaml"] = files["teams/payments.yaml"]!.replacingOccurrences(of: "namespaces: [payments]", with: "namespaces: [payments]\nplacement: {environments: [staging]}")
        // Placed nowhere by its own placement, but its dev overlay drops the condition: placed in dev.
        files["teams/billing.yaml"] = files["teams/billing.yaml"]!.replacingOccurrences(of: "namespaces: [billing]", with: "namespaces: [billing]\nplacement: {clusterLabels: {tier: later}}\nenvironments:\n  dev: {placement: {clusterLabels: null}}")
        // Parked on purpose, with an empty list.
        files["teams/parked.yaml"] = "kind: Team\nname: parked\nnamespaces: [parked]\nplacement: {environments: []}\n"
        try source.commit(files)
        let check = try source.rolecall(["check"])
        #expect(check.status == 0, "\(check.output)")
        #expect(!check.stdout.contains("matches no cluster"), "\(check.output)")
    }
}
