import Foundation
import GitStore
import TestSupport
import Testing

/// `rolecall schema` is a JSON Schema (draft 2020-12) that accepts every fragment of the worked
/// example and rejects a misspelled key, as the loader does; `init` writes it and points the
/// scaffolded fragments at it. Validation uses check-jsonschema (PyPI) when it is installed.
@Suite("rolecall schema and the editor modeline")
struct SchemaEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checker = Tool.find("check-jsonschema")
    static let skip: Comment = "check-jsonschema not installed (pip install check-jsonschema); schema validation skipped"

    static func schema(_ arguments: [String] = []) throws -> (text: String, object: [String: Any]) {
        let result = try RolecallBinary.run(["schema"] + arguments)
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (result.stdout, object)
    }

    /// Every property of every object, at any depth, with the path that leads to it.
    static func properties(_ value: Any, path: String = "$", into found: inout [(String, [String: Any])]) {
        if let object = value as? [String: Any] {
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if key == "properties", let properties = child as? [String: Any] {
                    for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                        found.append(("\(path).\(name)", property as? [String: Any] ?? [:]))
                        Self.properties(property, path: "\(path).\(name)", into: &found)
                    }
                } else {
                    Self.properties(child, path: path, into: &found)
                }
            }
        } else if let list = value as? [Any] {
            for item in list { Self.properties(item, path: path, into: &found) }
        }
    }

    /// The example repository's fragments, as git tracks them.
    static func exampleFragments() throws -> [String] {
        try Tool.git(["ls-files", "environments", "teams"], in: root.path).split(separator: "\n")
            .map(String.init).filter { $0.hasSuffix(".yaml") }
    }

    func validate(_ schema: String, _ files: [String], in directory: String) throws -> ToolResult {
        let temp = try TemporaryDirectory("schema")
        let path = temp.sub("schema.json")
        try Data(schema.utf8).write(to: URL(fileURLWithPath: path))
        return try Tool.run(Self.checker!, ["--schemafile", path] + files, in: directory)
    }

    @Test(arguments: [nil, "Environment", "Team", "Overlay"])
    func everyKindIsADraft202012SchemaThatDescribesEveryKeyAndAllowsNoOther(kind: String?) throws {
        let (_, object) = try Self.schema(kind.map { ["--kind", $0] } ?? [])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        var found: [(String, [String: Any])] = []
        Self.properties(object, into: &found)
        #expect(found.count > 10)
        for (path, property) in found where property["description"] == nil {
            Issue.record("\(path) has no description")
        }
        let kinds = kind.map { [$0] } ?? ["Environment", "Team", "Overlay"]
        for name in kinds {
            let fragment = try #require(kind == nil ? (object["$defs"] as? [String: Any])?[name] as? [String: Any] : object)
            #expect(fragment["additionalProperties"] as? Bool == false)
            #expect(((fragment["properties"] as? [String: Any])?["kind"] as? [String: Any])?["const"] as? String == name)
            #expect(fragment["required"] as? [String] == ["kind", "name"])
        }
    }

    @Test(.enabled(if: checker != nil, skip), .enabled(if: Tool.hasGit, "git not on PATH"))
    func theWorkedExampleValidatesAndTheSchemaItselfIsValid() throws {
        let (text, _) = try Self.schema()
        let files = try Self.exampleFragments()
        #expect(files.count >= 8, "\(files)")
        let result = try validate(text, files, in: Self.root.path)
        #expect(result.status == 0, "\(result.output)")
        let temp = try TemporaryDirectory("schema")
        try Data(text.utf8).write(to: URL(fileURLWithPath: temp.sub("s.json")))
        let meta = try Tool.run(Self.checker!, ["--check-metaschema", temp.sub("s.json")])
        #expect(meta.status == 0, "\(meta.output)")
        // Per kind too: every environment is an Environment, every team file a Team or an Overlay.
        let environments = files.filter { $0.hasPrefix("environments/") }
        #expect(try validate(try Self.schema(["--kind", "Environment"]).text, environments, in: Self.root.path).status == 0)
    }

    @Test(.enabled(if: checker != nil, skip))
    func aMisspelledKeyFailsTheSchemaAsItFailsTheLoader() throws {
        let temp = try TemporaryDirectory("schema")
        let billing = try #require(CLISource.withTypo["teams/billing.yaml"])
        try Data(billing.utf8).write(to: URL(fileURLWithPath: temp.sub("billing.yaml")))
        let team = try validate(try Self.schema(["--kind", "Team"]).text, ["billing.yaml"], in: temp.path)
        #expect(team.status == 1, "\(team.output)")
        #expect(team.output.contains("'grops' was unexpected"), "\(team.output)")
        let any = try validate(try Self.schema().text, ["billing.yaml"], in: temp.path)
        #expect(any.status == 1, "\(any.output)")
        // And a value of the wrong shape: a list where a mapping belongs.
        try Data(CLISource.clean["teams/billing.yaml"]!.replacingOccurrences(of: "access: {billing: admin}", with: "access: [billing]").utf8)
            .write(to: URL(fileURLWithPath: temp.sub("shape.yaml")))
        #expect(try validate(try Self.schema(["--kind", "Team"]).text, ["shape.yaml"], in: temp.path).status == 1)
    }

    @Test(.enabled(if: Tool.hasGit, "git not on PATH"))
    func initWritesTheSchemaAndPointsEachScaffoldedFragmentAtIt() throws {
        let temp = try TemporaryDirectory("init")
        let path = temp.sub("repo")
        _ = try Repository(creatingAt: path)
        let result = try RolecallBinary.run(["init", "--repo", path])
        #expect(result.status == 0, "\(result.output)")
        let written = try String(contentsOfFile: path + "/rolecall.schema.json", encoding: .utf8)
        #expect(written == (try Self.schema().text))
        for file in ["environments/dev.yaml", "teams/example.yaml"] {
            let text = try String(contentsOfFile: path + "/" + file, encoding: .utf8)
            let first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            #expect(first == "# yaml-language-server: $schema=../rolecall.schema.json", "\(file)")
            // The modeline's path, resolved from the fragment's folder, is the schema init wrote.
            let target = URL(fileURLWithPath: path + "/" + file).deletingLastPathComponent()
                .appendingPathComponent(String(first.dropFirst("# yaml-language-server: $schema=".count))).standardizedFileURL.path
            #expect(target == URL(fileURLWithPath: path + "/rolecall.schema.json").standardizedFileURL.path)
            if let checker = Self.checker {
                let check = try Tool.run(checker, ["--schemafile", target, file], in: path)
                #expect(check.status == 0, "\(check.output)")
            }
        }
    }
}
