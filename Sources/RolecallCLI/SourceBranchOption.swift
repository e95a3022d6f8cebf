import ArgumentParser
import Compiler
import GitStore
import Output

/// `--source-branch`: the branch that feeds the environments promoted from nothing.
struct SourceBranchOption: ParsableArguments {
    @Option(help: ArgumentHelp("The branch feeding the environments promoted from nothing.",
                               discussion: "Default: `main`, else the branch HEAD names (such as `master`).", valueName: "branch"))
    var sourceBranch: String?

    /// The detected or configured source branch; a usage error when there is none.
    func resolve(in repository: Repository) throws -> String {
        do {
            return try Workflow.sourceBranch(configured: sourceBranch, in: repository)
        } catch let error as Workflow.UsageError {
            throw Failure(message: error.description)
        }
    }
}

extension Workflow {
    /// `checkOutputBranches` with its refusal as a usage error (exit 2).
    static func requireOutputBranches(_ template: OutputTemplate, environments: [String], sources: [String], in repository: Repository) throws {
        do {
            try checkOutputBranches(template, environments: environments, sources: sources, in: repository)
        } catch let error as UsageError {
            throw Failure(message: error.description)
        }
    }
}
