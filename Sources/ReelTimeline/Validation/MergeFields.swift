import Foundation

/// Replaces `{{NAME}}` in the strings of `value`. A string that is exactly one
/// placeholder takes the replacement's own type, so `"length": "{{LEN}}"` can become a number.
func applyMergeFields(_ merge: [(find: String, replace: JSONValue)], to value: JSONValue) -> JSONValue {
    guard !merge.isEmpty else { return value }
    return value.mapStrings { text in
        for field in merge where text == "{{\(field.find)}}" {
            return field.replace
        }
        var result = text
        for field in merge {
            result = result.replacingAll("{{\(field.find)}}", with: field.replace.mergeText)
        }
        return .string(result)
    }
}

/// Reads `merge` at the top of a request.
func readMergeFields(_ value: JSONValue?, log: IssueLog) -> [(find: String, replace: JSONValue)] {
    guard let value else { return [] }
    guard case .array(let items) = value else {
        log.invalid("merge", "must be an array, not \(value.typeName)")
        return []
    }
    var fields: [(find: String, replace: JSONValue)] = []
    for (index, item) in items.enumerated() {
        guard let reader = ObjectReader(item, at: "merge[\(index)]", log: log) else { continue }
        let find = reader.string("find", required: true)
        let replace = reader.required("replace")
        reader.finish()
        if let find, find.isEmpty { log.invalid(reader.path("find"), "must not be empty") }
        if let replace, replace.mergeText == nil {
            log.invalid(reader.path("replace"), "must be a string, a number or a boolean")
        }
        if let find, !find.isEmpty, let replace, replace.mergeText != nil { fields.append((find, replace)) }
    }
    return fields
}

extension JSONValue {
    fileprivate var mergeText: String? {
        switch self {
        case .string(let text): text
        case .number(let number): format(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String?) -> String {
        guard let replacement, !target.isEmpty else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
