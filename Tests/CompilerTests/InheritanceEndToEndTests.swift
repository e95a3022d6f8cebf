import BuiltinPlugins
import TestSupport
import Compiler
import Diagnostics
import Foundation
import GitStore
import Model
import Testing

/// Issue "Inheritance and overlays", end to end on a real repository: what each cluster ends up
/// with, and which fragment line `explain` names for it.
@Suite("inheritance and overlays end to end")
struct InheritanceEndToEndTests {
    typealias S = InheritanceSource

    static func compiled() throws -> (SourceRepository, Compilation) {
        let source = try SourceRepository()
        let commit = try source.commit(S.files)
        let compilation = try source.compile(commit)
        guard compilation.diagnostics.isEmpty else {
            throw FixtureError("fixture must compile without findings:\n\(compilation.diagnostics.map { "\($0.location): \($0.message)" }.joined(separator: "\n"))")
        }
        return (source, compilation)
    }

    static func access(_ compilation: Compilation, _ cluster: String) throws -> ClusterAccess {
        guard let access = compilation.environments.flatMap(\.clusters).first(where: { $0.cluster.name == cluster }) else {
            throw FixtureError("no cluster \(cluster)")
        }
        return access
    }

    /// `namespace -> "Kind name"` for the RoleBindings of `group`.
    static func bindings(_ access: ClusterAccess, group: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: access.roleBindings.filter { $0.groups == [group] }
            .map { ($0.namespace, "\($0.roleRef.kind.rawValue) \($0.roleRef.name)") })
    }

    static func groups(_ access: ClusterAccess) -> [String: [String]] {
        Dictionary(access.identities.map { ($0.arn, $0.groups) }, uniquingKeysWith: { a, _ in a })
    }

    static func at(_ path: String, _ needle: String, _ value: String) throws -> Diagnostics.SourceLocation {
        let (line, column) = try S.location(in: path, line: needle, value: value)
        return Diagnostics.SourceLocation(path: path, line: line, column: column)
    }

    static func plain(_ location: Diagnostics.SourceLocation) -> Diagnostics.SourceLocation {
        Diagnostics.SourceLocation(path: location.path, line: location.line, column: location.column)
    }

    @Test func onlyTheConcreteEnvironmentsAreCompiledInheritingFromTheWholeChain() throws {
        let (_, compilation) = try Self.compiled()
        #expect(compilation.environments.map(\.spec.name).sorted() == ["dev", "prod"])
        let prod = try Self.access(compilation, "prod-eu-1")
        let dev = try Self.access(compilation, "dev-eu-1")
        // root sets the team ClusterRoles, mid overrides them; dev (root only) keeps root's.
        #expect(prod.policy.teamClusterRoles.map(\.value) == ["view", "edit"])
        #expect(dev.policy.teamClusterRoles.map(\.value) == ["view", "edit", "admin"])
        #expect(prod.authMode == dev.authMode)
        // mid adds the support group and its ClusterRole; prod replaces root's admin members.
        #expect(prod.clusterRoleBindings.map(\.name).sorted() == ["rolecall:platform-admins:cluster-admin", "rolecall:support:pod-reader"])
        #expect(prod.clusterRoles.map(\.name) == ["pod-reader"])
        #expect(dev.clusterRoleBindings.map(\.name) == ["rolecall:platform-admins:cluster-admin"])
        #expect(dev.clusterRoles.isEmpty)
        #expect(Self.groups(prod)[S.prodAdmin] == ["platform-admins"])
        #expect(Self.groups(prod)[S.rootAdmin] == nil, "a members list replaces the parent's, it is not appended")
        #expect(Self.groups(dev)[S.rootAdmin] == ["platform-admins"])
        #expect(Self.groups(prod)[S.support] == ["support"])
        #expect(Self.groups(dev)[S.support] == nil)
    }

    @Test func effectiveRoleBindingsPerClusterFollowTemplatesTeamEnvironmentAndClusterOverlays() throws {
        let (_, compilation) = try Self.compiled()
        let debugger = "Role payments:pod-debugger"
        // dev: base-team view, overridden by service-team edit; the mid overlay does not apply.
        let dev = try Self.access(compilation, "dev-eu-1")
        #expect(Self.bindings(dev, group: "payments:developers") == ["payments": "ClusterRole edit", "payments-batch": debugger])
        #expect(Self.bindings(dev, group: "payments:oncall") == ["payments": "ClusterRole view", "payments-batch": "ClusterRole view"])
        // prod-eu-1: the inline overlay for the abstract mid applies through prod's ancestors.
        let eu = try Self.access(compilation, "prod-eu-1")
        #expect(Self.bindings(eu, group: "payments:developers") == ["payments": "ClusterRole view", "payments-batch": debugger])
        #expect(Self.bindings(eu, group: "payments:oncall") == ["payments": "ClusterRole view", "payments-batch": "ClusterRole view"])
        // prod-us-1: the cluster overlay file comes last: edit again, and on-call deleted.
        let us = try Self.access(compilation, "prod-us-1")
        #expect(Self.bindings(us, group: "payments:developers") == ["payments": "ClusterRole edit", "payments-batch": debugger])
        #expect(Self.bindings(us, group: "payments:oncall").isEmpty)
        #expect(us.roleBindings.count == 2)
        for access in [dev, eu, us] {
            #expect(access.namespaces.map(\.name).sorted() == ["payments", "payments-batch"])
            #expect(access.roles.map { "\($0.namespace)/\($0.name)" } == ["payments-batch/payments:pod-debugger"], "\(access.cluster.name)")
        }
    }

    @Test func identitiesAndGroupsPerCluster() throws {
        let (_, compilation) = try Self.compiled()
        let eu = Self.groups(try Self.access(compilation, "prod-eu-1"))
        let us = Self.groups(try Self.access(compilation, "prod-us-1"))
        for groups in [eu, us] {
            #expect(groups[S.developer] == ["payments:developers"])
            #expect(groups[S.ssoDeveloperPath] == ["payments:developers"])
        }
        #expect(eu[S.oncall] == ["payments:oncall"])
        #expect(us[S.oncall] == nil, "`oncall: null` in the cluster overlay removes the group and its members")
        #expect(Set(eu.keys) == [S.developer, S.ssoDeveloperPath, S.oncall, S.support, S.prodAdmin, "arn:aws:iam::111122223333:role/eks-node-prod-eu-1"])
        #expect(Set(us.keys) == [S.developer, S.ssoDeveloperPath, S.support, S.prodAdmin, "arn:aws:iam::111122223333:role/eks-node-prod-us-1"])
    }

    @Test func explainNamesTheMidOverlayLineAndTheTemplateAndTeamLinesItOverrode() throws {
        let (_, compilation) = try Self.compiled()
        let explanation = try #require(Explanation.explain(S.developer, in: try Self.access(compilation, "prod-eu-1")))
        #expect(explanation.environment == "prod")
        #expect(explanation.identity.groups == ["payments:developers"])
        #expect(Self.plain(explanation.identity.location) == (try Self.at(S.team, "- \(S.developer)", S.developer)))
        #expect(explanation.permissions.map { $0.namespace ?? "*" } == ["payments", "payments-batch"])

        let payments = try #require(explanation.permissions.first { $0.namespace == "payments" })
        #expect(payments.role == RoleRef(kind: .clusterRole, name: "view"))
        #expect(payments.builtinSummary != nil && payments.rules == nil)
        #expect(Self.plain(payments.grantedAt) == (try Self.at(S.team, #"{"*": view}   # mid overlay"#, "view")))
        #expect(payments.overrides.map(Self.plain) == [
            try Self.at(S.baseTeam, #"{"*": view}   # base: developers"#, "view"),
            try Self.at(S.serviceTeam, #"{"*": edit}   # service"#, "edit"),
            try Self.at(S.team, #"{"*": edit, payments-batch"#, "edit"),
        ])

        let batch = try #require(explanation.permissions.first { $0.namespace == "payments-batch" })
        #expect(batch.role == RoleRef(kind: .role, name: "payments:pod-debugger"))
        #expect(Self.plain(batch.grantedAt) == (try Self.at(S.team, "payments-batch: pod-debugger", "pod-debugger")))
        #expect(batch.overrides.isEmpty, "the explicit namespace entry was never set before")
        #expect(batch.rules?.map(\.verbs) == [["get", "list", "watch"]])
        #expect(batch.roleDefinedAt.map(Self.plain) == (try Self.at(S.serviceTeam, "pod-debugger:", "pod-debugger")))
    }

    @Test func explainInTheOverlaidClusterNamesTheClusterOverlayFileLast() throws {
        let (_, compilation) = try Self.compiled()
        let explanation = try #require(Explanation.explain(S.developer, in: try Self.access(compilation, "prod-us-1")))
        let payments = try #require(explanation.permissions.first { $0.namespace == "payments" })
        #expect(payments.role == RoleRef(kind: .clusterRole, name: "edit"))
        #expect(Self.plain(payments.grantedAt) == (try Self.at(S.clusterOverlay, #"{"*": edit}   # prod-us-1"#, "edit")))
        #expect(payments.overrides.map(Self.plain) == [
            try Self.at(S.baseTeam, #"{"*": view}   # base: developers"#, "view"),
            try Self.at(S.serviceTeam, #"{"*": edit}   # service"#, "edit"),
            try Self.at(S.team, #"{"*": edit, payments-batch"#, "edit"),
            try Self.at(S.team, #"{"*": view}   # mid overlay"#, "view"),
        ])
        #expect(Explanation.explain(S.oncall, in: try Self.access(compilation, "prod-us-1")) == nil)
    }

    @Test func explainInDevNamesTheServiceTemplateOverTheBaseTemplateWithoutTheMidOverlay() throws {
        let (_, compilation) = try Self.compiled()
        let dev = try Self.access(compilation, "dev-eu-1")
        let explanation = try #require(Explanation.explain(S.developer, in: dev))
        let payments = try #require(explanation.permissions.first { $0.namespace == "payments" })
        #expect(payments.role == RoleRef(kind: .clusterRole, name: "edit"))
        #expect(Self.plain(payments.grantedAt) == (try Self.at(S.team, #"{"*": edit, payments-batch"#, "edit")))
        #expect(payments.overrides.map(Self.plain) == [
            try Self.at(S.baseTeam, #"{"*": view}   # base: developers"#, "view"),
            try Self.at(S.serviceTeam, #"{"*": edit}   # service"#, "edit"),
        ])
        // On-call only has the base template's grant: nothing overridden.
        let oncall = try #require(Explanation.explain(S.oncall, in: dev))
        let base = try Self.at(S.baseTeam, #"{"*": view}   # base: on-call"#, "view")
        #expect(oncall.permissions.map { $0.namespace ?? "*" } == ["payments", "payments-batch"])
        #expect(oncall.permissions.map { Self.plain($0.grantedAt) } == [base, base])
        #expect(oncall.permissions.allSatisfy { $0.overrides.isEmpty })
    }

    @Test func explainOfThePlatformSupportRoleNamesTheMidEnvironmentLines() throws {
        let (_, compilation) = try Self.compiled()
        // Asked with the path-less ARN, in another case: matched as the authenticator does.
        let explanation = try #require(Explanation.explain(S.support.replacingOccurrences(of: "aws-reserved/sso.amazonaws.com/eu-west-1/", with: "").uppercased(),
                                                           in: try Self.access(compilation, "prod-eu-1")))
        #expect(explanation.identity.arn == S.support)
        #expect(explanation.permissions.count == 1)
        let permission = try #require(explanation.permissions.first)
        #expect(permission.namespace == nil)
        #expect(permission.role == RoleRef(kind: .clusterRole, name: "pod-reader"))
        #expect(Self.plain(permission.grantedAt) == (try Self.at(S.mid, "clusterRoles: [pod-reader]", "pod-reader")))
        #expect(permission.roleDefinedAt.map(Self.plain) == (try Self.at(S.mid, "pod-reader:", "pod-reader")))
        #expect(permission.rules?.first?.resources == ["pods"])
    }
}
