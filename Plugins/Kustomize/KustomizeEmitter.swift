import Model
import PluginAPI
import Serialization

/// Writes `kustomization.yaml` listing every Kubernetes manifest the other emitters wrote, so
/// Argo CD and Flux apply exactly those (and not `access-entries.json`).
public struct KustomizeEmitter: ClusterEmitter {
    public let name = "kustomize"
    public let stage = EmitterStage.packaging

    public init() {}

    public func emit(_ cluster: ClusterAccess, files: [EmittedFile]) -> [EmittedFile] {
        let resources = files.filter(\.isKubernetesResource).map(\.path).sorted()
        let document = Document.map([
            ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")),
            ("kind", .string("Kustomization")),
            ("resources", .strings(resources)),
        ])
        return [EmittedFile(path: "kustomization.yaml", contents: YAMLWriter.write(document), isKubernetesResource: false)]
    }
}
