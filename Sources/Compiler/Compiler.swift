import Diagnostics
import GitStore
import Model
import Output
import PluginAPI
import Resolver

public enum RolecallVersion {
    public static let current = "0.1.0"
}

/// The result of compiling one commit.
public struct Compilation: Sendable {
    public struct Environment: Sendable {
        public var spec: EnvironmentSpec
        public var clusters: [ClusterAccess]
        public var bundle: RenderedBundle
    }

    public var commit: String
    public var tree: String
    public var resolution: Resolution
    public var environments: [Environment]
    public var diagnostics: [Diagnostic]
    /// Every environment defined at the commit, compiled or not, in promotion order.
    public var environmentOrder: [String]
    /// Every concrete environment defined at the commit, compiled or not.
    public var definedEnvironments: [EnvironmentSpec]
    /// Environments whose files did not load or resolve (their errors are in `diagnostics`).
    public var failedEnvironments: Set<String>

    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// git tree in, checked bundles out: `SourceLoader` reads the commit (parses cached by blob
/// id), `Pipeline` does the rest. Plugins come in through the registry; this module never
/// imports one.
public final class Compiler {
    public let repository: Repository
    public let registry: PluginRegistry
    public let loader: SourceLoader
    public var strict = false

    public init(repository: Repository, registry: PluginRegistry) {
        self.repository = repository
        self.registry = registry
        self.loader = SourceLoader(repository: repository)
    }

    /// The git-free stages this compiler runs.
    public var pipeline: Pipeline { Pipeline(registry: registry, strict: strict) }

    /// Compiles `environments` (nil: every concrete environment) at `commit`.
    public func compile(commit: ObjectID, environments selected: [String]? = nil) throws -> Compilation {
        let loaded = try loader.load(commit: commit)
        return pipeline.compile(loaded.source, findings: loaded.diagnostics, commit: commit.hex, tree: loaded.tree.hex, environments: selected)
    }
}
