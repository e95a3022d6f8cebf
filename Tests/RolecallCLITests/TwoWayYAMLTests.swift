import Foundation
import GitStore
import Testing
import TestSupport

/// YAML that a reviewer reads one way and the parser another: a tagged key that silently wins
/// over the plain one, a line break only the parser sees, an anchor on a key behind a misleading
/// apostrophe. The built binary refuses each at its line, writes nothing, and moves no ref.
@Suite("YAML that reads two ways")
struct TwoWayYAMLTests {
    static let numeric = """
    kind: Team
    name: numeric
    namespaces: ["123"]
    groups:
      developers:
        members: [arn:aws:iam::111122223333:role/NumericDeveloper]
        access:
          123: view

    """

    static let hostile: [(path: String, text: String, finding: String)] = [
        ("teams/numeric.yaml", numeric + "      !!int 123: admin\n", "teams/numeric.yaml:9:7: error: duplicate key '123'"),
        ("teams/crlf.yaml", "kind: Team\r\nname: crlf\r\n# note\rnamespaces: [kube-system]\r\n", "teams/crlf.yaml:3:7: error: a carriage return"),
        ("teams/quoted.yaml", "kind: Team\nname: quoted\nnote: it is Bob 's\nnamespaces: [quoted]\ngroups:\n  &g devs:\n    members: [arn:aws:iam::111122223333:role/Q]\n",
         "teams/quoted.yaml:6:3: error: YAML anchors"),
    ]

    @Test func eachIsRefusedAtItsLineAndNothingMoves() throws {
        let source = try CLISource()
        try source.commit(CLISource.clean.merging(["teams/numeric.yaml": Self.numeric]) { $1 })
        let compiled = try source.rolecall(["compile"])
        #expect(compiled.status == 0, "\(compiled.output)")
        // What a reviewer reads is what is emitted: the developers get view in namespace 123.
        let bindings = try Tool.git(["show", "rendered/dev:clusters/dev-eu-1/rbac/rolebindings.yaml"], in: source.path)
        let binding = bindings.components(separatedBy: "---\n").first { $0.contains("namespace: \"123\"") } ?? ""
        #expect(binding.contains("name: view") && !binding.contains("name: admin"), "\(bindings)")

        for (path, text, finding) in Self.hostile {
            var files = CLISource.clean.merging(["teams/numeric.yaml": Self.numeric]) { $1 }
            files[path] = text
            try source.commit(files)
            let before = try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory))
            for command in ["check", "compile"] {
                let result = try source.rolecall([command])
                #expect(result.status == 1, "\(command) \(path): \(result.output)")
                #expect(result.stdout.contains(finding), "\(command) \(path): \(result.output)")
            }
            #expect(try RefSnapshot.take(gitDirectory: URL(fileURLWithPath: source.repository.gitDirectory)) == before, "\(path): a ref moved")
        }
    }
}
