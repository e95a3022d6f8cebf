import ArgumentParser
import Compiler
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Scaffold environments/ and teams/ in a repository's working tree, ready to compile.",
        discussion: "Writes environments/dev.yaml and teams/example.yaml (values marked REPLACE are examples), and rolecall.schema.json, the JSON Schema their first line points editors at (regenerate it with `rolecall schema > rolecall.schema.json` after upgrading rolecall). Refuses to overwrite anything. Commit the files, then run `rolecall check`.")

    @OptionGroup var options: RepositoryOptions

    func run() throws {
        let repository = try options.open()
        guard let root = repository.workingDirectory else {
            throw Failure(message: "init writes files into a working tree; this repository is bare")
        }
        let manager = FileManager.default
        for path in Scaffold.files.keys.sorted() {
            let folder = String(path.split(separator: "/").first!)
            if manager.fileExists(atPath: root + folder) {
                throw Failure(message: "\(folder)\(path.contains("/") ? "/" : "") already exists in \(root); init only scaffolds an empty repository")
            }
        }
        for (path, contents) in Scaffold.files.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: root + path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
            if !options.quiet { Console.out("wrote \(path)\n") }
        }
        if !options.quiet {
            Console.out("next: replace the values marked REPLACE, then `git add environments teams rolecall.schema.json && git commit` and run `rolecall check`\n")
        }
    }
}
