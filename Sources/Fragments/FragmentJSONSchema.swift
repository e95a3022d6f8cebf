import Foundation

/// The fragment formats as JSON Schema (draft 2020-12), for editors (yaml-language-server) and CI
/// linters. Generated from `FragmentSchemas`, the tables the loader validates with, so the two
/// cannot drift; descriptions come from `FragmentSchemas.descriptions`.
///
/// The loader's rules, restated in schema terms: unknown keys are errors (`additionalProperties:
/// false`); `null` is allowed for every value (in a merge patch it deletes), but never as a list
/// item; a string field takes any scalar, because the loader reads scalars as text (`account:
/// 111122223333` is read as the text "111122223333"; quote it anyway, YAML would drop leading zeros).
public enum FragmentJSONSchema {
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"
    /// The file `rolecall init` writes the schema to, which scaffolded fragments point at.
    public static let fileName = "rolecall.schema.json"

    public static func kinds() -> [Fragment.Kind] { [.environment, .team, .overlay] }

    /// The schema of one kind, or of any fragment (one of the three, told apart by `kind`).
    public static func document(for kind: Fragment.Kind?) -> [String: Any] {
        var document: [String: Any] = ["$schema": dialect]
        if let kind {
            document["title"] = "rolecall \(kind.rawValue) fragment"
            document.merge(fragment(kind), uniquingKeysWith: { $1 })
        } else {
            document["title"] = "rolecall fragment (Environment, Team or Overlay)"
            document["description"] = "A fragment under environments/ or teams/ of a repository compiled by rolecall; `kind` selects its format."
            document["$defs"] = Dictionary(uniqueKeysWithValues: kinds().map { ($0.rawValue, fragment($0)) })
            document["oneOf"] = kinds().map { ["$ref": "#/$defs/\($0.rawValue)"] }
        }
        return document
    }

    /// `document(for:)` as JSON text: keys sorted, two-space indentation, a final newline.
    public static func text(for kind: Fragment.Kind?) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: document(for: kind), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func table(_ kind: Fragment.Kind) -> Schema {
        switch kind {
        case .environment: FragmentSchemas.environment
        case .team: FragmentSchemas.team
        case .overlay: FragmentSchemas.overlay
        }
    }

    static func fragment(_ kind: Fragment.Kind) -> [String: Any] {
        var schema = json(table(kind), nullable: false)
        schema["required"] = ["kind", "name"]
        var properties = schema["properties"] as? [String: Any] ?? [:]
        var kindProperty = properties["kind"] as? [String: Any] ?? [:]
        kindProperty.removeValue(forKey: "type")
        kindProperty["const"] = kind.rawValue
        properties["kind"] = kindProperty
        schema["properties"] = properties
        schema["type"] = "object"
        return schema
    }

    static func types(_ base: String, nullable: Bool) -> Any { nullable ? [base, "null"] : base }

    static func json(_ schema: Schema, nullable: Bool) -> [String: Any] {
        switch schema {
        case .string:
            return ["type": nullable ? ["string", "number", "boolean", "null"] : ["string", "number", "boolean"]]
        case .bool:
            return ["type": types("boolean", nullable: nullable)]
        case .list(let item):
            return ["type": types("array", nullable: nullable), "items": json(item, nullable: false)]
        case .map(let value):
            return ["type": types("object", nullable: nullable), "additionalProperties": json(value, nullable: true)]
        case .object(let name, let fields):
            var properties: [String: Any] = [:]
            for (key, field) in fields {
                var property = json(field, nullable: true)
                if let description = FragmentSchemas.description(of: key, in: name) { property["description"] = description }
                properties[key] = property
            }
            return ["type": types("object", nullable: nullable), "title": name, "properties": properties, "additionalProperties": false]
        case .scalarOrMapping(let scalar, let mapping):
            return ["anyOf": [json(scalar, nullable: nullable), json(mapping, nullable: nullable)]]
        case .stringOrList:
            return ["anyOf": [json(.string, nullable: nullable), json(.list(.string), nullable: nullable)]]
        }
    }
}
