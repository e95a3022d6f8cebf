import Foundation
import TestSupport
import GitStore

/// Issue "Inheritance and overlays": a three-level environment chain (root -> mid, both abstract,
/// -> prod), a sibling `dev` that extends root only, two templates a team extends left to right,
/// an inline overlay for the abstract `mid` and a cluster overlay file for `prod-us-1`.
enum InheritanceSource {
    static let account = "111122223333"
    static let developer = "arn:aws:iam::111122223333:role/PaymentsDeveloper"
    static let ssoDeveloperPath = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PaymentsDev_0a1b2c3d4e5f6a7b"
    static let ssoDeveloper = "arn:aws:iam::111122223333:role/AWSReservedSSO_PaymentsDev_0a1b2c3d4e5f6a7b"
    static let oncall = "arn:aws:iam::111122223333:role/PaymentsOncall"
    static let support = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Support_2b3c4d5e6f7a8b9c"
    static let rootAdmin = "arn:aws:iam::111122223333:role/eks-admin"
    static let prodAdmin = "arn:aws:iam::111122223333:role/prod-admin"

    static let root = "environments/root.yaml"
    static let mid = "environments/mid.yaml"
    static let prod = "environments/prod.yaml"
    static let baseTeam = "teams/_templates/base-team.yaml"
    static let serviceTeam = "teams/_templates/service-team.yaml"
    static let team = "teams/payments/team.yaml"
    static let clusterOverlay = "teams/payments/prod-us-1.yaml"

    static let files: [String: String] = [
        root: """
        # The root of every environment: auth mode, the admins, the policy.
        kind: Environment
        name: root
        abstract: true
        authMode: both
        groups:
          platform-admins:
            members: [\(rootAdmin)]
            clusterRoles: [cluster-admin]
        policy:
          teamClusterRoles: [view, edit, admin]
          allowedAccounts: ["111122223333"]

        """,
        mid: """
        # Shared by the production-like environments: a support group, and no admin for teams.
        kind: Environment
        name: mid
        abstract: true
        extends: root
        clusterRoles:
          pod-reader:
            rules:
              - apiGroups: [""]
                resources: [pods]
                verbs: [get, list, watch]
        groups:
          support:
            members: [\(support)]
            clusterRoles: [pod-reader]
        policy:
          teamClusterRoles: [view, edit]

        """,
        prod: """
        kind: Environment
        name: prod
        extends: mid
        clusters:
          prod-eu-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-prod-eu-1]
          prod-us-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-prod-us-1]
        groups:
          platform-admins:
            members: [\(prodAdmin)]

        """,
        "environments/dev.yaml": """
        kind: Environment
        name: dev
        extends: root
        clusters:
          dev-eu-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev-eu-1]

        """,
        baseTeam: """
        kind: Team
        name: base-team
        groups:
          developers:
            access: {"*": view}   # base: developers read
          oncall:
            access: {"*": view}   # base: on-call reads

        """,
        serviceTeam: """
        kind: Team
        name: service-team
        groups:
          developers:
            access: {"*": edit}   # service: developers edit
        roles:
          pod-debugger:
            rules:
              - apiGroups: [""]
                resources: [pods, pods/log]
                verbs: [get, list, watch]

        """,
        team: """
        kind: Team
        name: payments
        extends: [_templates/base-team, _templates/service-team]
        namespaces: [payments, payments-batch]
        groups:
          developers:
            members:
              - \(developer)
              - \(ssoDeveloperPath)
            access: {"*": edit, payments-batch: pod-debugger}   # team
          oncall:
            members: [\(oncall)]
        environments:
          mid:
            groups:
              developers:
                access: {"*": view}   # mid overlay: read only

        """,
        clusterOverlay: """
        # In prod-us-1 developers edit again, and there is no on-call.
        kind: Overlay
        name: prod-us-1
        groups:
          developers:
            access: {"*": edit}   # prod-us-1 overlay
          oncall: null

        """,
    ]

    /// Where `value` is on the one line of `path` that contains `needle` (see `fragmentLocation`).
    static func location(in path: String, line needle: String, value: String) throws -> (line: Int, column: Int) {
        guard let text = files[path] else { throw FixtureError("no fragment \(path)") }
        return try fragmentLocation(in: text, line: needle, value: value)
    }
}
