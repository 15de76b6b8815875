import Foundation
import HTTPTypes
import ReelStore
import ReelTimeline

/// Shotstack's request bodies read as Reel's: an `Edit` is a native render request, since Reel's
/// timeline was modelled on it; a `Template` is a native template whose merge fields with a
/// `replace` are inputs with that default. What Reel does not render is refused by the native
/// validator with `UNSUPPORTED_FEATURE` naming its path, never ignored.
enum ShotstackEdit {
    static let editFields = ["timeline", "output", "merge", "callback", "disk"]

    /// The native render request an `Edit` body is: `disk` (where Shotstack keeps fetched assets) is
    /// a hint of Shotstack's own infrastructure and is dropped once checked; `timeline.cache` too.
    static func render(_ body: Data) throws -> Data {
        var fields = try object(body, describing: "an Edit: {timeline, output, merge, callback}")
        try checkFields(fields, allowed: editFields, at: "")
        try required(["timeline", "output"], in: fields, at: "")
        if let disk = fields.removeValue(forKey: "disk"), disk != .string("local"), disk != .string("mount") {
            throw APIError.invalidRequest("disk: must be local or mount", path: "disk")
        }
        if case .object(var timeline)? = fields["timeline"], let cache = timeline.removeValue(forKey: "cache") {
            guard case .bool = cache else { throw APIError.invalidRequest("timeline.cache: must be a boolean", path: "timeline.cache") }
            fields["timeline"] = .object(timeline)
        }
        return try JSONBody.encoder.encode(JSONValue.object(fields))
    }

    /// The native template a `Template` body `{name, template: Edit}` is; `callback` has no place on a
    /// native template and is refused, naming it.
    static func template(_ body: Data) throws -> Data {
        let fields = try object(body, describing: "a Template: {name, template}")
        try checkFields(fields, allowed: ["name", "template"], at: "")
        try required(["name", "template"], in: fields, at: "")
        guard case .object(let edit)? = fields["template"] else {
            throw APIError.invalidRequest("template: must be an Edit object {timeline, output, merge}", path: "template")
        }
        try checkFields(edit, allowed: editFields, at: "template.")
        if edit["callback"] != nil {
            throw APIError(.badRequest, "UNSUPPORTED_FEATURE", "template.callback: Reel keeps no callback with a template; a render's callback is set per render",
                details: ["path": .string("template.callback")])
        }
        try required(["timeline", "output"], in: edit, at: "template.")
        var native: [String: JSONValue] = ["name": fields["name"]!, "timeline": edit["timeline"]!, "output": edit["output"]!]
        if let merge = try mergeFields(edit["merge"], at: "template.merge") {
            native["inputs"] = .array(
                try merge.map { field in
                    var input: [String: JSONValue] = ["name": .string(field.find), "type": .string("string")]
                    switch field.replace {
                    case .string(let text)?:
                        input["default"] = .string(text)
                        input["type"] = .string(inputType(of: text))
                    case .number(let number)?:
                        input["default"] = .number(number)
                        input["type"] = .string("number")
                    case nil, .null?: break
                    default: throw APIError.invalidRequest("\(field.path).replace: must be a string or a number", path: "\(field.path).replace")
                    }
                    return .object(input)
                })
        }
        return try JSONBody.encoder.encode(JSONValue.object(native))
    }

    /// A `TemplateRender` body `{id, merge}`: the template's id and each merge field's `replace` by its `find`.
    static func templateRender(_ body: Data) throws -> (id: String, merge: [String: JSONValue]) {
        let fields = try object(body, describing: "a TemplateRender: {id, merge}")
        try checkFields(fields, allowed: ["id", "merge"], at: "")
        guard case .string(let id)? = fields["id"] else { throw APIError.invalidRequest("id: is required, the template's id", path: "id") }
        var input: [String: JSONValue] = [:]
        for field in try mergeFields(fields["merge"], at: "merge") ?? [] {
            guard let replace = field.replace else {
                throw APIError.invalidRequest("\(field.path).replace: is required", path: "\(field.path).replace")
            }
            input[field.find] = replace
        }
        return (id, input)
    }

