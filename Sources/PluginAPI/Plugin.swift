import Diagnostics
import Model
import Serialization

/// A file an emitter writes into a cluster's folder.
public struct EmittedFile: Sendable, Hashable, Codable {
    /// Path relative to `clusters/<cluster>/`.
    public var path: String
    public var contents: String
    /// Whether the file holds Kubernetes manifests that `kustomization.yaml` should list.
    public var isKubernetesResource: Bool

    public init(path: String, contents: String, isKubernetesResource: Bool) {
        self.path = path
        self.contents = contents
        self.isKubernetesResource = isKubernetesResource
    }
}

/// What one call of a plugin covers: one cluster (aws-auth, RBAC), or a whole environment
/// (an Argo CD ApplicationSet listing every cluster).
public enum PluginScope: String, Sendable, Hashable, Codable {
    case cluster, environment
}

/// What every plugin declares. `version` belongs in any cache key of what the plugin produced:
/// built-ins report `builtin` (they change only with rolecall, whose version a cache key holds
/// anyway); a plugin shipped on its own declares its own.
public struct PluginInfo: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case emitter, `guard`, bundleGuard }
    public var name: String
    public var version: String
    public var scope: PluginScope
    public var kind: Kind

    public init(name: String, version: String, scope: PluginScope, kind: Kind) {
        self.name = name
        self.version = version
        self.scope = scope
        self.kind = kind
    }
}

/// What an emitter is given: Model values only, so the same request can cross a process
/// boundary (it is `Codable`) to a plugin that is not linked in.
public struct EmitterInput: Sendable, Hashable, Codable {
    public var environment: EnvironmentSpec
    /// The one cluster (scope `cluster`), or every cluster of the environment (scope `environment`).
    public var clusters: [ClusterAccess]
    /// What the emitters before this one returned for the same cluster (or environment).
    public var files: [EmittedFile]

    public init(environment: EnvironmentSpec, clusters: [ClusterAccess], files: [EmittedFile] = []) {
        self.environment = environment
        self.clusters = clusters
        self.files = files
    }
}

/// What an emitter returns: files for the cluster's folder (scope `cluster`) or the branch root
/// (scope `environment`), and findings with fragment locations.
public struct EmitterOutput: Sendable, Hashable, Codable {
    public var files: [EmittedFile]
    public var diagnostics: [Diagnostic]

    public init(files: [EmittedFile], diagnostics: [Diagnostic] = []) {
        self.files = files
        self.diagnostics = diagnostics
    }
}

/// A plugin that could not do its work (as opposed to findings about the input). The compile
/// reports it as an error at the environment's `plugins:` and writes nothing.
public struct PluginFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns access into files. Emitters run in the order an environment's `plugins:` lists them;
/// `packaging` emitters (kustomize) run after all `resources` ones and see their files.
/// Environment-scoped emitters run once per environment, after every cluster.
public protocol Emitter: Sendable {
    /// The name environments use in `plugins:`.
    var name: String { get }
    var version: String { get }
    var scope: PluginScope { get }
    var stage: EmitterStage { get }
    func render(_ input: EmitterInput) throws -> EmitterOutput
}

public enum EmitterStage: Int, Sendable, Comparable {
    case resources, packaging
    public static func < (lhs: EmitterStage, rhs: EmitterStage) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Emitter {
    public var version: String { "builtin" }
    public var stage: EmitterStage { .resources }
    public var info: PluginInfo { PluginInfo(name: name, version: version, scope: scope, kind: .emitter) }
}

/// The common emitter: one cluster's access in, files out, no findings, cannot fail.
public protocol ClusterEmitter: Emitter {
    func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile]
}

extension ClusterEmitter {
    public var scope: PluginScope { .cluster }

    public func render(_ input: EmitterInput) throws -> EmitterOutput {
        EmitterOutput(files: input.clusters.flatMap { emit($0, files: input.files) })
    }
}

/// Checks one cluster's access and reports findings. Guards always run, whatever `plugins:` says:
/// safety is not optional.
public protocol Guard: Sendable {
    var name: String { get }
    var version: String { get }
    func check(_ cluster: ClusterAccess) -> [Diagnostic]
}

extension Guard {
    public var version: String { "builtin" }
}

/// Checks one cluster's emitted files after every emitter ran: the guarantees that must hold
/// for what is deployed (the aws-auth the authenticator reads, the access entries EKS holds,
/// the objects kustomize applies), not for what the fragments asked for. Always run.
public protocol BundleGuard: Sendable {
    var name: String { get }
    var version: String { get }
    func check(_ cluster: ClusterAccess, files: [EmittedFile]) -> [Diagnostic]
}

extension BundleGuard {
    public var version: String { "builtin" }
}

/// The emitters and guards a compile uses. Built-in plugins register here exactly as a
/// third-party one would.
public struct PluginRegistry: Sendable {
    public private(set) var emitters: [any Emitter] = []
    public private(set) var guards: [any Guard] = []
    public private(set) var bundleGuards: [any BundleGuard] = []

    public init() {}

    public mutating func register(_ emitter: any Emitter) {
        precondition(!emitters.contains { $0.name == emitter.name }, "emitter '\(emitter.name)' registered twice")
        emitters.append(emitter)
    }

    public mutating func register(_ guard: any Guard) {
        precondition(!guards.contains { $0.name == `guard`.name }, "guard '\(`guard`.name)' registered twice")
        guards.append(`guard`)
    }

    public mutating func register(_ guard: any BundleGuard) {
        precondition(!bundleGuards.contains { $0.name == `guard`.name }, "bundle guard '\(`guard`.name)' registered twice")
        bundleGuards.append(`guard`)
    }

    public func emitter(named name: String) -> (any Emitter)? {
        emitters.first { $0.name == name }
    }

    public var emitterNames: [String] { emitters.map(\.name) }

    /// Every registered plugin with its version and scope, in registration order: what a cache
    /// of rendered output keys on, beside the inputs and rolecall's version.
    public var plugins: [PluginInfo] {
        emitters.map(\.info)
            + guards.map { PluginInfo(name: $0.name, version: $0.version, scope: .cluster, kind: .guard) }
            + bundleGuards.map { PluginInfo(name: $0.name, version: $0.version, scope: .cluster, kind: .bundleGuard) }
    }
}
