import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import Model
import ModelBuilding
import PluginAPI

/// Builds `ClusterAccess` values through `ClusterAccessBuilder` from small, explicit specs.
enum Fixture {
    static let here = SourceLocation(path: "fixture.yaml", line: 1, column: 1)
    static let account = "111122223333"
    static func role(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }
    static func user(_ name: String) -> String { "arn:aws:iam::\(account):user/\(name)" }
    static let ssoRole = role("aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b")
    static let ssoRolePathless = role("AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b")

    static func at<T>(_ value: T) -> Located<T> { Located(value, at: here) }

    static func cluster(_ name: String = "dev-eu-1", nodeRoles: [String] = [role("eks-node")],
                        windowsNodeRoles: [String] = [], fargateRoles: [String] = []) -> ClusterSpec {
        ClusterSpec(name: name, account: at(account), region: "eu-west-1", labels: [:],
                    nodeRoles: nodeRoles.map(at), fargateRoles: fargateRoles.map(at),
                    windowsNodeRoles: windowsNodeRoles.map(at), location: here)
    }

    static func group(_ name: String, members: [String], clusterRoles: [String] = [], systemMasters: Bool? = nil) -> PlatformGroup {
        PlatformGroup(name: name, members: members.map { Member(arn: at($0), username: nil) },
                      clusterRoles: clusterRoles.map(at), systemMasters: systemMasters.map(at), location: here)
    }

    static func environment(_ name: String = "dev", authMode: AuthMode = .both, clusters: [ClusterSpec] = [cluster()],
                            groups: [PlatformGroup] = [], accounts: [String] = []) -> EnvironmentSpec {
        EnvironmentSpec(name: name, promotesFrom: nil, authMode: at(authMode), plugins: nil, clusters: clusters,
                        clusterRoles: [], groups: groups, accounts: accounts.map(at), policy: Policy(), location: here)
    }

    /// A team with one group; `members` are ARNs, or `(arn, username)` pairs for custom usernames.
    static func team(_ name: String, namespaces: [String], group: String = "developers",
                     members: [(String, String?)], access: [String: String], roles: [RoleDefinition] = []) -> TeamSpec {
        let teamGroup = TeamGroup(name: group, members: members.map { Member(arn: at($0.0), username: $0.1.map(at)) },
                                  access: access.sorted { $0.key < $1.key }.map { Grant(namespace: $0.key, role: $0.value, location: here, overrides: []) },
                                  location: here)
        return TeamSpec(name: name, namespaces: namespaces.map(at),
                        placement: Placement(environments: nil, clusters: nil, clusterLabels: [:], location: nil),
                        groups: [teamGroup], roles: roles, location: here)
    }

    static func access(_ environment: EnvironmentSpec, teams: [TeamSpec] = []) -> ClusterAccess {
        ClusterAccessBuilder.build(environment: environment, cluster: environment.clusters[0], teams: teams)
    }

    /// A cluster with every kind of identity: Linux, Windows and Fargate nodes, an SSO role with
    /// a path (cluster-admin), a system:masters role, a team role and a team IAM user.
    static func fullAccess(authMode: AuthMode = .both, accounts: [String] = []) -> ClusterAccess {
        let cluster = cluster(nodeRoles: [role("eks-node")], windowsNodeRoles: [role("eks-windows")], fargateRoles: [role("eks-fargate")])
        let environment = environment(authMode: authMode, clusters: [cluster], groups: [
            group("platform-admins", members: [ssoRole], clusterRoles: ["cluster-admin"]),
            group("ops", members: [role("ops")], systemMasters: true),
        ], accounts: accounts)
        let payments = team("payments", namespaces: ["payments"],
                            members: [(role("PaymentsDeveloper"), nil), (user("alice"), "alice")], access: ["payments": "edit"])
        return access(environment, teams: [payments])
    }

    /// Runs the registry's emitters through the compiler's own render stage (resources first, then packaging).
    static func emitAll(_ access: ClusterAccess, registry: PluginRegistry = BuiltinPlugins.registry) -> [EmittedFile] {
        let pipeline = Pipeline(registry: registry)
        return pipeline.render(access, emitters: pipeline.emitters(for: access.environment)).files
    }

    static func emitter(_ name: String) throws -> any ClusterEmitter {
        guard let emitter = BuiltinPlugins.registry.emitter(named: name) as? any ClusterEmitter else { throw FixtureError("no cluster emitter '\(name)'") }
        return emitter
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses YAML with python3 + PyYAML (a second, independent reader) and returns it as JSON values.
enum PyYAML {
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let available: Bool = {
        guard python != nil else { return false }
        return (try? run("import yaml", input: "")) != nil
    }()

    /// Every document of `text`, as `[Any]` (maps are `[String: Any]`, lists `[Any]`).
    static func documents(_ text: String) throws -> [Any] {
        let script = "import sys, json, yaml\nprint(json.dumps(list(yaml.safe_load_all(sys.stdin.read()))))"
        let output = try run(script, input: text)
        guard let documents = try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed]) as? [Any] else {
            throw FixtureError("PyYAML did not return a list of documents")
        }
        return documents
    }

    static func single(_ text: String) throws -> Any {
        let documents = try documents(text)
        guard documents.count == 1 else { throw FixtureError("expected one YAML document, got \(documents.count)") }
        return documents[0]
    }

    private static func run(_ script: String, input: String) throws -> String {
        guard let python else { throw FixtureError("python3 not on PATH") }
        let folder = NSTemporaryDirectory() + "rolecall-pyyaml-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inPath = folder + "/in", outPath = folder + "/out", errPath = folder + "/err"
        try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("python3 failed: \((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")")
        }
        return try String(contentsOfFile: outPath, encoding: .utf8)
    }
}

extension Array where Element == EmittedFile {
    func named(_ path: String) throws -> EmittedFile {
        guard let file = first(where: { $0.path == path }) else {
            throw FixtureError("no emitted file '\(path)'; have \(map(\.path))")
        }
        return file
    }
}
