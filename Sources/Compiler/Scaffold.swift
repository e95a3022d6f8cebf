import Fragments

/// The starting point `rolecall init` writes: one environment with one cluster, one team, and
/// the policy a platform team should start from. Every value marked REPLACE is an AWS
/// documentation example to swap for a real one; as written it compiles cleanly. The fragments'
/// first line points yaml-language-server (VS Code's YAML extension, and others) at the JSON
/// Schema written beside them, so editors flag unknown keys as `rolecall check` does.
public enum Scaffold {
    /// The modeline for a fragment one folder below the repository root.
    public static let schemaModeline = "# yaml-language-server: $schema=../\(FragmentJSONSchema.fileName)"

    public static let files: [String: String] = [
        FragmentJSONSchema.fileName: FragmentJSONSchema.text(for: nil),
        "environments/dev.yaml": schemaModeline + "\n" + """
        # One Environment per file; the file name is its name. See docs/fragments.md.
        kind: Environment
        name: dev
        authMode: both            # configmap | api | both
        clusters:
          dev-1:                  # REPLACE with your EKS cluster name
            account: "111122223333"   # REPLACE
            region: eu-west-1
            nodeRoles: [arn:aws:iam::111122223333:role/eks-node-dev-1]   # REPLACE: your node group role
        groups:
          platform-admins:
            members: [arn:aws:iam::111122223333:role/eks-admin]   # REPLACE: your admin role
            clusterRoles: [cluster-admin]
        policy:
          breakGlass: [arn:aws:iam::111122223333:role/eks-admin]  # must reach cluster-admin in every cluster
          teamClusterRoles: [view, edit, admin]
          allowedAccounts: ["111122223333"]

        """,
        "teams/example.yaml": schemaModeline + "\n" + """
        # One Team per file. A team owns namespaces and grants access only inside them.
        kind: Team
        name: example
        namespaces: [example]
        groups:
          developers:
            members: [arn:aws:iam::111122223333:role/ExampleDeveloper]   # REPLACE
            access: {example: edit}

        """,
    ]
}
