import Foundation

/// The `merge` fields of a request: `{{NAME}}` placeholders and what replaces them.
struct MergeFields {
    private var replacements: [String: JSONValue] = [:]

    var isEmpty: Bool { replacements.isEmpty }

    /// Replaces `{{NAME}}` in the strings of `value` in one pass over each string: a replacement is
    /// never searched for placeholders again, so the result grows at most linearly with the request.
    /// A string that is exactly one placeholder takes the replacement's own type, so
    /// `"length": "{{LEN}}"` can become a number. Returns nil, with an issue at `path`, once the
    /// strings written pass `budget.maxBytes` of UTF-8 in all.
    func apply(to value: JSONValue, at path: String, budget: inout MergeBudget, log: IssueLog) -> JSONValue? {
        guard !isEmpty else { return value }
        // Only the string that went past the budget is named.
        guard !budget.isSpent else { return nil }
        switch value {
        case .string(let text):
            let merged = merge(text, budget: &budget)
            if merged == nil {
                log.invalid(path, "grows past \(budget.maxBytes) bytes once its merge fields are replaced")
            }
            return merged
        case .array(let items):
            var result: [JSONValue] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard let merged = apply(to: item, at: "\(path)[\(index)]", budget: &budget, log: log) else { return nil }
                result.append(merged)
            }
            return .array(result)
        case .object(let fields):
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(fields.count)
            for (key, field) in fields {
                guard let merged = apply(to: field, at: joinPath(path, key), budget: &budget, log: log) else { return nil }
                result[key] = merged
            }
            return .object(result)
        default:
            return value
        }
    }

    private func merge(_ text: String, budget: inout MergeBudget) -> JSONValue? {
        let whole = text.hasPrefix("{{") && text.hasSuffix("}}") && text.utf8.count > 4
        if whole, let replacement = replacements[String(text.dropFirst(2).dropLast(2))] {
            return budget.spend(replacement.mergeText?.utf8.count ?? 0) ? replacement : nil
        }
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let replacement = replacements[name]?.mergeText else {
                // Not a field: keep "{{" and look for a placeholder again right after it.
                guard budget.spend(rest[..<open.upperBound].utf8.count) else { return nil }
                result += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            guard budget.spend(rest[..<open.lowerBound].utf8.count + replacement.utf8.count) else { return nil }
            result += rest[..<open.lowerBound]
            result += replacement
            rest = rest[close.upperBound...]
        }
        guard budget.spend(rest.utf8.count) else { return nil }
        result += rest
        return .string(result)
    }

    /// Reads `merge` at the top of a request; of two fields with one name, the first wins.
    init(_ value: JSONValue?, log: IssueLog) {
        guard let value else { return }
        guard case .array(let items) = value else {
            log.invalid("merge", "must be an array, not \(value.typeName)")
            return
        }
        for (index, item) in items.enumerated() {
            guard let reader = ObjectReader(item, at: "merge[\(index)]", log: log) else { continue }
            let find = reader.string("find", required: true, maxLength: 256)
            let replace = reader.required("replace")
            reader.finish()
            if let find, find.isEmpty { log.invalid(reader.path("find"), "must not be empty") }
            if let replace, replace.mergeText == nil {
                log.invalid(reader.path("replace"), "must be a string, a number or a boolean")
            }
            if let find, !find.isEmpty, let replace, replace.mergeText != nil, replacements[find] == nil {
                replacements[find] = replace
            }
        }
    }
}

/// How many bytes of strings merge fields may write for one request, all strings together.
struct MergeBudget {
    let maxBytes: Int
    private(set) var spent = 0

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    var isSpent: Bool { spent > maxBytes }

    mutating func spend(_ bytes: Int) -> Bool {
        spent += bytes
        return spent <= maxBytes
    }
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
