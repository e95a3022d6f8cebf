/// Dumps of a realistic live cluster `legacy-eu-1` (account 111122223333, eu-west-1), as the
/// commands of docs/migrating.md print them: aws-auth with node, Windows and Fargate roles,
/// system:masters, SSO roles (path-less, as aws-auth needs them), custom usernames and IAM users;
/// RBAC across many teams' namespaces with system objects, a ServiceAccount binding and a binding
/// to a user nobody maps to; access entries for SSO roles with their paths and access policies.
public enum LiveDumpsFixture {
    /// An aws-auth dump (`kubectl get configmap aws-auth -o yaml`) whose mapRoles are `rows`,
    /// each line indented by four spaces.
    public static func awsAuth(mapRoles rows: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n" + rows
    }

    /// The rows every imported cluster needs: its node role and a system:masters admin.
    public static let nodeAndAdminRows = """
        - rolearn: arn:aws:iam::111122223333:role/node
          username: system:node:{{EC2PrivateDNSName}}
          groups: [system:bootstrappers, system:nodes]
        - rolearn: arn:aws:iam::111122223333:role/admin
          username: admin
          groups: [system:masters]

    """

    public static let awsAuth = """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: aws-auth
      namespace: kube-system
      resourceVersion: "4711"
    data:
      mapRoles: |
        - rolearn: arn:aws:iam::111122223333:role/eks-mng-node
          username: system:node:{{EC2PrivateDNSName}}
          groups:
            - system:bootstrappers
            - system:nodes
        - rolearn: arn:aws:iam::111122223333:role/eks-windows-node
          username: system:node:{{EC2PrivateDNSName}}
          groups:
            - system:bootstrappers
            - system:nodes
            - eks:kube-proxy-windows
        - rolearn: arn:aws:iam::111122223333:role/eks-fargate-pods
          username: system:node:{{SessionName}}
          groups:
            - system:bootstrappers
            - system:nodes
            - system:node-proxier
        - RoleARN: arn:aws:iam::111122223333:role/cluster-admin-role
          Username: admin
          Groups:
            - system:masters
        - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_PaymentsDev_0a1b2c3d4e5f6a7b
          username: payments-dev:{{SessionName}}
          groups:
            - payments-devs
        - rolearn: arn:aws:iam::111122223333:role/PaymentsDeveloper
          username: arn:aws:sts::111122223333:assumed-role/PaymentsDeveloper/{{SessionName}}
          groups:
            - payments-devs
        - rolearn: arn:aws:iam::111122223333:role/ci-deployer
          groups:
            - deployers
        - rolearn: arn:aws:iam::111122223333:role/ops
          username: ops:{{SessionName}}
          groups:
            - ops-readers
        - rolearn: arn:aws:iam::111122223333:role/SearchDev
          username: search:{{SessionName}}
          groups:
            - search-devs
      mapUsers: |
        - userarn: arn:aws:iam::111122223333:user/alice
          username: alice
        - userarn: arn:aws:iam::111122223333:user/bob
          username: bob
          groups:
            - billing-admins

    """

