import Diagnostics
import Foundation
import Model
import PluginAPI
import Testing

@testable import LockoutGuard

/// The lockout proof judges the bytes, not the emitters' intent: files emitted for the varied
/// fixture, then tampered the way a faulty emitter or a hand edit would, must fail it.
@Suite("lockout proof on tampered emitted files")
struct LockoutProofTests {
    static func cluster(_ name: String, mode: String = "both") throws -> (access: ClusterAccess, files: [EmittedFile]) {
        let environment = GuardFixture.environment(replacing: "name: dev\n", with: "name: dev\nauthMode: \(mode)\n")
        let compiled = try #require(try GuardFixture.accesses(environment: environment).first { $0.access.cluster.name == name })
        #expect(compiled.diagnostics.isEmpty, "the fixture must be clean: \(compiled.diagnostics)")
        return (compiled.access, compiled.files)
    }

    static func tampered(_ files: [EmittedFile], _ path: String, _ edit: (String) -> String) -> [EmittedFile] {
        files.map { file in
            guard file.path == path else { return file }
            var changed = file
            changed.contents = edit(file.contents)
            precondition(changed.contents != file.contents, "the tampering changed nothing in \(path)")
            return changed
        }
    }

    static func droppingLines(containing needle: String, from text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(needle) }.joined(separator: "\n")
    }

    static func messages(_ access: ClusterAccess, _ files: [EmittedFile]) -> [String] {
        LockoutGuard().check(access, files: files).map(\.message)
    }

    @Test func theUntamperedFilesPassInEveryMode() throws {
        for mode in ["configmap", "api", "both"] {
            for name in ["c1", "fargate-only", "windows-only"] {
                let (access, files) = try Self.cluster(name, mode: mode)
                #expect(Self.messages(access, files) == [], "\(mode) \(name)")
            }
        }
    }

    @Test func aWindowsNodeWithoutKubeProxyWindowsFails() throws {
        let (access, files) = try Self.cluster("windows-only", mode: "configmap")
        let broken = Self.tampered(files, "aws-auth.yaml") { Self.droppingLines(containing: "- eks:kube-proxy-windows", from: $0) }
        #expect(Self.messages(access, broken) == ["node role arn:aws:iam::111122223333:role/WinNode would not join cluster 'windows-only' as a Windows node: aws-auth gives it groups [system:bootstrappers, system:nodes], without eks:kube-proxy-windows"])
    }

    @Test func aFargateRoleWithoutNodeProxierFails() throws {
        let (access, files) = try Self.cluster("fargate-only", mode: "configmap")
        let broken = Self.tampered(files, "aws-auth.yaml") { Self.droppingLines(containing: "- system:node-proxier", from: $0) }
        #expect(Self.messages(access, broken).count == 1)
        #expect(Self.messages(access, broken).first?.hasSuffix("without system:node-proxier") == true)
    }

    @Test("a later duplicate entry wins in aws-auth, so it takes the node's mapping away")
    func aLaterDuplicateEntryWins() throws {
        let (access, files) = try Self.cluster("c1", mode: "configmap")
        let broken = Self.tampered(files, "aws-auth.yaml") { text in
            text.replacingOccurrences(of: "  mapRoles: |\n", with: "  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/NODE\n      username: nobody\n      groups: []\n")
        }
        // Prepending keeps the real entry last: still a node.
        #expect(Self.messages(access, broken) == [])
        let last = Self.tampered(files, "aws-auth.yaml") { text in
            text.replacingOccurrences(of: "      username: \"system:node:{{EC2PrivateDNSName}}\"\n", with: "      username: \"system:node:{{EC2PrivateDNSName}}\"\n    - groups: []\n      rolearn: arn:aws:iam::111122223333:role/NODE\n      username: nobody\n")
        }
        #expect(Self.messages(access, last).contains { $0.contains("role/node would not join cluster 'c1' as a Linux node: aws-auth gives it username 'nobody'") })
    }

    @Test("kustomize applies only what kustomization.yaml lists")
    func anUnlistedAwsAuthIsNotApplied() throws {
        let (access, files) = try Self.cluster("c1", mode: "configmap")
        let broken = Self.tampered(files, "kustomization.yaml") { Self.droppingLines(containing: "- aws-auth.yaml", from: $0) }
        let messages = Self.messages(access, broken)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.allSatisfy { $0.hasSuffix("no aws-auth ConfigMap is applied") })
    }

    @Test func aNodeAccessEntryOfTheWrongTypeFails() throws {
        let (access, files) = try Self.cluster("c1", mode: "api")
        let broken = Self.tampered(files, "access-entries.json") { $0.replacingOccurrences(of: "\"EC2_LINUX\"", with: "\"STANDARD\"") }
        #expect(Self.messages(access, broken) == ["node role arn:aws:iam::111122223333:role/node would not join cluster 'c1' as a Linux node: its access entry has type STANDARD, not EC2_LINUX"])
    }

    @Test func anAccessEntryWithoutItsTerraformResourceFails() throws {
        let (access, files) = try Self.cluster("c1", mode: "api")
        let broken = Self.tampered(files, "access-entries.tf.json") { $0.replacingOccurrences(of: "\"principal_arn\": \"arn:aws:iam::111122223333:role/node\"", with: "\"principal_arn\": \"arn:aws:iam::111122223333:role/other\"") }
        #expect(Self.messages(access, broken) == ["cluster 'c1': the Terraform file declares no aws_eks_access_entry for arn:aws:iam::111122223333:role/node (a resource name collided)"])
    }

    @Test func breakGlassWithoutItsClusterRoleBindingFails() throws {
        let (access, files) = try Self.cluster("c1", mode: "configmap")
        let broken = Self.tampered(files, "rbac/clusterrolebindings.yaml") { $0.replacingOccurrences(of: "name: cluster-admin", with: "name: view") }
        let messages = Self.messages(access, broken)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.allSatisfy { $0.contains("would not reach cluster-admin in cluster 'c1'") && $0.hasSuffix("no applied ClusterRoleBinding binds any of them to cluster-admin") })
    }

    @Test("the byte search that picks the files to parse finds a kind anywhere, and only whole", arguments: [
        ("", false), ("ConfigMap", true), ("kind: ConfigMap\n", true), ("CConfigMap", true), ("ConfigMa", false), ("xConfigMa", false),
        ("Config Map", false), ("é ConfigMap", true), ("ConfigMapConfigMap", true), ("configmap", false),
    ])
    func holdsFindsTheKindAnywhere(text: String, expected: Bool) {
        #expect(TextSearch.contains(text, "ConfigMap") == expected, "\(text.debugDescription)")
    }
}

