import GitStore
import Output

/// "Compile, then publish each environment", written once for the CLI, the bench and tests:
/// every environment of clean compilations goes to its branch under the output template, all
/// in one reference transaction (see `BranchPublisher`).
public enum Publication {
    /// One environment's bundle, and the request that writes it.
    public struct Item: Sendable {
        /// The source ref the bundle was compiled from (recorded as `Source-Ref`).
        public var ref: String
        /// The source commit.
        public var commit: String
        public var environment: String
        public var request: PublishRequest

        public init(ref: String, commit: String, environment: String, request: PublishRequest) {
            self.ref = ref
            self.commit = commit
            self.environment = environment
            self.request = request
        }
    }

    /// Every compiled environment of `compilations`, in order, with its output branch.
    public static func plan(_ compilations: [(ref: String, compilation: Compilation)], template: OutputTemplate) -> [Item] {
        compilations.flatMap { ref, compilation in
            let source = SourceInfo(ref: ref, commit: compilation.commit, tree: compilation.tree)
            return compilation.environments.map { environment in
                Item(ref: ref, commit: compilation.commit, environment: environment.spec.name,
                     request: PublishRequest(environment.bundle, source: source, branch: template.branch(for: environment.spec.name)))
            }
        }
    }

    /// Writes `items` (and the caller's own `alongside` moves, such as promotion's `env/<TO>`)
    /// in one transaction; outcomes in the order of `items`.
    public static func publish(_ items: [Item], alongside: [ReferenceUpdate] = [], in repository: Repository) throws -> [PublishOutcome] {
        try BranchPublisher(repository: repository).publish(items.map(\.request), alongside: alongside, compilerVersion: RolecallVersion.current)
    }

    /// `plan` then `publish`: what `rolecall compile` does once every compilation is clean.
    public static func publish(_ compilations: [(ref: String, compilation: Compilation)], template: OutputTemplate = .standard,
                               in repository: Repository) throws -> [(item: Item, outcome: PublishOutcome)] {
        let items = plan(compilations, template: template)
        return Array(zip(items, try publish(items, in: repository)))
    }
}
