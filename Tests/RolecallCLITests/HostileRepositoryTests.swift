import Foundation
import GitStore
import TestSupport
import Testing

/// Hostile repositories as an attacker (or a careless platform engineer) writes them, compiled
/// by the built binary. Every run either fails with located errors and leaves every ref as it
/// was, or emits a bundle in which, read back as the authenticator, EKS and kustomize read it,
/// no guarantee is broken: nodes join, break-glass reaches cluster-admin, no team reaches a
/// reserved namespace or a reserved or caller-chosen group, no two principals share a user.
@Suite("hostile repositories: what is emitted keeps every guarantee", .serialized)
struct HostileRepositoryTests {
    static let account = "111122223333"
    static let nodeRoles = ["dev-eu-1": ("nodeRoles", "arn:aws:iam::111122223333:role/eks-node"),
                            "dev-fargate": ("fargateRoles", "arn:aws:iam::111122223333:role/eks-fargate"),
                            "dev-windows": ("windowsNodeRoles", "arn:aws:iam::111122223333:role/eks-windows")]
    static let breakGlass = "arn:aws:iam::111122223333:role/eks-admin"
    static let reservedPrefixes = ["system:", "eks:", "aws:", "amazon:", "iam:"]
    static let reservedNamespaces: Set<String> = ["kube-system", "default", "kube-public", "kube-node-lease"]

    static func environment(_ choices: inout SeededGenerator) -> String {
        let mode = choices.pick(["configmap", "api", "both"])
        let plugins = choices.mostly(nil, else: ["[]", "[rbac]", "[aws-auth, rbac]", "[access-entries, rbac]", "[aws-auth, access-entries]",
                                    "[aws-auth, access-entries, rbac, kustomize]", "[aws-auth, kustomize]", "[rbac, kustomize]"])
        let admin = choices.mostly(breakGlass, else: ["{arn: \"\(breakGlass)\", username: \"admin:{{SessionName}}\"}",
                                  "{arn: \"\(breakGlass)\", username: \"node:{{EC2PrivateDNSName}}\"}",
                                  "arn:aws:iam::111122223333:role/platform/EKS-Admin", "{arn: \"\(breakGlass)\", username: \"system:admin\"}"])
        let extraName = choices.mostly("ops", else: ["\"app0:dev\"", "system:ops", "eks:ops", "\"{{SessionName}}\"", "\"ops-{{AccountID}}\"", "Amazon:ops"])
        let extraPower = choices.pick(["systemMasters: true", "clusterRoles: [view]", "clusterRoles: [cluster-admin]"])
        let clusters = nodeRoles.sorted { $0.key < $1.key }.map { name, role in
            "  \(name):\n    account: \"\(account)\"\n    \(role.0): [\(choices.chance(10) ? role.1.replacingOccurrences(of: "role/eks-", with: "role/EKS-") : role.1)]\n"
        }.joined()
        return """
        kind: Environment
        name: dev
        authMode: \(mode)
        \(plugins.map { "plugins: \($0)" } ?? "")
        clusters:
        \(clusters)groups:
          platform-admins:
            members: [\(admin)]
            clusterRoles: [\(choices.chance(15) ? "view" : "cluster-admin")]
          \(extraName):
            members: [arn:aws:iam::111122223333:role/ops]
            \(extraPower)
        policy:
          breakGlass: [\(breakGlass)]
          systemMasters: [arn:aws:iam::111122223333:role/ops]

        """
    }

