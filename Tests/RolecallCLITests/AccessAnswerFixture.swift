import Authorization
import Foundation
import GitStore
import Model
import TestSupport

/// A source with one environment per auth mode, compiled into rendered branches, and the
/// bundle of each cluster read back from its output branch.
enum AccessAnswerFixture {
    static let account = "111122223333"
    static func role(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }
    static let admin = role("eks-admin"), ops = role("ops"), observer = role("observer")
    static let developer = role("PaymentsDeveloper"), oncall = role("PaymentsOncall")
    static let ssoPath = role("aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Viewer_0a1b")
    static let modes: [(environment: String, cluster: String, mode: String)] = [
        ("cm", "cm-1", "configmap"), ("api", "api-1", "api"), ("mixed", "mixed-1", "both"), ("legacy", "legacy-1", "both"),
    ]
    /// `legacy` runs `both` but emits no access entries: aws-auth is then the only path.
    static let plugins = ["legacy": "plugins: [aws-auth, rbac, kustomize]\n"]

    static func environment(_ name: String, cluster: String, mode: String) -> String {
        """
        kind: Environment
        name: \(name)
        authMode: \(mode)
        \(plugins[name] ?? "")kubernetesVersion: "1.31"
        clusters:
          \(cluster):
            account: "\(account)"
            nodeRoles: [\(role("eks-node-" + cluster))]
        clusterRoles:
          node-observer:
            rules:
              - {apiGroups: [""], resources: [nodes], verbs: [get, list]}
              - {nonResourceURLs: [/metrics], verbs: [get]}
        groups:
          platform-admins:
            members: [\(admin)]
            clusterRoles: [cluster-admin]
          ops:
            members: [\(ops)]
            systemMasters: true
          observers:
            members: [\(observer)]
            clusterRoles: [node-observer]
        policy:
          breakGlass: [\(admin)]
          systemMasters: [\(ops)]

        """
    }

    static let team = """
    kind: Team
    name: payments
    namespaces: [payments, payments-batch]
    groups:
      developers:
        members: [\(developer), \(ssoPath)]
        access: {payments: edit, payments-batch: view}
      oncall:
        members: [\(oncall)]
        access: {"*": pod-debugger}
    roles:
      pod-debugger:
        rules: [{apiGroups: [""], resources: [pods, pods/log, pods/exec], verbs: [get, list, create]}]

    """

    static var files: [String: String] {
        var files = ["teams/payments.yaml": team]
        for (environment, cluster, mode) in modes { files["environments/\(environment).yaml"] = Self.environment(environment, cluster: cluster, mode: mode) }
        return files
    }

    /// Rendered files of `cluster` on `rendered/<environment>`, relative to the cluster folder.
    static func bundle(_ source: CLISource, environment: String, cluster: String) throws -> [String: String] {
        guard let tip = try source.tip("rendered/\(environment)") else { throw FixtureError("no rendered/\(environment)") }
        let prefix = "clusters/\(cluster)/"
        var files: [String: String] = [:]
        for (path, data) in try source.repository.files(in: try source.repository.commit(tip).tree) where path.hasPrefix(prefix) {
            files[String(path.dropFirst(prefix.count))] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    /// `matchedArn` (case-folded) → `can`/`may` for `request`, evaluated over the emitted files.
    static func expected(_ authorization: ClusterAuthorization, _ request: AuthorizationRequest) -> [String: String] {
        var answers: [String: String] = [:]
        for principal in authorization.principals {
            let grants = authorization.grants(for: principal, request)
            guard !grants.isEmpty else { continue }
            answers[principal.matchedARN.lowercased()] = grants.contains { $0.certainty == .can } ? "can" : "may"
        }
        return answers
    }
}
