import Foundation
import TestSupport
import GitStore

/// A source repository with `dev` (cluster dev-eu-1) and `staging` (cluster staging-eu-1) and two teams.
final class CLISource {
    let temp: TemporaryDirectory
    let path: String
    let repository: Repository

    init() throws {
        temp = try TemporaryDirectory("cli")
        path = temp.sub("source")
        repository = try Repository(creatingAt: path)
    }

    @discardableResult
    func commit(_ files: [String: String]) throws -> ObjectID {
        let parent = try repository.referenceTarget("refs/heads/main")
        return try repository.commitFiles(files, parents: parent.map { [$0] } ?? [])
    }

    /// Every branch and where it points.
    func branches() throws -> [String: ObjectID] {
        var result: [String: ObjectID] = [:]
        for name in try repository.referenceNames(under: "refs/heads/") {
            result[name] = try repository.referenceTarget(name)
        }
        return result
    }

    func rendered(_ environment: String) throws -> CommitInfo? {
        try repository.referenceTarget("refs/heads/rendered/\(environment)").map { try repository.commit($0) }
    }

    static func environment(_ name: String, cluster: String) -> String {
        """
        kind: Environment
        name: \(name)
        authMode: both
        clusters:
          \(cluster):
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-\(cluster)]
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]
            clusterRoles: [cluster-admin]

        """
    }

    static let clean: [String: String] = [
        "environments/dev.yaml": environment("dev", cluster: "dev-eu-1"),
        "environments/staging.yaml": environment("staging", cluster: "staging-eu-1"),
        "teams/payments.yaml": """
        kind: Team
        name: payments
        namespaces: [payments]
        groups:
          developers:
            members: [arn:aws:iam::111122223333:role/PaymentsDeveloper]
            access: {payments: edit}

        """,
        "teams/billing.yaml": """
        kind: Team
        name: billing
        namespaces: [billing]
        groups:
          engineers:
            members: [arn:aws:iam::111122223333:role/BillingEngineer]
            access: {billing: admin}

        """,
    ]

    /// `teams/billing.yaml` with `groups:` misspelled on line 4, column 1.
    static var withTypo: [String: String] {
        var files = clean
        files["teams/billing.yaml"] = """
        kind: Team
        name: billing
        namespaces: [billing]
        grops:
          engineers:
            members: [arn:aws:iam::111122223333:role/BillingEngineer]
            access: {billing: admin}

        """
        return files
    }

    /// `dev` clean, `staging` with an invalid authMode on line 3, column 11.
    static var withStagingError: [String: String] {
        var files = clean
        files["environments/staging.yaml"] = environment("staging", cluster: "staging-eu-1")
            .replacingOccurrences(of: "authMode: both", with: "authMode: sometimes")
        return files
    }
}

extension ToolResult {
    /// Standard output and standard error together, for checks that do not care which stream.
    var output: String { stdout + stderr }
}