    static func team(_ choices: inout SeededGenerator, index: Int) -> (name: String, text: String) {
        let name = choices.mostly("app\(index)", else: ["eks", "system", "aws", "amazon", "iam", "kube"])
        let group = choices.mostly("dev", else: ["kube-proxy-windows", "\"{{SessionName}}\"", "\"admins-{{SessionName}}\"", "masters", "\"{{AccountID}}\"", "\"x}}\"",
                                            "\"dev:\u{301}x\""])
        let namespaces = ["ns-\(index)", choices.mostly("ns-\(index)-b", else: ["kube-system", "default", "kube-public", "kube-node-lease"])]
        let member = choices.mostly("arn:aws:iam::111122223333:role/Team\(index)", else: [
            "{arn: \"arn:aws:iam::111122223333:role/Team\(index)\", username: \"\(choices.pick(["alice", "system:admin", "eks:x", "alice:{{SessionName}}", "{{SessionName}}", "node:{{EC2PrivateDNSName}}", "arn:aws:sts::111122223333:assumed-role/eks-admin/{{SessionName}}"]))\"}",
            breakGlass, "arn:aws:iam::111122223333:role/EKS-NODE", "arn:aws:iam::111122223333:role/x/eks-fargate",
            "\"arn:aws:iam::111122223333:role/Team \(index)\"", "arn:aws:iam::111122223333:user/u\(index)",
        ])
        let role = choices.mostly(choices.pick(["admin", "edit", "view", "custom"]), else: ["cluster-admin"])
        let rule = choices.mostly(choices.pick(["{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}", "{apiGroups: [\"\", apps], resources: [\"*\"], verbs: [\"*\"]}",
                                 "{apiGroups: [\"\"], resources: [pods], verbs: [get]}"]), else: ["{apiGroups: [\"\"], resources: [nodes], verbs: [get]}",
                                 "{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}"])
        let text = """
        kind: Team
        name: \(name)
        namespaces: [\(namespaces.joined(separator: ", "))]
        groups:
          \(group):
            members: [\(member)]
            access: {"*": \(role)}
        roles:
          custom:
            rules: [\(rule)]

        """
        return (name, text)
    }

