import AwsAuth
import Foundation
import Model
import PluginAPI
import Serialization
import Testing

@Suite("aws-auth emitter")
struct AwsAuthEmitterTests {
    /// The aws-auth ConfigMap parsed back, with `mapRoles`/`mapUsers`/`mapAccounts` parsed again.
    struct Parsed {
        var configMap: [String: Any]
        var data: [String: Any]
        var roles: [[String: Any]]
        var users: [[String: Any]]?
        var accounts: [Any]?
    }

    func parse(_ access: ClusterAccess) throws -> Parsed {
        let files = try Fixture.emitter("aws-auth").emit(access, files: [])
        let configMap = try #require(try PyYAML.single(try files.named("aws-auth.yaml").contents) as? [String: Any])
        let data = try #require(configMap["data"] as? [String: Any])
        // Each value is a YAML *string* holding a list, as aws-iam-authenticator reads it.
        func inner(_ key: String) throws -> [Any]? {
            guard let value = data[key] else { return nil }
            guard let text = value as? String else { throw FixtureError("\(key) must be a string, got \(type(of: value))") }
            let parsed = try PyYAML.single(text)
            guard let list = parsed as? [Any] else { throw FixtureError("\(key) must parse as a list, got \(type(of: parsed))") }
            return list
        }
        func maps(_ list: [Any]?) throws -> [[String: Any]]? {
            try list.map { try $0.map { item in
                guard let map = item as? [String: Any] else { throw FixtureError("entry is not a mapping: \(item)") }
                return map
            } }
        }
        guard let roles = try maps(try inner("mapRoles")) else { throw FixtureError("aws-auth has no mapRoles") }
        let users = try maps(try inner("mapUsers"))
        return Parsed(configMap: configMap, data: data, roles: roles, users: users, accounts: try inner("mapAccounts"))
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func configMapIsKubeSystemAwsAuthAndMapRolesParsesAsAList() throws {
        let parsed = try parse(Fixture.fullAccess())
        #expect(parsed.configMap["apiVersion"] as? String == "v1")
        #expect(parsed.configMap["kind"] as? String == "ConfigMap")
        let metadata = try #require(parsed.configMap["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == "aws-auth")
        #expect(metadata["namespace"] as? String == "kube-system")
        #expect(parsed.data["mapRoles"] is String)
        #expect(parsed.roles.count == 6)
        for entry in parsed.roles {
            #expect(Set(entry.keys) == ["groups", "rolearn", "username"])
            #expect(entry["groups"] is [String])
        }
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func roleArnsLoseTheirPathIncludingSSORoles() throws {
        let arns = try parse(Fixture.fullAccess()).roles.compactMap { $0["rolearn"] as? String }
        #expect(arns.contains(Fixture.ssoRolePathless))
        #expect(!arns.contains(Fixture.ssoRole))
        #expect(arns.allSatisfy { !$0.contains("aws-reserved") && !$0.contains("sso.amazonaws.com") })
        let admin = try parse(Fixture.fullAccess()).roles.first { $0["rolearn"] as? String == Fixture.ssoRolePathless }
        #expect(admin?["groups"] as? [String] == ["platform-admins"])
    }

    @Test func entriesStripRolePathsButKeepUserArnsAsWritten() throws {
        func string(_ document: Document, _ key: String) -> String? {
            guard case .map(let pairs) = document, case .string(let text)? = pairs.first(where: { $0.0 == key })?.1 else { return nil }
            return text
        }
        let (roles, users) = AwsAuthEmitter.entries(Fixture.fullAccess())
        let roleArns = roles.compactMap { string($0, "rolearn") }
        #expect(roleArns.count == roles.count)
        #expect(roleArns.contains(Fixture.ssoRolePathless))
        #expect(roleArns.allSatisfy { !$0.contains("aws-reserved") })
        #expect(users.compactMap { string($0, "userarn") } == [Fixture.user("alice")])
        #expect(users.allSatisfy { string($0, "rolearn") == nil })
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func nodeFargateAndWindowsRolesComeFirstWithTheirSystemGroups() throws {
        let roles = try parse(Fixture.fullAccess()).roles
        let byArn = Dictionary(uniqueKeysWithValues: roles.map { ($0["rolearn"] as? String ?? "", $0) })
        let linux = try #require(byArn[Fixture.role("eks-node")])
        #expect(linux["groups"] as? [String] == ["system:bootstrappers", "system:nodes"])
        #expect(linux["username"] as? String == "system:node:{{EC2PrivateDNSName}}")
        let windows = try #require(byArn[Fixture.role("eks-windows")])
        #expect(windows["groups"] as? [String] == ["system:bootstrappers", "system:nodes", "eks:kube-proxy-windows"])
        #expect(windows["username"] as? String == "system:node:{{EC2PrivateDNSName}}")
        let fargate = try #require(byArn[Fixture.role("eks-fargate")])
        #expect(fargate["groups"] as? [String] == ["system:bootstrappers", "system:nodes", "system:node-proxier"])
        #expect(fargate["username"] as? String == "system:node:{{SessionName}}")

        let nodeArns: Set<String> = [Fixture.role("eks-node"), Fixture.role("eks-windows"), Fixture.role("eks-fargate")]
        #expect(Set(roles.prefix(3).compactMap { $0["rolearn"] as? String }) == nodeArns)
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func teamAndPlatformRolesGetTheirGroupsAndTheDefaultSessionUsername() throws {
        let roles = try parse(Fixture.fullAccess()).roles
        let developer = try #require(roles.first { $0["rolearn"] as? String == Fixture.role("PaymentsDeveloper") })
        #expect(developer["groups"] as? [String] == ["payments:developers"])
        #expect(developer["username"] as? String == "arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/{{SessionName}}")
        let ops = try #require(roles.first { $0["rolearn"] as? String == Fixture.role("ops") })
        #expect(ops["groups"] as? [String] == ["system:masters"])
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func mapUsersHoldsOnlyIAMUsersAndMapRolesNone() throws {
        let parsed = try parse(Fixture.fullAccess())
        let users = try #require(parsed.users)
        #expect(users.count == 1)
        #expect(users[0]["userarn"] as? String == Fixture.user("alice"))
        #expect(users[0]["username"] as? String == "alice")
        #expect(users[0]["groups"] as? [String] == ["payments:developers"])
        #expect(users[0]["rolearn"] == nil)
        #expect(parsed.roles.allSatisfy { $0["userarn"] == nil && !(($0["rolearn"] as? String) ?? "").contains(":user/") })
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func mapUsersIsLeftOutWhenThereAreNoUsers() throws {
        let environment = Fixture.environment(groups: [Fixture.group("admins", members: [Fixture.role("admin")], clusterRoles: ["cluster-admin"])])
        let parsed = try parse(Fixture.access(environment))
        #expect(parsed.data["mapUsers"] == nil)
        #expect(Set(parsed.data.keys) == ["mapRoles"])
    }

    @Test(.enabled(if: PyYAML.available, "python3 with PyYAML not found"))
    func mapAccountsOnlyWhenTheEnvironmentListsAccountsAndStaysAString() throws {
        #expect(try parse(Fixture.fullAccess()).data["mapAccounts"] == nil)
        let parsed = try parse(Fixture.fullAccess(accounts: ["111122223333", "012345678901"]))
        let accounts = try #require(parsed.accounts)
        #expect(accounts.count == 2)
        #expect(accounts.compactMap { $0 as? String } == ["111122223333", "012345678901"])
    }

    @Test(arguments: [AuthMode.configmap, .both])
    func awsAuthIsEmittedWhenTheModeUsesTheConfigMap(mode: AuthMode) throws {
        let files = try Fixture.emitter("aws-auth").emit(Fixture.fullAccess(authMode: mode), files: [])
        #expect(files.map(\.path) == ["aws-auth.yaml"])
        #expect(files[0].isKubernetesResource)
    }

    @Test func apiModeEmitsNoAwsAuth() throws {
        #expect(try Fixture.emitter("aws-auth").emit(Fixture.fullAccess(authMode: .api), files: []).isEmpty)
        #expect(!Fixture.emitAll(Fixture.fullAccess(authMode: .api)).contains { $0.path == "aws-auth.yaml" })
    }

    @Test func outputIsByteForByteReproducible() throws {
        let emitter = try Fixture.emitter("aws-auth")
        let first = emitter.emit(Fixture.fullAccess(accounts: ["111122223333"]), files: [])
        let second = emitter.emit(Fixture.fullAccess(accounts: ["111122223333"]), files: [])
        #expect(first == second)
    }
}
