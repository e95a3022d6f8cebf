/// The RBAC objects of an emitted file, read back from the YAML rolecall writes (block style,
/// two-space indent), so tests assert on what is deployed rather than on the model.
struct EmittedObject: Equatable {
    /// `kind`, `metadata.name`, `metadata.namespace`, `roleRef.kind`, `roleRef.name`, ...
    var fields: [String: String] = [:]
    /// Lists one level down, every rule's concatenated: `rules.verbs`, `rules.resources`, ...
    var lists: [String: [String]] = [:]

    /// `namespace/name -> Kind role` for a RoleBinding.
    var binding: String {
        "\(fields["metadata.namespace"] ?? "")/\(fields["metadata.name"] ?? "") -> \(fields["roleRef.kind"] ?? "") \(fields["roleRef.name"] ?? "")"
    }

    static func parse(_ yaml: String) -> [EmittedObject] {
        yaml.components(separatedBy: "---\n").compactMap { document in
            var object = EmittedObject(), section = "", key = ""
            for raw in document.split(separator: "\n").map(String.init) {
                if !raw.hasPrefix(" ") && !raw.hasPrefix("- ") {
                    let parts = raw.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    section = parts[0]
                    if parts.count == 2, !parts[1].isEmpty { object.fields[section] = parts[1] }
                    continue
                }
                // A list item of the section (`- apiGroups:`) opens a mapping at the same depth as `  key:`.
                let line = raw.hasPrefix("- ") ? "  " + raw.dropFirst(2) : raw
                if line.hasPrefix("  - ") {
                    object.lists["\(section).\(key)", default: []].append(String(line.dropFirst(4)))
                } else if line.hasPrefix("  "), !line.hasPrefix("   ") {
                    let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    key = parts[0]
                    if parts.count == 2, !parts[1].isEmpty { object.fields["\(section).\(key)"] = parts[1] }
                }
            }
            return object.fields.isEmpty ? nil : object
        }
    }
}
