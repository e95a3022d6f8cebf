import Model

/// The annotations that stop Argo CD and Flux from deleting an object once it leaves the bundle.
/// Emitters put them on the objects whose deletion destroys something: a Namespace (pruning it
/// deletes every workload, Secret and volume claim in it) and `kube-system/aws-auth` (pruning it
/// unmaps every node and person the ConfigMap authenticates). Sources: Argo CD user guide,
/// "Sync Options: No Prune Resources"; Flux kustomize-controller, Kustomization "Prune"
/// (docs/output.md, "Prune protection").
public enum PruneProtection {
    /// Argo CD skips pruning a resource with this sync option (the app shows OutOfSync instead).
    public static let argoCD = (key: "argocd.argoproj.io/sync-options", value: "Prune=false")
    /// Flux's kustomize-controller garbage collection skips objects annotated with this.
    public static let flux = (key: "kustomize.toolkit.fluxcd.io/prune", value: "disabled")

    /// The annotations a destructive object of `cluster` carries: both, unless its environment
    /// sets `pruneProtection: false`.
    public static func annotations(for cluster: ClusterAccess) -> [String: String] {
        annotations(protectingFromPrune: cluster.environment.protectsFromPrune)
    }

    /// Both annotations, or none.
    public static func annotations(protectingFromPrune protects: Bool) -> [String: String] {
        protects ? [argoCD.key: argoCD.value, flux.key: flux.value] : [:]
    }
}
