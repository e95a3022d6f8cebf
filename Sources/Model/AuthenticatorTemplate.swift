import Foundation

/// aws-iam-authenticator's username and group templates, rendered once for everyone who needs
/// them (explain, the lockout proof), so they cannot disagree with each other or with FACTS.
public enum AuthenticatorTemplate {
    /// `template` with every placeholder named in `values` (`SessionName`, ...) replaced; the
    /// others stay as written, as the authenticator leaves unknown ones.
    public static func render(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { text, value in text.replacingOccurrences(of: "{{\(value.key)}}", with: value.value) }
    }

    /// What a role session gives: `{{SessionName}}` with `@` as `-`, `{{SessionNameRaw}}` as is.
    public static func sessionValues(account: String, sessionName: String?) -> [String: String] {
        var values = ["AccountID": account]
        if let sessionName {
            values["SessionName"] = sessionName.replacingOccurrences(of: "@", with: "-")
            values["SessionNameRaw"] = sessionName
        }
        return values
    }
}