    @Test("200 random hostile repositories: located errors and untouched refs, or a bundle that keeps every guarantee")
    func randomHostileRepositories() throws {
        guard Tool.hasGit else { print("skipped: git is not installed"); return }
        let temp = try TemporaryDirectory("hostile")
        let repository = try Repository(creatingAt: temp.sub("source"))
        var parent: ObjectID?
        var outcomes = (failed: 0, compiled: 0)
        for seed in 1...200 {
            var choices = SeededGenerator(seed: UInt64(seed))
            var files = ["environments/dev.yaml": Self.environment(&choices)]
            for index in 0..<Int(1 + choices.next() % 3) {
                let team = Self.team(&choices, index: index)
                files["teams/\(team.name).yaml"] = team.text
            }
            parent = try repository.commitFiles(files, parents: parent.map { [$0] } ?? [])
            // Every tenth run starts from packed refs, so packed-refs is judged byte for byte too.
            if seed % 10 == 0 { try Tool.git(["pack-refs", "--all"], in: repository.gitDirectory) }
            let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))
            let result = try RolecallBinary.run(["compile", "--repo", temp.sub("source"), "--ref", "main", "--quiet"])
            switch result.status {
            case 0:
                outcomes.compiled += 1
                try checkGuarantees(repository, files: files, seed: seed)
            case 1:
                outcomes.failed += 1
                #expect(result.stdout.contains(": error: "), "seed \(seed): exit 1 without a located error:\n\(result.output)")
                #expect(result.stdout.split(separator: "\n").allSatisfy { !$0.hasPrefix("/") }, "seed \(seed): a finding without a fragment path")
                #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory)) == before, "seed \(seed): a failed compile moved a ref")
            default:
                Issue.record("seed \(seed): exit \(result.status)\n\(result.output)")
            }
        }
        // Both outcomes must occur, or the generator tests nothing.
        #expect(outcomes.failed > 20 && outcomes.compiled > 5, "outcomes: \(outcomes)")
    }

    @Test("a team named after a platform group's prefix cannot take that group's cluster-admin (platform:admins)")
    func aComposedGroupCannotBorrowAPlatformGroup() throws {
        let temp = try TemporaryDirectory("hostile")
        let repository = try Repository(creatingAt: temp.sub("source"))
        let environment = LockoutEndToEndTests.environment(mode: "both", plugins: nil).replacingOccurrences(of: "  platform-admins:\n", with: "  \"platform:admins\":\n    members: [arn:aws:iam::111122223333:role/eks-admin2]\n    clusterRoles: [cluster-admin]\n  platform-admins:\n")
        let team = "kind: Team\nname: platform\nnamespaces: [platform-tools]\ngroups:\n  admins:\n    members: [arn:aws:iam::111122223333:role/Team0]\n    access: {platform-tools: view}\n"
        let files = ["environments/dev.yaml": environment, "teams/platform.yaml": team]
        try repository.commitFiles(files)
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))
        let result = try RolecallBinary.run(["compile", "--repo", temp.sub("source"), "--ref", "main", "--quiet"])
        if result.status == 0 {
            try checkGuarantees(repository, files: files, seed: 0)
        } else {
            #expect(result.status == 1 && result.stdout.contains("teams/platform.yaml:5:3: error: group 'admins' of team 'platform' compiles to Kubernetes group 'platform:admins'"), "\(result.output)")
            #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory)) == before)
        }
    }

    /// A `:` or `/` that carries a combining mark is another Character to Swift (and to the
    /// Foundation test the guard used before), but the same byte to Kubernetes and EKS: the group
    /// name is refused at its line, and the failed compile moves no ref.
    @Test("a group name whose ':' or '/' carries a combining mark is refused at its line, every ref untouched", arguments: ["dev:\u{301}x", "dev/\u{338}x"])
    func aSeparatorUnderACombiningMarkIsRefused(group: String) throws {
        let temp = try TemporaryDirectory("hostile")
        let repository = try Repository(creatingAt: temp.sub("source"))
        let environment = LockoutEndToEndTests.environment(mode: "both", plugins: nil)
        let team = "kind: Team\nname: app\nnamespaces: [app]\ngroups:\n  \"\(group)\":\n    members: [arn:aws:iam::111122223333:role/Team0]\n    access: {app: edit}\n"
        try repository.commitFiles(["environments/dev.yaml": environment, "teams/app.yaml": team])
        let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory))
        let result = try RolecallBinary.run(["compile", "--repo", temp.sub("source"), "--ref", "main", "--quiet"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("teams/app.yaml:5:3: error: group name '\(group)' of team 'app' cannot be part of a Kubernetes name"), "\(result.output)")
        #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: repository.gitDirectory)) == before)
    }

    /// A team's part of a cluster's access is built once for an environment and shared by its
    /// clusters; a team with an overlay for one cluster is built for each. Read back from what was
    /// emitted, the overlay's member authenticates, and its namespace is bound, in that cluster
    /// only, and follows the overlay when it moves to another cluster (a cached compile).
    @Test("a team's cluster overlay reaches that cluster only, as emitted, and follows the overlay when it moves")
    func aClusterOverlayStaysInItsCluster() throws {
        let temp = try TemporaryDirectory("hostile")
        let repository = try Repository(creatingAt: temp.sub("source"))
        let environment = LockoutEndToEndTests.environment(mode: "both", plugins: nil)
        func team(overlayFor cluster: String) -> String {
            """
            kind: Team
            name: app
            namespaces: [app]
            groups:
              dev:
                members: [arn:aws:iam::111122223333:role/AppDev]
                access: {app: edit}
            clusters:
              \(cluster):
                namespaces: [app, app-canary]
                groups:
                  dev:
                    members: [arn:aws:iam::111122223333:role/AppDev, arn:aws:iam::111122223333:role/CanaryOnly]
                    access: {app-canary: edit}

            """
        }
        let web = "kind: Team\nname: web\nnamespaces: [web]\ngroups:\n  dev:\n    members: [arn:aws:iam::111122223333:role/WebDev]\n    access: {web: view}\n"
        func judge(canaryIn overlaid: String) throws {
            for cluster in Self.nodeRoles.keys.sorted() {
                let bundle = try EmittedBundle(repository: repository, branch: "rendered/dev", cluster: cluster)
                func authenticates(_ name: String) -> Bool {
                    let arn = "arn:aws:iam::111122223333:role/\(name)"
                    return bundle.entries.contains { $0.principalArn == arn } || bundle.mapRoles.contains { $0.arn == arn }
                }
                let canaryBindings = bundle.objects.filter {
                    $0["kind"] as? String == "RoleBinding" && ($0["metadata"] as? [String: Any])?["namespace"] as? String == "app-canary"
                }
                let here = cluster == overlaid
                #expect(authenticates("AppDev") && authenticates("WebDev"), "\(cluster): a team member without an overlay is missing")
                #expect(authenticates("CanaryOnly") == here, "\(cluster): CanaryOnly authenticates: \(!here)")
                #expect(canaryBindings.isEmpty != here, "\(cluster): app-canary bindings \(canaryBindings.count)")
            }
        }
        let first = try repository.commitFiles(["environments/dev.yaml": environment, "teams/app.yaml": team(overlayFor: "dev-fargate"), "teams/web.yaml": web])
        var result = try RolecallBinary.run(["compile", "--repo", temp.sub("source"), "--quiet"])
        #expect(result.status == 0, "\(result.output)")
        try judge(canaryIn: "dev-fargate")
        try repository.commitFiles(["environments/dev.yaml": environment, "teams/app.yaml": team(overlayFor: "dev-windows"), "teams/web.yaml": web], parents: [first])
        result = try RolecallBinary.run(["compile", "--repo", temp.sub("source"), "--quiet"])
        #expect(result.status == 0, "\(result.output)")
        try judge(canaryIn: "dev-windows")
    }

    func checkGuarantees(_ repository: Repository, files: [String: String], seed: Int) throws {
        let environment = files["environments/dev.yaml"]!
        let mode = environment.contains("authMode: api") ? "api" : environment.contains("authMode: configmap") ? "configmap" : "both"
        for (cluster, node) in Self.nodeRoles {
            let bundle = try EmittedBundle(repository: repository, branch: "rendered/dev", cluster: cluster)
            let context = "seed \(seed), cluster \(cluster)"
            func entry(_ arn: String) -> EmittedBundle.Entry? {
                mode == "configmap" ? nil : bundle.entries.last { pathless($0.principalArn) == pathless(arn) }
            }
            func mapping(_ arn: String) -> EmittedBundle.Mapping? {
                mode == "api" ? nil : bundle.mapRoles.last { $0.arn.lowercased() == pathless(arn) }
            }
            // The node role joins as a node of its kind.
            let nodeType = ["nodeRoles": "EC2_LINUX", "fargateRoles": "FARGATE_LINUX", "windowsNodeRoles": "EC2_WINDOWS"][node.0]!
            if let entry = entry(node.1) {
                #expect(entry.type == nodeType, "\(context): node entry \(entry)")
            } else {
                let mapped = try #require(mapping(node.1), "\(context): the node role is mapped nowhere")
                #expect(mapped.groups.contains("system:nodes") && mapped.groups.contains("system:bootstrappers"), "\(context): \(mapped)")
                #expect(mapped.username.hasPrefix("system:node:{{"), "\(context): \(mapped)")
                if node.0 == "windowsNodeRoles" { #expect(mapped.groups.contains("eks:kube-proxy-windows"), "\(context)") }
                if node.0 == "fargateRoles" { #expect(mapped.groups.contains("system:node-proxier"), "\(context)") }
            }
            // Break-glass authenticates from a person's session and reaches cluster-admin.
            if let entry = entry(Self.breakGlass) {
                let admin = entry.clusterPolicies.contains { $0.hasSuffix("/AmazonEKSClusterAdminPolicy") } || !bundle.clusterAdminGroups.isDisjoint(with: entry.groups)
                #expect(admin && !(entry.username ?? "").contains("EC2PrivateDNSName"), "\(context): break-glass entry \(entry)")
            } else {
                let mapped = try #require(mapping(Self.breakGlass), "\(context): break-glass is mapped nowhere")
                #expect(!mapped.username.contains("{{EC2PrivateDNSName}}"), "\(context): break-glass cannot log in as \(mapped.username)")
                #expect(mapped.groups.contains("system:masters") || !bundle.clusterAdminGroups.isDisjoint(with: mapped.groups), "\(context): \(mapped)")
            }
            // People get no reserved or caller-chosen group and no reserved username; nobody shares a user.
            let nodeARNs = Set(Self.nodeRoles.values.map { pathless($0.1) })
            let people = (mode == "api" ? [] : bundle.mapRoles + bundle.mapUsers).filter { !nodeARNs.contains(pathless($0.arn)) }
            var peopleGroups = people.flatMap(\.groups)
            var usernames = people.map(\.username)
            for entry in bundle.entries where entry.type == "STANDARD" {
                peopleGroups += entry.groups
                usernames.append(entry.username ?? defaultUsername(entry.principalArn))
            }
            for group in peopleGroups where group != "system:masters" {
                #expect(!group.contains("{") && !group.contains("}"), "\(context): group '\(group)' holds a placeholder")
                #expect(!Self.reservedPrefixes.contains { group.lowercased().hasPrefix($0) }, "\(context): reserved group '\(group)'")
            }
            // A team member never holds a group that reaches cluster-admin, however the names were composed.
            let teamMembers = people.filter { $0.arn.lowercased().contains(":role/team") || $0.arn.contains(":user/u") }
            for member in teamMembers {
                #expect(bundle.clusterAdminGroups.isDisjoint(with: member.groups) && !member.groups.contains("system:masters"), "\(context): team member \(member.arn) reaches cluster-admin")
            }
            for person in people where person.groups.contains("system:masters") {
                #expect(pathless(person.arn) == "arn:aws:iam::111122223333:role/ops", "\(context): \(person.arn) is in system:masters")
            }
            for username in usernames {
                #expect(!Self.reservedPrefixes.contains { username.lowercased().hasPrefix($0) }, "\(context): reserved username '\(username)'")
            }
            let byPrincipal = Dictionary(grouping: zip(usernames, (people.map(\.arn) + bundle.entries.filter { $0.type == "STANDARD" }.map(\.principalArn)).map(pathless)), by: \.0)
            for (username, holders) in byPrincipal where Set(holders.map(\.1)).count > 1 {
                Issue.record("\(context): principals \(Set(holders.map(\.1))) share user '\(username)'")
            }
            for template in usernames where template.contains("{{SessionName}}") {
                let parts = template.components(separatedBy: "{{SessionName}}")
                for other in usernames where other != template && other.hasPrefix(parts[0]) && other.hasSuffix(parts.last!) && !other.contains("{{") {
                    Issue.record("\(context): '\(template)' can become '\(other)'")
                }
            }
            // Teams own no reserved namespace and bind only in namespaces they own.
            let owners = Dictionary(bundle.objects(kind: "Namespace").map { (EmittedBundle.metadata($0).name, EmittedBundle.metadata($0).team) }, uniquingKeysWith: { a, _ in a })
            for name in owners.keys { #expect(!Self.reservedNamespaces.contains(name), "\(context): a team owns \(name)") }
            for binding in bundle.objects(kind: "RoleBinding") {
                let meta = EmittedBundle.metadata(binding)
                #expect(meta.team != nil && owners[meta.namespace ?? ""] == meta.team, "\(context): \(meta.name) binds in \(meta.namespace ?? "?"), not its own")
            }
            #expect(bundle.objects(kind: "ClusterRoleBinding").allSatisfy { EmittedBundle.metadata($0).team == nil }, "\(context): a team has a ClusterRoleBinding")
            #expect(bundle.terraformEntryKeys.count == bundle.entries.count, "\(context): Terraform entries \(bundle.terraformEntryKeys.count) for \(bundle.entries.count) access entries")
        }
    }

    func pathless(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, let name = parts[5].split(separator: "/").last, let type = parts[5].split(separator: "/").first else { return arn.lowercased() }
        return "arn:\(parts[1]):\(parts[2])::\(parts[4]):\(type)/\(name)".lowercased()
    }

    func defaultUsername(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[5].hasPrefix("role/"), let name = parts[5].split(separator: "/").last else { return arn }
        return "arn:\(parts[1]):sts::\(parts[4]):assumed-role/\(name)/{{SessionName}}"
    }
}
