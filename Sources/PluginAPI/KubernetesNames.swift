import Foundation

/// AWS identifiers plugins validate.
public enum AWSNames {
    /// Why `name` cannot be an IAM role or user name, or nil: IAM allows 1 to 64 of
    /// `[A-Za-z0-9+=,.@_-]` (IAM API reference, CreateRole/CreateUser `RoleName`/`UserName`).
    public static func iamNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.utf8.count > 64 { return "the name has \(name.utf8.count) characters; IAM allows at most 64" }
        if let bad = name.unicodeScalars.first(where: { !isIAMNameCharacter($0) }) {
            return "the name contains \(describe(bad)), which IAM names never do (letters, digits and + = , . @ _ - only)"
        }
        return nil
    }

    /// Why `path` cannot be an IAM path, or nil: `/`, or `/segment/.../` of printable ASCII
    /// (`!` to `~`), at most 512 characters. Empty segments (`//`) are refused: no IAM tool makes them.
    public static func iamPathProblem(_ path: String) -> String? {
        if path == "/" { return nil }
        if path.utf8.count > 512 { return "the path is longer than 512 characters" }
        if let bad = path.unicodeScalars.first(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            return "the path contains \(describe(bad)), which IAM paths never do"
        }
        if path.contains("//") { return "the path has an empty segment ('//')" }
        return nil
    }

    private static func isIAMNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "+", "=", ",", ".", "@", "_", "-": true
        default: false
        }
    }

    /// A character named so that invisible ones show: `' '`, `U+200B`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        scalar.value >= 0x21 && scalar.value <= 0x7E ? "'\(scalar)'" : String(format: "U+%04X", scalar.value)
    }

    /// Account ids are exactly 12 digits (leading zeros included).
    public static func isAccountID(_ text: String) -> Bool {
        // Over the contiguous bytes: asked for every member of every cluster, twice.
        guard text.utf8.count == 12 else { return false }
        let isDigit: (UInt8) -> Bool = { $0 &- UInt8(ascii: "0") < 10 }
        return text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isDigit) } ?? text.utf8.allSatisfy(isDigit)
    }
}

/// Kubernetes and aws-iam-authenticator naming rules that several plugins check.
public enum KubernetesNames {
    /// ClusterRoles every cluster has; teams may only bind the ones policy allows.
    public static let builtinClusterRoles: Set<String> = ["cluster-admin", "admin", "edit", "view"]

    /// DNS-1123 label: what a namespace name must be.
    public static func isDNSLabel(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        return isLowerAlphanumeric(first) && isLowerAlphanumeric(last) && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// EKS cluster names: a letter or digit, then letters, digits, `-` and `_`, at most 100.
    public static func isClusterName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= 100, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// RBAC object names are path segments: no `/` or `%`, and not `.` or `..`.
    public static func isPathSegment(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !TextSearch.contains(name, ascii: "/") && !TextSearch.contains(name, ascii: "%")
    }

    /// A label value: at most 63 characters, alphanumeric at both ends, `-_.` inside.
    public static func isLabelValue(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return true }
        return bytes.count <= 63 && isAlphanumeric(first) && isAlphanumeric(last)
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// The placeholders aws-iam-authenticator expands in usernames and groups.
    public static let placeholders: Set<String> = ["AccountID", "SessionName", "SessionNameRaw", "EC2PrivateDNSName", "AccessKeyID"]

    /// Why a username or group template is broken (unknown or unbalanced `{{...}}`), or nil.
    /// The authenticator passes both through literally, so nothing else would notice.
    public static func placeholderProblem(_ text: String) -> String? {
        var rest = Substring(text)
        while let open = TextSearch.range(of: "{{", in: rest) {
            let after = rest[open.upperBound...]
            guard let close = TextSearch.range(of: "}}", in: after) else { return "'{{' without a closing '}}'" }
            let name = String(after[..<close.lowerBound])
            if name.contains("{") || name.contains("}") { return "unbalanced braces around '\(name)'" }
            if !placeholders.contains(name) {
                return "unknown placeholder '{{\(name)}}' (known: \(placeholders.sorted().map { "{{\($0)}}" }.joined(separator: ", ")))"
            }
            rest = after[close.upperBound...]
        }
        if rest.utf8.contains(UInt8(ascii: "{")) || rest.utf8.contains(UInt8(ascii: "}")) { return "unbalanced braces" }
        return nil
    }
}
