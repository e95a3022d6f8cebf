import Diagnostics
import Fragments

/// One environment after `extends`.
public struct ResolvedEnvironment: Sendable {
    public let name: String
    public let node: Node
    /// Environments it extends, in the linear order their patches applied in (their overlays
    /// apply in that order, before its own).
    public let ancestors: [String]
    public let isAbstract: Bool
    public let location: SourceLocation
}

/// One team after `extends`, with its overlays split out by target.
public struct ResolvedTeam: Sendable {
    public let name: String
    /// Templates (linearized) and the team merged, without `environments:` and `clusters:`.
    public let base: Node
    /// Overlays by environment or cluster name: the templates' inline ones in the linear order
    /// of `extends`, then the team's own (inline or file), each applied in turn.
    public let overlays: [String: [Node]]
    public let location: SourceLocation

    /// The team as it applies in `cluster` of `environment`: templates, team, overlays for the
    /// environment's ancestors in linear order (root first), the environment's, the cluster's.
    /// `cluster: nil` gives the team as it applies to every cluster without an overlay of its own.
    public func effective(in environment: ResolvedEnvironment, cluster: String?) -> Node {
        let targets = environment.ancestors + [environment.name] + (cluster.map { [$0] } ?? [])
        return MergePatch.merge([base] + targets.flatMap { overlays[$0] ?? [] }) ?? base
    }

    /// Whether an overlay applies in `environment` or one of its ancestors. Without one the team
    /// applies alike (`effective(in:cluster: nil)` merges nothing but its base) in every such environment.
    public func hasOverlay(in environment: ResolvedEnvironment) -> Bool {
        (environment.ancestors + [environment.name]).contains { overlays[$0]?.isEmpty == false }
    }
}

/// Resolves every environment and team of a `SourceSet`.
public struct Resolution: Sendable {
    public let environments: [String: ResolvedEnvironment]
    public let teams: [String: ResolvedTeam]
    public let diagnostics: [Diagnostic]
    /// Environments that have a file but did not load or resolve; their errors are the cause,
    /// and checks that would trip over their absence stay quiet instead of piling on.
    public let failedEnvironments: Set<String>

    public init(_ source: SourceSet) {
        var diagnostics = source.diagnostics
        let environmentGraph = InheritanceGraph(source.environments, what: "environment",
                                                unloaded: source.declaredEnvironments.subtracting(source.environments.keys))
        diagnostics += environmentGraph.diagnostics
        var environments: [String: ResolvedEnvironment] = [:]
        for (name, node) in environmentGraph.resolved {
            environments[name] = ResolvedEnvironment(
                name: name, node: node, ancestors: environmentGraph.ancestors[name] ?? [],
                isAbstract: node["abstract"]?.bool ?? false, location: source.environments[name]!.location)
        }
        self.environments = environments
        let failedEnvironments = source.declaredEnvironments.subtracting(environments.keys)
        self.failedEnvironments = failedEnvironments

        // Overlay targets: every environment (abstract ones too, for shared overlays) and every cluster.
        var clusterNames: Set<String> = []
        for environment in environments.values {
            for entry in environment.node["clusters"]?.entries ?? [] { clusterNames.insert(entry.key) }
        }
        let environmentNames = Set(environments.keys)

        let teamGraph = InheritanceGraph(source.teams, what: "team", collecting: ["environments", "clusters"])
        diagnostics += teamGraph.diagnostics
        var teams: [String: ResolvedTeam] = [:]
        for (name, merged) in teamGraph.resolved where !name.hasPrefix(FragmentPath.templatePrefix) {
            var overlays: [String: [Node]] = [:]
            var origins: [String: SourceLocation] = [:]
            let ownPath = source.teams[name]!.path
            func add(_ target: String, _ node: Node, at location: SourceLocation, inline: String?) {
                // An unknown target may be that environment or one of its clusters: unknowable.
                let unknowable = !environmentNames.contains(target) && !clusterNames.contains(target) && !failedEnvironments.isEmpty
                if unknowable { return }
                if let inline {
                    let isEnvironment = environmentNames.contains(target), isCluster = clusterNames.contains(target)
                    if (inline == "environments" && !isEnvironment) || (inline == "clusters" && !isCluster) {
                        let known = (inline == "environments" ? environmentNames : clusterNames).sorted().joined(separator: ", ")
                        diagnostics.append(.error("unknown-overlay-target", "overlay for unknown \(inline == "environments" ? "environment" : "cluster") '\(target)' in team '\(name)'",
                                                  at: location, notes: [.init("known: \(known.isEmpty ? "none" : known)")]))
                        return
                    }
                } else if !environmentNames.contains(target) && !clusterNames.contains(target) {
                    diagnostics.append(.error("unknown-overlay-target", "overlay file names '\(target)', which is neither an environment nor a cluster; name the file after one",
                                              at: location, notes: [.init("environments: \(environmentNames.sorted().joined(separator: ", ")); clusters: \(clusterNames.sorted().joined(separator: ", "))")]))
                    return
                }
                // The team's own inline overlay and its overlay file for one target are ambiguous;
                // a template's overlay simply applies first.
                if inline == nil || location.path == ownPath {
                    if let first = origins[target] {
                        diagnostics.append(.error("duplicate-overlay", "team '\(name)' has two overlays for '\(target)'; keep either the inline one or the file",
                                                  at: location, notes: [.init("the other overlay", at: first)]))
                        return
                    }
                    origins[target] = location
                }
                overlays[target, default: []].append(node)
            }
            for layer in teamGraph.collectedLayers[name] ?? [] {
                for section in ["environments", "clusters"] {
                    for entry in layer[section]?.entries ?? [] where !entry.value.isNull {
                        add(entry.key, entry.value, at: entry.keyLocation, inline: section)
                    }
                }
            }
            for file in source.overlays[name] ?? [] {
                add(file.name, file.root.removing(["kind", "name"]), at: file.location, inline: nil)
            }
            // `merged` holds no `environments`/`clusters`: the graph collected them instead.
            teams[name] = ResolvedTeam(name: name, base: merged, overlays: overlays, location: source.teams[name]!.location)
        }
        for (team, files) in source.overlays where source.teams[team] == nil {
            for file in files {
                diagnostics.append(.error("overlay-without-team", "overlay for team '\(team)', which has no teams/\(team)/team.yaml or teams/\(team).yaml that loads (fix that file's errors first)", at: file.location))
            }
        }
        self.teams = teams
        self.diagnostics = diagnostics
    }
}
