/// An IAM ARN taken apart: `arn:<partition>:<service>:<region>:<account>:<resource>`.
public struct ARN: Hashable, Sendable, Codable {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resourceType: String
    /// Path between the resource type and the name, `/` on both ends (`/` when there is none).
    public var path: String
    public var name: String
    /// The ARN as written.
    public var text: String

    public init?(_ text: String) {
        self.text = text
        // Nearly every ARN is ASCII, where each byte is a Character and a byte scan finds the same
        // `:` and `/` as a Character scan; elsewhere a `:` or `/` may carry a combining mark.
        // `byBytes` is nil when the bytes were not read (not contiguous, not ASCII).
        let byBytes: Fields?? = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } ? Self.asciiFields($0) : nil } ?? nil
        guard let fields = byBytes ?? Self.fields(text) else { return nil }
        (partition, service, region, account, resourceType, path, name) = fields
    }

    typealias Fields = (partition: String, service: String, region: String, account: String, resourceType: String, path: String, name: String)

    /// The fields split on Characters: `arn:<partition>:<service>:<region>:<account>:<type>/<path/><name>`.
    static func fields(_ text: String) -> Fields? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        let resource = parts[5]
        guard let slash = resource.firstIndex(of: "/") else { return nil }
        let rest = resource[resource.index(after: slash)...]
        guard let lastSlash = rest.lastIndex(of: "/") else {
            return (parts[1], parts[2], parts[3], parts[4], String(resource[..<slash]), "/", String(rest))
        }
        return (parts[1], parts[2], parts[3], parts[4], String(resource[..<slash]), "/" + rest[..<lastSlash] + "/",
                String(rest[rest.index(after: lastSlash)...]))
    }

    /// `fields` for ASCII text, by bytes: the same fields without splitting into an array first.
    static func asciiFields(_ text: String) -> Fields? {
        var text = text
        return text.withUTF8 { asciiFields($0) } ?? nil
    }

    /// `asciiFields` over contiguous ASCII bytes; `.some(nil)` when they are no ARN.
    static func asciiFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Fields?? {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        // The first five colons, without an array: this runs for every member of every cluster.
        var first = -1, second = -1, third = -1, fourth = -1, fifth = -1
        for offset in bytes.indices where bytes[offset] == UInt8(ascii: ":") {
            if first < 0 { first = offset } else if second < 0 { second = offset } else if third < 0 { third = offset }
            else if fourth < 0 { fourth = offset } else { fifth = offset; break }
        }
        guard fifth >= 0, first == 3, bytes[0] == UInt8(ascii: "a"), bytes[1] == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "n"),
              second > first + 1, third > second + 1 else { return .some(nil) }
        let resourceStart = fifth + 1
        guard let slash = bytes[resourceStart...].firstIndex(of: UInt8(ascii: "/")) else { return .some(nil) }
        // Each field its own constant, moved into the result: a tuple of the first five was
        // copied (five retains) into each result, for every member of every cluster.
        let partition = text(first + 1..<second), service = text(second + 1..<third), region = text(third + 1..<fourth)
        let account = text(fourth + 1..<fifth), resourceType = text(resourceStart..<slash)
        guard let lastSlash = bytes[(slash + 1)...].lastIndex(of: UInt8(ascii: "/")) else {
            return (partition, service, region, account, resourceType, "/", text(slash + 1..<bytes.count))
        }
        return (partition, service, region, account, resourceType, text(slash..<lastSlash + 1), text(lastSlash + 1..<bytes.count))
    }

    /// The role or user ARN without its path.
    public var pathless: String { "arn:\(partition):\(service)::\(account):\(resourceType)/\(name)" }

    /// What aws-iam-authenticator compares a mapping against: a role session is canonicalised to
    /// the path-less role ARN, an IAM user's ARN is kept as it is, path included (pkg/arn).
    public var authenticatorForm: String {
        // A role ARN with no region and no path is its own path-less form: the text, not rebuilt.
        resourceType == "role" && !(region.isEmpty && path == "/") ? pathless : text
    }

    /// `text.lowercased()`, without the copy when there is nothing to lower: ARNs are compared
    /// case-folded, several times for each identity of every cluster, and nearly all are
    /// lowercase ASCII already.
    public static func caseFolded(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable(isLowercaseASCII)
        return plain == true ? text : text.lowercased()
    }

    /// Whether every byte is ASCII and none is a capital, eight bytes at a time: for a word of
    /// ASCII bytes (each below 0x80, so no sum below carries into the next byte), `w + 0x3F…`
    /// sets a byte's high bit when it is above 0x40 and `w + 0x25…` when it is above 0x5A;
    /// a capital is a byte with the first and not the second.
    static func isLowercaseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if word & high != 0 { return false }
            if (word &+ 0x3F &* ones) & ~(word &+ 0x25 &* ones) & high != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) { return false }
            index += 1
        }
        return true
    }

    /// What two principals are compared by, as the authenticator and EKS match them: the
    /// authenticator form of `text`, case-folded. An `Identity` holds its form already: its
    /// `authenticatorKey` is the same key.
    public static func authenticatorKey(_ text: String) -> String {
        caseFolded(authenticatorForm(text))
    }

    /// `authenticatorForm` of `text`, or `text` itself when it is no ARN.
    public static func authenticatorForm(_ text: String) -> String {
        isOwnAuthenticatorForm(text) ? text : ARN(text)?.authenticatorForm ?? text
    }

    /// Whether `text` is an ASCII ARN that is its own authenticator form (a user, or a role with
    /// no region and no path), found by one byte scan without building the fields: the form of
    /// every access entry is asked for when the lockout proof reads them back.
    static func isOwnAuthenticatorForm(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isOwnAuthenticatorForm) ?? Array(text.utf8).withUnsafeBufferPointer(isOwnAuthenticatorForm)
    }

    private static func isOwnAuthenticatorForm(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var colons = 0, fieldStart = 0, slashes = 0, isRole = false
        var prefixIsARN = false, partitionIsEmpty = true, serviceIsEmpty = true, regionIsEmpty = true
        var typeStart = -1
        for offset in bytes.indices {
            let byte = bytes[offset]
            guard byte < 0x80 else { return false }
            if colons < 5, byte == UInt8(ascii: ":") {
                let length = offset - fieldStart
                switch colons {
                case 0: prefixIsARN = length == 3
                case 1: partitionIsEmpty = length == 0
                case 2: serviceIsEmpty = length == 0
                case 3: regionIsEmpty = length == 0
                default: typeStart = offset + 1
                }
                colons += 1
                fieldStart = offset + 1
            } else if colons == 5, byte == UInt8(ascii: "/") {
                if slashes == 0 { isRole = offset - typeStart == 4 && bytes[typeStart..<offset].elementsEqual("role".utf8) }
                slashes += 1
            }
        }
        guard colons == 5, prefixIsARN, bytes.starts(with: "arn:".utf8), !partitionIsEmpty, !serviceIsEmpty, slashes > 0 else { return false }
        return !isRole || (regionIsEmpty && slashes == 1)
    }

    /// The username EKS access entries give this principal by default, used in aws-auth too
    /// so a person is the same Kubernetes user in either authentication mode.
    public var defaultUsername: String {
        guard resourceType == "role" else { return text }
        return String(concatenating: "arn:", partition, ":sts::", account, ":assumed-role/", name, "/{{SessionName}}")
    }
}
