import BuiltinPlugins
import Compiler
import Diagnostics
import Foundation
import GitStore
import TestSupport
import Testing

/// Bounded, deterministic fuzzing of the whole compile (load, resolve, decode, topology, build,
/// guards, emit, bundle guards) on real commits: environments and teams mutated byte by byte and
/// value by value with what an attacker would type. Whatever the source, the compiler never
/// traps, every finding points into a file of the commit, errors and "nothing emitted" go
/// together, and a clean source always yields every cluster's files, the same bytes twice.
@Suite("pipeline fuzzing: mutated environments and teams through the whole compile")
struct PipelineFuzzTests {
    /// 800 by default; `ROLECALL_FUZZ_ROUNDS` and `ROLECALL_FUZZ_SEED` run longer or other campaigns
    /// (e.g. `ROLECALL_FUZZ_ROUNDS=500000 swift test --filter PipelineFuzzTests`).
    static let rounds = Int(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_ROUNDS"] ?? "") ?? 800
    static let seedOffset = UInt64(ProcessInfo.processInfo.environment["ROLECALL_FUZZ_SEED"] ?? "") ?? 0

    static let seed: [String: String] = [
        "environments/base.yaml": """
        kind: Environment
        name: base
        abstract: true
        authMode: both
        plugins: [aws-auth, access-entries, rbac, kustomize]
        clusterRoles:
          pod-operator:
            rules: [{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list, update]}]
        groups:
          admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]
            clusterRoles: [cluster-admin]
          ops:
            members: [{arn: "arn:aws:iam::111122223333:role/ops", username: "ops:{{SessionName}}"}]
            systemMasters: true
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/eks-admin]
          systemMasters: [arn:aws:iam::111122223333:role/ops]
          allowedAccounts: ["111122223333", "444455556666"]
          reservedNamespaces: [karpenter, "aws-*"]

        """,
        "environments/dev.yaml": """
        kind: Environment
        name: dev
        extends: base
        clusters:
          dev-eu-1:
            account: "111122223333"
            region: eu-west-1
            labels: {tier: dev}
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev]
            fargateRoles: [arn:aws:iam::111122223333:role/eks-fargate-dev]
          dev-win:
            account: "444455556666"
            windowsNodeRoles: [arn:aws:iam::444455556666:role/eks-windows]

        """,
        "environments/prod.yaml": """
        kind: Environment
        name: prod
        extends: base
        promotesFrom: dev
        authMode: configmap
        clusters:
          prod-eu-1:
            account: "111122223333"
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-prod]

        """,
        "teams/_templates/service.yaml": """
        kind: Team
        name: service
        groups:
          oncall:
            members: [arn:aws:iam::111122223333:role/Oncall]
            access: {"*": view}

        """,
        "teams/payments/team.yaml": """
        kind: Team
        name: payments
        extends: [_templates/service]
        namespaces: [payments, payments-batch]
        placement: {environments: [dev, prod]}
        groups:
          developers:
            members:
              - arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev_0a1b2c3d4e5f6a7b
              - {arn: "arn:aws:iam::111122223333:user/alice", username: "alice"}
            access: {"*": edit, payments-batch: batch}
        roles:
          batch:
            rules: [{apiGroups: [batch], resources: [jobs, cronjobs], verbs: ["*"]}]
        clusters:
          dev-win:
            groups: {oncall: null}

        """,
        "teams/payments/prod.yaml": """
        kind: Overlay
        name: prod
        groups: {developers: {access: {payments: view}}}

        """,
        "teams/web.yaml": """
        kind: Team
        name: web
        namespaces: [web]
        groups:
          dev:
            members: [arn:aws:iam::444455556666:role/WebDev]
            access: {web: full}
        roles:
          full:
            rules: [{apiGroups: ["", apps], resources: ["*"], verbs: ["*"]}]

        """,
    ]

    /// Values an attacker or a careless engineer puts where a name, ARN or role belongs.
    static let hostileValues = [
        "kube-system", "default", "\"{{SessionName}}\"", "\"x-{{SessionNameRaw}}\"", "system:masters", "\"eks:x\"", "\"*\"", "\"\"",
        "null", "~", "[]", "{}", "arn:aws:iam::111122223333:role/eks-node-dev", "arn:aws:iam::111122223333:role/EKS-ADMIN",
        "arn:aws:sts::111122223333:assumed-role/eks-admin/me", "\"arn:aws:iam::111122223333:role/a b\"", "arn:aws:iam::1:role/x",
        String(repeating: "a", count: 300), "\"\\u202E\"", "\"a\\nb\"", "1e400", "-1", "yes", "\"@\"", "&a", "*a", "!!binary x",
        "configmap", "api", "[aws-auth]", "[rbac]", "staging", "prod", "dev", "base", "_templates/service", "\"../x\"", "cluster-admin",
    ]
    static let syntax = Array("-:?,[]{}#&*!|>'\"%@` \n\t~.0123456789abcxyz\\".utf8)

    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where at < bytes.count: bytes.remove(at: at)
            case 1: bytes.insert(syntax.randomElement(using: &rng)!, at: min(at, bytes.count))
            case 2 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 3:
                let end = min(bytes.count, at + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[min(at, end)..<end], at: Int.random(in: 0...bytes.count, using: &rng))
            default:
                // Replace the value after a `: `, `- `, `[` or `, ` with a hostile one.
                let starts = bytes.indices.filter { i in
                    i + 1 < bytes.count && ((bytes[i] == UInt8(ascii: ":") || bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: ",")) && bytes[i + 1] == UInt8(ascii: " ")
                        || bytes[i] == UInt8(ascii: "["))
                }
                guard !starts.isEmpty else { continue }
                let anchor = starts.randomElement(using: &rng)!
                let start = anchor + (bytes[anchor] == UInt8(ascii: "[") ? 1 : 2)
                var end = min(start, bytes.count)
                while end < bytes.count, !",]}\n".utf8.contains(bytes[end]) { end += 1 }
                bytes.replaceSubrange(min(start, bytes.count)..<end, with: Array(hostileValues.randomElement(using: &rng)!.utf8))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("mutated environments and teams never crash the compile, and every outcome is explained")
    func mutatedSources() throws {
        let source = try SourceRepository()
        let compiler = Compiler(repository: source.repository, registry: BuiltinPlugins.registry)
        let pristine = try compiler.compile(commit: try source.commit(Self.seed))
        #expect(!pristine.hasErrors, "the seed must compile: \(pristine.diagnostics)")
        var rng = SeededGenerator(seed: 0x5EED_0100 ^ Self.seedOffset)
        let paths = Self.seed.keys.sorted()
        var outcomes = (clean: 0, refused: 0)
        for round in 0..<Self.rounds {
            var files = Self.seed
            for _ in 0..<(rng.chance(20) ? 2 : 1) {
                let path = rng.pick(paths)
                files[path] = Self.mutate(files[path]!, &rng)
            }
            let commit = try source.repository.commitFiles(files, branch: nil)
            let compilation = try compiler.compile(commit: commit)
            for d in compilation.diagnostics {
                let known = files[d.location.path] != nil || ["environments", "teams"].contains(d.location.path)
                #expect(known, "round \(round): finding outside the commit's files: \(d)")
                if let text = files[d.location.path] {
                    #expect(d.location.line <= text.split(separator: "\n", omittingEmptySubsequences: false).count + 1, "round \(round): line past the file: \(d)")
                }
                #expect(d.location.commit == commit.hex, "round \(round): finding without its commit")
            }
            if compilation.hasErrors {
                outcomes.refused += 1
                continue
            }
            outcomes.clean += 1
            for environment in compilation.environments {
                #expect(environment.bundle.clusters.count == environment.spec.clusters.count, "round \(round): \(environment.spec.name) lost a cluster")
                #expect(environment.bundle.clusters.allSatisfy { !$0.files.isEmpty }, "round \(round): a clean cluster emitted nothing")
            }
            if round % 50 == 0 {
                let again = try Compiler(repository: source.repository, registry: BuiltinPlugins.registry).compile(commit: commit)
                #expect(again.environments.flatMap { $0.bundle.clusters.map(\.files) } == compilation.environments.flatMap { $0.bundle.clusters.map(\.files) }, "round \(round): two compiles differ")
            }
        }
        #expect(outcomes.clean > Self.rounds / 100 && outcomes.refused > Self.rounds / 5, "the mutations must reach both outcomes: \(outcomes)")
        print("pipeline fuzzing: \(Self.rounds) rounds, \(outcomes.clean) clean, \(outcomes.refused) refused")
    }
}
