import ArgumentParser
import Fragments

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the fragment formats, for editors and linters.",
        discussion: """
        Generated from the tables the loader checks fragments with, so an editor flags exactly what `rolecall check` rejects: unknown keys, wrong types. Without --kind the schema accepts any fragment and picks the format by `kind`.

        Save it (`rolecall schema > rolecall.schema.json`, as `rolecall init` does) and point YAML files at it with a first line `# yaml-language-server: $schema=../rolecall.schema.json` (the path is relative to the YAML file).
        """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case environment = "Environment", team = "Team", overlay = "Overlay"

        var fragmentKind: Fragment.Kind {
            switch self {
            case .environment: .environment
            case .team: .team
            case .overlay: .overlay
            }
        }
    }

    @Option(help: ArgumentHelp("Only this fragment kind: Environment, Team or Overlay.", valueName: "kind"))
    var kind: Kind?

    func run() throws {
        Console.out(FragmentJSONSchema.text(for: kind?.fragmentKind))
    }
}