    /// A `merge` array's fields, each with its path; nil when there is none.
    private static func mergeFields(_ value: JSONValue?, at path: String) throws -> [(find: String, replace: JSONValue?, path: String)]? {
        switch value {
        case nil, .null?: return nil
        case .array(let entries)?:
            return try entries.enumerated().map { index, entry in
                let path = "\(path)[\(index)]"
                guard case .object(let field) = entry, case .string(let find)? = field["find"], !find.isEmpty else {
                    throw APIError.invalidRequest("\(path).find: is required, a string", path: "\(path).find")
                }
                return (find, field["replace"], path)
            }
        default: throw APIError.invalidRequest("\(path): must be an array of {find, replace}", path: path)
        }
    }

    /// A template as `TemplateDataResponse.response.template` shows it: its inputs' defaults as merge fields.
    static func edit(of template: Template) throws -> JSONValue {
        let content = try template.content()
        var edit: [String: JSONValue] = ["timeline": content.timeline, "output": content.output]
        let merge: [JSONValue] = content.inputs.compactMap { input in
            switch input.defaultValue {
            case .string(let text)?: .object(["find": .string(input.name), "replace": .string(text)])
            case .number(let number)?: .object(["find": .string(input.name), "replace": .number(number)])
            case nil: nil
            }
        }
        if !merge.isEmpty { edit["merge"] = .array(merge) }
        return .object(edit)
    }

    /// `{{ find }}` replaced in every string; a string that is only the placeholder becomes the value itself.
    static func replacing(_ find: String, with replace: JSONValue, in value: JSONValue) -> JSONValue {
        let placeholders = ["{{\(find)}}", "{{ \(find) }}"]
        switch value {
        case .string(let text) where placeholders.contains(text): return replace
        case .string(let text):
            let replacement: String
            switch replace {
            case .string(let string): replacement = string
            case .number(let number): replacement = Self.text(of: number)
            case .bool(let bool): replacement = String(bool)
            default: return value
            }
            return .string(placeholders.reduce(text) { $0.replacingOccurrences(of: $1, with: replacement) })
        case .array(let values): return .array(values.map { replacing(find, with: replace, in: $0) })
        case .object(let fields): return .object(fields.mapValues { replacing(find, with: replace, in: $0) })
        default: return value
        }
    }

    /// The native input type a default's text suggests, so that a placeholder may stand in a colour or a
    /// URL field: Shotstack's merge fields have no types.
    static func inputType(of text: String) -> String {
        if text.hasPrefix("#"), [7, 9].contains(text.count), text.dropFirst().allSatisfy(\.isHexDigit) { return "color" }
        if text.lowercased().hasPrefix("http://") || text.lowercased().hasPrefix("https://") { return "url" }
        return "string"
    }

    /// `3` for 3.0, as a merge field's number is written into text.
    static func text(of number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// The body as a JSON object; an empty body is an empty object, so that what it lacks is named.
    private static func object(_ body: Data, describing what: String) throws -> [String: JSONValue] {
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return [:] }
        guard case .object(let fields)? = try? JSONValue.parse(body) else {
            throw APIError.invalidRequest("the body must be a JSON object: \(what)")
        }
        return fields
    }

    private static func checkFields(_ fields: [String: JSONValue], allowed: [String], at path: String) throws {
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalidRequest(
                "\(path)\(unknown): is not a field Shotstack defines here; they are \(allowed.joined(separator: ", "))", path: "\(path)\(unknown)")
        }
    }

    private static func required(_ names: [String], in fields: [String: JSONValue], at path: String) throws {
        if let missing = names.first(where: { fields[$0] == nil || fields[$0] == .null }) {
            throw APIError.invalidRequest("\(path)\(missing): is required", path: "\(path)\(missing)")
        }
    }
}
