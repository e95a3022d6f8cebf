import Diagnostics
import Model
import Serialization

/// A file an emitter writes into a cluster's folder.
public struct EmittedFile: Sendable, Equatable {
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

/// Turns one cluster's access into files. Emitters run in the order an environment's
/// `plugins:` lists them; `packaging` emitters (kustomize) run after all `resources` ones
/// and see their files.
public protocol Emitter: Sendable {
    /// The name environments use in `plugins:`.
    var name: String { get }
    var stage: EmitterStage { get }
    func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile]
}

public enum EmitterStage: Int, Sendable, Comparable {
    case resources, packaging
    public static func < (lhs: EmitterStage, rhs: EmitterStage) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Emitter {
    public var stage: EmitterStage { .resources }
}

/// Checks one cluster's access and reports findings. Guards always run, whatever `plugins:` says:
/// safety is not optional.
public protocol Guard: Sendable {
    var name: String { get }
    func check(_ cluster: ClusterAccess) -> [Diagnostic]
}

/// Checks one cluster's emitted files after every emitter ran: the guarantees that must hold
/// for what is deployed (the aws-auth the authenticator reads, the access entries EKS holds,
/// the objects kustomize applies), not for what the fragments asked for. Always run.
public protocol BundleGuard: Sendable {
    var name: String { get }
    func check(_ cluster: ClusterAccess, files: [EmittedFile]) -> [Diagnostic]
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
}
