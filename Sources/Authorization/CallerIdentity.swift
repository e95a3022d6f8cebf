import Model

/// An ARN as people have it: a role or user ARN (with or without a path) or the assumed-role
/// session ARN `aws sts get-caller-identity` prints. The authenticator canonicalises a session
/// to its role, `arn:<partition>:iam::<account>:role/<name>`, path dropped.
public struct CallerIdentity: Sendable, Equatable {
    public var text: String
    /// The ARN mappings are compared with, case-insensitively.
    public var matchedARN: String
    public var account: String
    /// The session name, for `arn:...:sts::...:assumed-role/<role>/<session>`.
    public var sessionName: String?

    public init?(_ text: String) {
        guard let arn = ARN(text) else { return nil }
        self.text = text
        account = arn.account
        if arn.service == "sts", arn.resourceType == "assumed-role" {
            // ARN puts everything before the last slash in the path: `/Role/` for a session.
            let role = arn.path.split(separator: "/").last.map(String.init) ?? ""
            guard !role.isEmpty else { return nil }
            matchedARN = "arn:\(arn.partition):iam::\(arn.account):role/\(role)"
            sessionName = arn.name
        } else {
            matchedARN = arn.authenticatorForm
            sessionName = nil
        }
    }

    /// `template` as the authenticator renders it for this caller: `{{AccountID}}`,
    /// `{{SessionName}}` (with `@` as `-`), `{{SessionNameRaw}}`. Others stay as written: they
    /// depend on the caller's machine (`{{EC2PrivateDNSName}}`) or key (`{{AccessKeyID}}`).
    public func render(_ template: String) -> String {
        AuthenticatorTemplate.render(template, AuthenticatorTemplate.sessionValues(account: account, sessionName: sessionName))
    }
}
