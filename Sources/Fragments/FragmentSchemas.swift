/// The fragment formats (README "Fragment reference"), as schemas.
public enum FragmentSchemas {
    static let strings = Schema.list(.string)

    static let rule = Schema.object("rule", [
        "apiGroups": strings, "resources": strings, "verbs": strings,
        "resourceNames": strings, "nonResourceURLs": strings,
    ])
    static let role = Schema.object("role", ["rules": .list(rule)])

    static let member = Schema.scalarOrMapping(.string, .object("member", [
        "arn": .string, "username": .string,
    ]))

    static let cluster = Schema.object("cluster", [
        "account": .string, "region": .string, "labels": .map(.string),
        "nodeRoles": strings, "fargateRoles": strings, "windowsNodeRoles": strings,
        "hybridNodeRoles": strings, "autoModeNodeRoles": strings, "eksManagedNodeRoles": strings,
    ])

    /// One EKS access policy association: `{policy, scope: cluster}` or `{policy, namespaces: [...]}`.
    static let accessPolicy = Schema.object("access policy", [
        "policy": .string, "scope": .string, "namespaces": strings,
    ])

    static let platformGroup = Schema.object("platform group", [
        "members": .list(member), "clusterRoles": strings, "systemMasters": .bool,
        "accessPolicies": .list(accessPolicy),
    ])

    static let policy = Schema.object("policy", [
        "breakGlass": strings, "systemMasters": strings, "teamClusterRoles": strings, "allowedAccounts": strings,
        "reservedNamespaces": strings, "teamWildcards": .string, "teamAccessPolicies": strings,
    ])

    public static let environment = Schema.object("Environment", [
        "kind": .string, "name": .string, "extends": .stringOrList, "abstract": .bool,
        "promotesFrom": .string, "authMode": .string, "kubernetesVersion": .string, "plugins": strings,
        "clusters": .map(cluster), "clusterRoles": .map(role), "groups": .map(platformGroup),
        "accounts": strings, "policy": policy, "pruneProtection": .bool,
    ])

    static let teamGroup = Schema.object("team group", [
        "members": .list(member), "access": .map(.string),
        "accessPolicies": .list(.scalarOrMapping(.string, accessPolicy)),
    ])

    static let placement = Schema.object("placement", [
        "environments": strings, "clusters": strings, "clusterLabels": .map(.string),
    ])

    /// What an overlay may change: the keys of a Team that vary by environment or cluster.
    static let overlayFields: [String: Schema] = [
        "groups": .map(teamGroup), "roles": .map(role), "namespaces": strings, "placement": placement,
    ]

    public static let team: Schema = {
        var fields = overlayFields
        fields["kind"] = .string
        fields["name"] = .string
        fields["extends"] = .stringOrList
        fields["environments"] = .map(.object("overlay", overlayFields))
        fields["clusters"] = .map(.object("overlay", overlayFields))
        return .object("Team", fields)
    }()

    public static let overlay: Schema = {
        var fields = overlayFields
        fields["kind"] = .string
        fields["name"] = .string
        return .object("Overlay", fields)
    }()
}
