/// Input reaches reports (a key, an ARN, a path): it must never change their structure. A
/// newline in a message would print a second, forged `path:line:column: error:` line; a
/// `</details>` or `|` would end a markdown comment's fold or table cell.
public enum ReportEscaping {
    /// Control characters, line and paragraph separators and bidirectional overrides spelled out
    /// (`\n`, `\u{202E}`), so one finding is always one line and reads as what it is.
    public static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isUnsafe(scalar): out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A path as a text finding starts with it: quoted (with `line(_:)` escapes) when it holds
    /// anything but `[A-Za-z0-9._/@+=,-]`, so `teams/x:1:1: error: y.yaml` cannot pose as a location.
    public static func path(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "/", "@", "+", "=", ",", "-": true
            default: false
            }
        }
        return plain ? path : "\"" + line(path).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `line(_:)`, then what markdown and the HTML inside it would interpret, as entities.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for character in line(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "`": out += "&#96;"
            case "*": out += "&#42;"
            case "_": out += "&#95;"
            case "[": out += "&#91;"
            case "]": out += "&#93;"
            case "#": out += "&#35;"
            case "\\": out += "&#92;"
            default: out.append(character)
            }
        }
        return out
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