    public static let rbac = """
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Namespace
      metadata: {name: default}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: kube-system}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: payments}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: payments-batch}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: billing}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: search}
    - apiVersion: v1
      kind: Namespace
      metadata: {name: monitoring}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: batch-runner, namespace: payments-batch}
      rules:
      - apiGroups: [batch]
        resources: [jobs, cronjobs]
        verbs: [get, list, watch, create, delete]
      - apiGroups: [""]
        resources: [pods, pods/log]
        verbs: [get, list]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: search-indexer, namespace: search}
      rules:
      - apiGroups: [apps]
        resources: [deployments, deployments/scale]
        verbs: [get, list, update, patch]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: eks:addon-manager
        namespace: kube-system
        labels: {eks.amazonaws.com/component: addon-manager}
      rules:
      - apiGroups: ["*"]
        resources: ["*"]
        verbs: ["*"]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: namespace-lister}
      rules:
      - apiGroups: [""]
        resources: [namespaces]
        verbs: [get, list, watch]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: system:node
        labels: {kubernetes.io/bootstrapping: rbac-defaults}
      rules:
      - apiGroups: [""]
        resources: [nodes]
        verbs: [get, list]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: edit
        labels: {kubernetes.io/bootstrapping: rbac-defaults}
      aggregationRule:
        clusterRoleSelectors:
        - matchLabels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}
      rules:
      - apiGroups: [""]
        resources: [pods]
        verbs: [create, delete]
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: system:node-proxier
        labels: {kubernetes.io/bootstrapping: rbac-defaults}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:node-proxier}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:node-proxier}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: eks:podsecuritypolicy:authenticated}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: eks:podsecuritypolicy:privileged}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ops-view}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops-readers}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: ops-namespaces}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-lister}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: ops-readers}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: payments-devs-edit, namespace: payments}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: payments-devs}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: payments-devs-batch, namespace: payments-batch}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: batch-runner}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: payments-devs}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: ci, namespace: payments}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: ci, namespace: payments-batch}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: deployers}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: billing-admins, namespace: billing}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: billing-admins}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: alice-view, namespace: billing}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}
      - {apiGroup: rbac.authorization.k8s.io, kind: User, name: ghost}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: search-devs, namespace: search}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: search-indexer}
      subjects:
      - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: search-devs}
    - apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: prometheus, namespace: monitoring}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
      subjects:
      - {kind: ServiceAccount, name: prometheus, namespace: monitoring}

    """

    /// `aws eks describe-access-entry` and `list-associated-access-policies` for each entry,
    /// concatenated, as a shell loop writes them (with `list-access-entries` first).
    public static let accessEntries = """
    {
        "accessEntries": [
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c",
            "arn:aws:iam::111122223333:role/eks-mng-node",
            "arn:aws:iam::111122223333:role/eks-fargate-pods"
        ]
    }
    {
        "accessEntry": {
            "clusterName": "legacy-eu-1",
            "principalArn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b",
            "kubernetesGroups": [],
            "accessEntryArn": "arn:aws:eks:eu-west-1:111122223333:access-entry/legacy-eu-1/role/111122223333/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b/10c6",
            "username": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b/{{SessionName}}",
            "type": "STANDARD"
        }
    }
    {
        "clusterName": "legacy-eu-1",
        "principalArn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_1a2b3c4d5e6f7a8b",
        "associatedAccessPolicies": [
            {"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "accessScope": {"type": "cluster", "namespaces": []}}
        ]
    }
    {
        "accessEntry": {
            "clusterName": "legacy-eu-1",
            "principalArn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c",
            "kubernetesGroups": [],
            "accessEntryArn": "arn:aws:eks:eu-west-1:111122223333:access-entry/legacy-eu-1/role/111122223333/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c/22aa",
            "username": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c/{{SessionName}}",
            "type": "STANDARD"
        }
    }
    {
        "clusterName": "legacy-eu-1",
        "principalArn": "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SearchRead_2b3c4d5e6f7a8b9c",
        "associatedAccessPolicies": [
            {"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", "accessScope": {"type": "namespace", "namespaces": ["search"]}}
        ]
    }
    {
        "accessEntry": {
            "clusterName": "legacy-eu-1",
            "principalArn": "arn:aws:iam::111122223333:role/eks-mng-node",
            "kubernetesGroups": ["system:nodes"],
            "accessEntryArn": "arn:aws:eks:eu-west-1:111122223333:access-entry/legacy-eu-1/role/111122223333/eks-mng-node/33bb",
            "username": "system:node:{{EC2PrivateDNSName}}",
            "type": "EC2_LINUX"
        }
    }
    {
        "accessEntry": {
            "clusterName": "legacy-eu-1",
            "principalArn": "arn:aws:iam::111122223333:role/eks-fargate-pods",
            "kubernetesGroups": ["system:node-proxier", "system:nodes"],
            "accessEntryArn": "arn:aws:eks:eu-west-1:111122223333:access-entry/legacy-eu-1/role/111122223333/eks-fargate-pods/44cc",
            "username": "system:node:{{SessionName}}",
            "type": "FARGATE_LINUX"
        }
    }

    """
}
