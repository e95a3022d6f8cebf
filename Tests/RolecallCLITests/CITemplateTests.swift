import Foundation
import TestSupport
import Testing
import Yams

/// The CI templates and the release workflow validate against the published schemas
/// (check-jsonschema's vendored GitLab CI and GitHub workflow schemas), every shell step parses,
/// and they keep the properties a team relies on: full history and every branch fetched, compile
/// serialised per environment, promotion manual, one merge-request comment found by its marker,
/// fork pull requests degrading to the job summary, and only rolecall options that exist.
@Suite("CI templates")
struct CITemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let checker = Tool.find("check-jsonschema")
    static let gitlab = "ci-templates/gitlab-ci.yml"
    static let github = "ci-templates/github-workflow.yml"
    static let release = ".github/workflows/release.yml"

    static func load(_ path: String) throws -> [String: Any] {
        let text = try String(contentsOfFile: root.path + "/" + path, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(path) is not a YAML mapping")
    }

    @Test(.enabled(if: checker != nil, "check-jsonschema not installed (pip install check-jsonschema); templates not validated against the published schemas"),
          arguments: [(gitlab, "vendor.gitlab-ci"), (github, "vendor.github-workflows"), (release, "vendor.github-workflows")])
    func validatesAgainstThePublishedSchema(file: String, schema: String) throws {
        let result = try Tool.run(Self.checker!, ["--builtin-schema", schema, file], in: Self.root.path)
        #expect(result.status == 0, "\(result.output)")
    }

    /// Every shell snippet of a template: GitLab `script`/`before_script` items, GitHub `run` steps.
    static func scripts(_ value: Any, key: String? = nil, into found: inout [String]) {
        if let object = value as? [String: Any] {
            for (name, child) in object { scripts(child, key: name, into: &found) }
        } else if let list = value as? [Any] {
            if key == "script" || key == "before_script" {
                found.append(list.compactMap { $0 as? String ?? ($0 as? [Any])?.compactMap { $0 as? String }.joined(separator: "\n") }.joined(separator: "\n"))
            } else {
                for item in list { scripts(item, key: nil, into: &found) }
            }
        } else if key == "run", let text = value as? String {
            found.append(text)
        }
    }

    @Test(arguments: [gitlab, github, release])
    func everyShellStepParses(file: String) throws {
        var snippets: [String] = []
        Self.scripts(try Self.load(file), into: &snippets)
        #expect(!snippets.isEmpty)
        for snippet in snippets {
            let result = try Tool.run("/bin/bash", ["-n", "-c", snippet])
            #expect(result.status == 0, "\(file): \(result.stderr)\n\(snippet)")
        }
    }

    @Test(arguments: [gitlab, github])
    func everyRolecallCallUsesCommandsAndOptionsThatExist(file: String) throws {
        let text = try String(contentsOfFile: Self.root.path + "/" + file, encoding: .utf8)
        let calls = text.split(separator: "\n").compactMap { line -> [String]? in
            guard let range = line.range(of: "rolecall ") , !line.trimmingCharacters(in: .whitespaces).hasPrefix("#"),
                  line[..<range.lowerBound].allSatisfy({ " -|\t".contains($0) }) else { return nil }
            return line[range.upperBound...].split(separator: " ").map(String.init)
        }
        #expect(calls.count >= 4, "\(calls)")
        for call in calls {
            let command = call[0]
            let options = call.filter { $0.hasPrefix("--") }
            let help = try RolecallBinary.run(command == "--version" ? ["--help"] : [command, "--help"])
            #expect(help.status == 0, "rolecall \(command) does not exist: \(help.output)")
            for option in options where !help.stdout.contains(option) {
                Issue.record("\(file): rolecall \(command) has no option \(option)")
            }
        }
    }

    @Test func gitlabSerialisesCompilePerEnvironmentPromotesByHandAndUpdatesOneComment() throws {
        let pipeline = try Self.load(Self.gitlab)
        let variables = try #require(pipeline["variables"] as? [String: Any])
        #expect(variables["GIT_DEPTH"] as? String == "0")
        let before = ((pipeline["default"] as? [String: Any])?["before_script"] as? [String] ?? []).joined(separator: "\n")
        #expect(before.contains("'+refs/heads/*:refs/heads/*'") && before.contains("--unshallow"))
        let compile = try #require(pipeline["compile"] as? [String: Any])
        #expect(compile["resource_group"] as? String == "rolecall-$ENVIRONMENT")
        let matrix = ((compile["parallel"] as? [String: Any])?["matrix"] as? [[String: Any]])?.first?["ENVIRONMENT"] as? [String]
        #expect(matrix == ["dev", "staging", "prod"])
        let promote = try #require(pipeline[".promote"] as? [String: Any])
        #expect((promote["rules"] as? [[String: Any]])?.allSatisfy { $0["when"] as? String == "manual" } == true)
        #expect(promote["resource_group"] as? String == "rolecall-$TO")
        for job in ["promote-staging", "promote-prod"] {
            #expect((pipeline[job] as? [String: Any])?["extends"] as? String == ".promote")
        }
        let check = ((pipeline["check"] as? [String: Any])?["script"] as? [String] ?? []).joined(separator: "\n")
        #expect(check.contains("ROLECALL_COMMENT_MARKER") && check.contains("-X PUT") && check.contains("-X POST"))
        let text = try String(contentsOfFile: Self.root.path + "/" + Self.gitlab, encoding: .utf8)
        #expect(text.contains("CI_JOB_TOKEN cannot"), "the template says why the job token is not enough")
    }

    @Test func githubSerialisesCompilePerEnvironmentPromotesByHandAndDegradesOnForks() throws {
        let workflow = try Self.load(Self.github)
        let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
        let compile = try #require(jobs["compile"])
        let concurrency = try #require(compile["concurrency"] as? [String: Any])
        #expect(concurrency["group"] as? String == "rolecall-${{ matrix.environment }}")
        #expect(concurrency["cancel-in-progress"] as? Bool == false)
        let promote = try #require(jobs["promote"])
        #expect((promote["concurrency"] as? [String: Any])?["group"] as? String == "rolecall-${{ inputs.to }}", "promotion shares its environment's group")
        #expect(promote["environment"] as? String == "${{ inputs.to }}")
        #expect((workflow["on"] as? [String: Any])?["workflow_dispatch"] != nil)
        let steps = try #require(jobs["check"]?["steps"] as? [[String: Any]])
        let comment = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("actions/github-script") == true })
        #expect(comment["if"] as? String == "github.event.pull_request.head.repo.full_name == github.repository")
        let script = ((comment["with"] as? [String: Any])?["script"] as? String) ?? ""
        #expect(script.contains("<!-- rolecall:check -->") && script.contains("updateComment") && script.contains("createComment"))
        let runs = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
        #expect(runs.contains("GITHUB_STEP_SUMMARY"))
        #expect(runs.contains("'+refs/heads/rendered/*:refs/heads/rendered/*'"), "the check takes what the output branches hold: they must be local branches")
        for job in ["check", "compile", "promote"] {
            let checkout = (jobs[job]?["steps"] as? [[String: Any]])?.first { ($0["uses"] as? String)?.hasPrefix("actions/checkout") == true }
            #expect((checkout?["with"] as? [String: Any])?["fetch-depth"] as? Int == 0, "\(job) fetches full history")
        }
    }
}
