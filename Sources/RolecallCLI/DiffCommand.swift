import ArgumentParser
import Compiler
import Foundation
import Output

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the rendered per-cluster difference between two source refs, for review.",
        discussion: "Compiles BASE and HEAD and prints a unified diff of every cluster file that differs. Exit status 0 whether or not they differ; 1 when HEAD has errors.")

    @OptionGroup var options: RepositoryOptions

    @Argument(help: "The base branch, tag or commit.")
    var base: String

    @Argument(help: "The head branch, tag or commit.")
    var head: String

    @Option(name: .customLong("env"), help: "Only this environment (repeatable).")
    var environments: [String] = []

    func run() throws {
        let compiler = try options.compiler()
        let headCommit = try compiler.repository.commitID(head)
        let selected = environments.isEmpty ? nil : environments
        let headCompilation = try compiler.compile(commit: headCommit, environments: selected)
        try headCompilation.requireEnvironments(environments)
        let baseSelection = headCompilation.baseSelection(selected)
        let baseCompilation = try compiler.compile(commit: try compiler.repository.commitID(base), environments: baseSelection)
        if headCompilation.hasErrors {
            Console.report(headCompilation.diagnostics, format: .text)
            throw ExitCode(1)
        }
        let before = Self.files(baseCompilation), after = Self.files(headCompilation)
        var printed = false
        for path in Set(before.keys).union(after.keys).sorted() {
            let text = LineDiff.unified(before[path], after[path], path: path)
            if !text.isEmpty { Console.out(text); printed = true }
        }
        if !printed && !options.quiet { Console.out("no difference in rendered output\n") }
    }

    /// `<env>/clusters/<cluster>/<file>` to contents, for every compiled environment.
    static func files(_ compilation: Compilation) -> [String: String] {
        var files: [String: String] = [:]
        for environment in compilation.environments {
            for cluster in environment.bundle.clusters {
                for file in cluster.files { files[environment.spec.name + "/" + BranchLayout.path(of: file.path, cluster: cluster.name)] = file.contents }
            }
        }
        return files
    }
}
