import BuiltinPlugins
import TestSupport
import Compiler
import Foundation
import GitStore
import Output

/// A source repository in a temporary folder, with commits made straight from file maps.
final class SourceRepository {
    let temp: TemporaryDirectory
    let path: String
    let repository: Repository

    init(bare: Bool = false) throws {
        temp = try TemporaryDirectory("compiler")
        path = temp.sub(bare ? "source.git" : "source")
        repository = try Repository(creatingAt: path, bare: bare)
    }

    /// Commits exactly `files` on top of `main` and moves `main` there.
    @discardableResult
    func commit(_ files: [String: String], message: String = "change fragments") throws -> ObjectID {
        let parent = try repository.referenceTarget("refs/heads/main")
        return try repository.commitFiles(files, parents: parent.map { [$0] } ?? [], message: message)
    }

    func compile(_ commit: ObjectID, environments: [String]? = nil, in repository: Repository? = nil) throws -> Compilation {
        try Compiler(repository: repository ?? self.repository, registry: BuiltinPlugins.registry).compile(commit: commit, environments: environments)
    }

    /// Compiles `commit` and publishes every environment to `rendered/<env>`, as `rolecall compile` does.
    func publish(_ commit: ObjectID, ref: String = "main", in repository: Repository? = nil) throws -> [String: PublishOutcome] {
        let target = repository ?? self.repository
        let compilation = try compile(commit, in: target)
        guard !compilation.hasErrors else { throw FixtureError("fixture does not compile cleanly:\n\(compilation.diagnostics)") }
        let published = try Publication.publish([(ref, compilation)], in: target)
        return Dictionary(uniqueKeysWithValues: published.map { ($0.item.environment, $0.outcome) })
    }

    func renderedTip(_ environment: String, in repository: Repository? = nil) throws -> CommitInfo {
        let target = repository ?? self.repository
        guard let tip = try target.referenceTarget("refs/heads/rendered/\(environment)") else {
            throw FixtureError("no rendered/\(environment) branch")
        }
        return try target.commit(tip)
    }

    /// The files of `rendered/<environment>` as text, by path.
    func renderedFiles(_ environment: String) throws -> [String: String] {
        let tree = try renderedTip(environment).tree
        var files: [String: String] = [:]
        for entry in try repository.walk(tree: tree) where entry.kind == .blob {
            files[entry.path] = String(decoding: try repository.blob(entry.id), as: UTF8.self)
        }
        return files
    }

    /// Extracts `rendered/<environment>` with `git archive | tar x` into a fresh folder.
    func extract(_ environment: String, into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let result = try Tool.run("/bin/sh", ["-c", "git archive rendered/\(environment) | tar x -C \"$1\"", "sh", folder], in: path)
        guard result.status == 0 else { throw FixtureError("git archive | tar failed: \(result.stderr)") }
    }
}

/// A small, clean source: one environment with one cluster and two teams.
enum SmallSource {
    static let account = "111122223333"

    static let files: [String: String] = [
        "environments/dev.yaml": """
        kind: Environment
        name: dev
        authMode: both
        clusters:
          dev-eu-1:
            account: "111122223333"
            region: eu-west-1
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev]
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]
            clusterRoles: [cluster-admin]

        """,
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
        "README.md": "fragments\n",
    ]

    /// `billing.yaml` with `groups:` misspelled on line 4.
    static let typo = """
    kind: Team
    name: billing
    namespaces: [billing]
    grops:
      engineers:
        members: [arn:aws:iam::111122223333:role/BillingEngineer]
        access: {billing: admin}

    """

    static let clusterFiles = [
        "access-entries.json", "access-entries.tf.json", "aws-auth.yaml", "kustomization.yaml",
        "namespaces.yaml", "rbac/clusterrolebindings.yaml", "rbac/rolebindings.yaml",
    ]
}

enum Kubectl {
    static let path = Tool.find("kubectl")
    static var available: Bool { path != nil && Tool.hasGit }
}

/// The example fragments of this package (teams/ and environments/ beside Package.swift).
enum ExampleSource {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for folder in ["teams", "environments"] {
            let base = root.appendingPathComponent(folder).path
            guard let enumerator = FileManager.default.enumerator(atPath: base) else { throw FixtureError("no \(base)") }
            for case let relative as String in enumerator {
                var isFolder: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isFolder)
                if isFolder.boolValue { continue }
                files[folder + "/" + relative] = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
            }
        }
        guard files.keys.contains("environments/prod.yaml"), files.keys.contains("teams/payments/prod.yaml") else {
            throw FixtureError("example fragments not found under \(root.path)")
        }
        return files
    }
}
