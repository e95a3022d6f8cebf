import Diagnostics
import TestSupport

/// Issue 13's shapes, each a whole source repository: a template extended both directly and
/// through another template. One environment `dev`, cluster `dev-eu-1`, `teamClusterRoles: [view, edit]`.
enum LinearizationSource {
    static let cluster = "dev-eu-1"
    static let environment: [String: String] = ["environments/dev.yaml": """
        kind: Environment
        name: dev
        clusters:
          dev-eu-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev-eu-1]
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]
            clusterRoles: [cluster-admin]
        policy:
          teamClusterRoles: [view, edit]
          breakGlass: [arn:aws:iam::111122223333:role/eks-admin]

        """]

    /// The reproduction, verbatim: `b` extends `a` and deletes its `"*": edit`; `web` extends
    /// `extends` (the issue's `[_templates/a, _templates/b]`, or `[_templates/b]` alone).
    enum WebDiamond {
        static let developer = "arn:aws:iam::111122223333:role/WebDev"
        static let team = "teams/web.yaml"

        static func files(extends: String) -> [String: String] {
            environment.merging([
                "teams/_templates/a.yaml": """
                kind: Team
                name: a
                groups: {dev: {access: {"*": edit}}}

                """,
                "teams/_templates/b.yaml": """
                kind: Team
                name: b
                extends: [_templates/a]
                groups: {dev: {access: {"*": null}}}

                """,
                team: """
                kind: Team
                name: web
                extends: \(extends)
                namespaces: [web, web-api]
                groups: {dev: {members: [\(developer)], access: {web: view}}}

                """,
            ]) { $1 }
        }
    }

    /// `ledger` extends `[secure-team, base-team]`; `base-team` extends `secure-team`, downgrades
    /// its developers and deletes its `auditors` group, whose role an inline overlay of
    /// `base-team` then removes in dev-eu-1.
    enum SecureBase {
        static let developer = "arn:aws:iam::111122223333:role/LedgerDev"
        static let secureTeam = "teams/_templates/secure-team.yaml"
        static let baseTeam = "teams/_templates/base-team.yaml"
        static let files = environment.merging([
            secureTeam: """
            kind: Team
            name: secure-team
            roles:
              secret-reader:
                rules:
                  - apiGroups: [""]
                    resources: [secrets]
                    verbs: [get]
            groups:
              developers:
                access: {"*": edit}   # secure: developers edit
              auditors:
                access: {"*": secret-reader}   # secure: auditors read secrets

            """,
            baseTeam: """
            kind: Team
            name: base-team
            extends: _templates/secure-team
            groups:
              developers:
                access: {"*": view}   # base: developers read
              auditors: null
            clusters:
              dev-eu-1:
                roles: {secret-reader: null}

            """,
            "teams/ledger.yaml": """
            kind: Team
            name: ledger
            extends: [_templates/secure-team, _templates/base-team]
            namespaces: [ledger]
            groups:
              developers:
                members: [\(developer)]

            """,
        ]) { $1 }
    }

    /// `jobs` extends `[secure-team, batch-team]`; `secure-team` extends `batch-team`, replaces
    /// the rules of its `job-runner` role and downgrades its developers.
    enum SecureBatch {
        static let developer = "arn:aws:iam::111122223333:role/JobsDev"
        static let runner = "arn:aws:iam::111122223333:role/JobsRunner"
        static let batchTeam = "teams/_templates/batch-team.yaml"
        static let secureTeam = "teams/_templates/secure-team.yaml"
        static let files = environment.merging([
            batchTeam: """
            kind: Team
            name: batch-team
            roles:
              job-runner:
                rules:
                  - apiGroups: [batch]
                    resources: [jobs]
                    verbs: [get, list, create, delete]   # batch: full job control
            groups:
              developers:
                access: {"*": edit}   # batch: developers edit
              runners:
                access: {"*": job-runner}   # batch: runners run jobs

            """,
            secureTeam: """
            kind: Team
            name: secure-team
            extends: _templates/batch-team
            roles:
              job-runner:
                rules:
                  - apiGroups: [batch]   # secure: read jobs only
                    resources: [jobs]
                    verbs: [get, list]
            groups:
              developers:
                access: {"*": view}   # secure: developers read

            """,
            "teams/jobs.yaml": """
            kind: Team
            name: jobs
            extends: [_templates/secure-team, _templates/batch-team]
            namespaces: [jobs]
            groups:
              developers:
                members: [\(developer)]
              runners:
                members: [\(runner)]

            """,
        ]) { $1 }
    }

    /// The location of `value` on the line of `files[path]` containing `needle`.
    static func at(_ files: [String: String], _ path: String, _ needle: String, _ value: String) throws -> Diagnostics.SourceLocation {
        guard let text = files[path] else { throw FixtureError("no fragment \(path)") }
        let (line, column) = try fragmentLocation(in: text, line: needle, value: value)
        return Diagnostics.SourceLocation(path: path, line: line, column: column)
    }
}
