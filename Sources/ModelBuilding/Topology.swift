import Diagnostics
import Model
import Resolver

/// Checks that span environments: cluster names unique across the repository and never an
/// environment name, promotion order acyclic, plugins known.
public enum Topology {
    /// `failed`: environments that did not load; naming one is not a second error.
    /// `emitters`: the names `plugins:` may use (the registry's emitters, in registration order).
    public static func check(_ environments: [EnvironmentSpec], emitters: [String], failed: Set<String> = []) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let names = Set(environments.map(\.name))
        var clusterOwners: [String: (String, SourceLocation)] = [:]
        for environment in environments {
            for cluster in environment.clusters {
                if names.contains(cluster.name) {
                    diagnostics.append(.error("cluster-name-clash", "cluster '\(cluster.name)' has the name of an environment; overlays could not tell them apart, rename the cluster", at: cluster.location))
                }
                if let (owner, location) = clusterOwners[cluster.name], owner != environment.name {
                    diagnostics.append(.error("duplicate-cluster", "cluster '\(cluster.name)' is in environments '\(owner)' and '\(environment.name)'; a cluster belongs to one environment (move shared clusters out of the common base)",
                                              at: cluster.location, notes: [.init("also defined here", at: location)]))
                } else {
                    clusterOwners[cluster.name] = (environment.name, cluster.location)
                }
            }
            var listed: [String: SourceLocation] = [:]
            for plugin in environment.plugins ?? [] {
                if !emitters.contains(plugin.value) {
                    diagnostics.append(.error("unknown-plugin", "unknown plugin '\(plugin.value)'; registered emitters: \(emitters.joined(separator: ", "))", at: plugin.location))
                } else if let first = listed[plugin.value] {
                    // Run twice, an emitter writes every file twice and kustomize refuses the duplicates.
                    diagnostics.append(.error("duplicate-plugin", "plugin '\(plugin.value)' is listed twice; list each emitter once", at: plugin.location, notes: [.init("first listed here", at: first)]))
                }
                listed[plugin.value] = listed[plugin.value] ?? plugin.location
            }
            if let from = environment.promotesFrom, !names.contains(from.value), !failed.contains(from.value) {
                diagnostics.append(.error("unknown-environment", "promotesFrom '\(from.value)' is not a compiled environment; name a concrete environment (known: \(names.sorted().joined(separator: ", ")))", at: from.location))
            }
        }
        for environment in environments {
            var seen: [String] = [environment.name]
            var current = environment
            while let from = current.promotesFrom?.value, let next = environments.first(where: { $0.name == from }) {
                if seen.contains(from) {
                    diagnostics.append(.error("promotion-cycle", "promotion order has a cycle: \((seen + [from]).joined(separator: " <- ")); remove one `promotesFrom` so the order starts somewhere", at: current.promotesFrom!.location))
                    break
                }
                seen.append(from)
                current = next
            }
        }
        return diagnostics
    }

    /// A placement naming an environment or cluster that does not exist places the team
    /// nowhere, silently: the kind of typo rolecall exists to catch.
    public static func checkPlacement(_ resolution: Resolution, all: [String]) -> [Diagnostic] {
        let clusters = Set(resolution.environments.values.flatMap { ($0.node["clusters"]?.entries ?? []).map(\.key) })
        let known = Set(resolution.environments.keys).union(resolution.failedEnvironments)
        // A failed environment's clusters are unknown: a cluster placement may name one of them.
        let clustersKnown = resolution.failedEnvironments.isEmpty
        var diagnostics: [Diagnostic] = []
        for team in resolution.teams.values {
            guard let placement = team.base["placement"] else { continue }
            for item in placement["environments"]?.sequence ?? [] where !known.contains(item.string ?? "") {
                diagnostics.append(.error("unknown-placement", "placement names environment '\(item.string ?? "")', which does not exist (known: \(all.joined(separator: ", "))); the team would be placed nowhere", at: item.location))
            }
            for item in placement["clusters"]?.sequence ?? [] where clustersKnown && !clusters.contains(item.string ?? "") {
                diagnostics.append(.error("unknown-placement", "placement names cluster '\(item.string ?? "")', which does not exist; the team would be placed nowhere", at: item.location))
            }
        }
        return diagnostics
    }

    /// A team whose placement no cluster of any environment matches is compiled and checked
    /// nowhere: what it asks for (a reserved namespace, a wildcard role) goes unreported until
    /// a cluster matches, and then fails that compile. A warning at its `placement:` (a team
    /// may be written before its clusters exist). Judged on the placement as each cluster sees
    /// it (overlays of the team and its templates included), as `EnvironmentTeams.placed(in:)`
    /// places teams. Left out: a placement with an explicitly empty list, which parks the team
    /// on purpose, and one naming an unknown environment or cluster (`unknown-placement`).
    public static func checkPlacementReach(_ resolution: Resolution, environments: [EnvironmentSpec]) -> [Diagnostic] {
        guard resolution.failedEnvironments.isEmpty else { return [] }
        let knownEnvironments = Set(resolution.environments.keys)
        let knownClusters = Set(environments.flatMap { $0.clusters.map(\.name) })
        var decoder = SpecDecoder()
        var diagnostics: [Diagnostic] = []
        for team in resolution.teams.values.sorted(by: { $0.name < $1.name }) {
            guard let node = team.base["placement"] else { continue }
            let own = decoder.placement(node)
            guard own.environments?.isEmpty != true, own.clusters?.isEmpty != true,
                  own.environments?.allSatisfy(knownEnvironments.contains) ?? true,
                  own.clusters?.allSatisfy(knownClusters.contains) ?? true else { continue }
            let reached = environments.contains { environment in
                guard let resolved = resolution.environments[environment.name] else { return false }
                let shared = team.overlays.isEmpty ? own : decoder.placement(team.effective(in: resolved, cluster: nil)["placement"])
                return environment.clusters.contains { cluster in
                    let placement = team.overlays[cluster.name] == nil ? shared : decoder.placement(team.effective(in: resolved, cluster: cluster.name)["placement"])
                    return placement.includes(environment: environment.name, cluster: cluster)
                }
            }
            guard !reached else { continue }
            diagnostics.append(.warning("placement-matches-nothing",
                                        "placement of team '\(team.name)' matches no cluster of any environment: the team is placed nowhere, and nothing compiles or checks its access until a cluster matches; correct `placement:` or label a cluster to match",
                                        at: node.location))
        }
        return diagnostics
    }

    /// Environments in promotion order: those promoted from nothing first, then each after the
    /// one it promotes from; ties by name.
    public static func promotionOrder(_ environments: [EnvironmentSpec]) -> [String] {
        var order: [String] = []
        var remaining = environments.sorted { $0.name < $1.name }
        while !remaining.isEmpty {
            let ready = remaining.filter { env in env.promotesFrom.map { order.contains($0.value) || !environments.contains { $0.name == env.promotesFrom!.value } } ?? true }
            let next = ready.isEmpty ? remaining : ready
            order += next.map(\.name)
            remaining.removeAll { env in next.contains { $0.name == env.name } }
        }
        return order
    }
}
