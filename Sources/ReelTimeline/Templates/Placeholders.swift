/// The names of the `{{NAME}}` placeholders in the strings of `value`, found as merge fields find
/// them: after a `{{` that opens no name, the search goes on right after it.
func placeholderNames(in value: JSONValue, into names: inout Set<String>) {
    switch value {
    case .string(let text):
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if TemplateInput.isName(name) {
                names.insert(name)
                rest = rest[close.upperBound...]
            } else {
                rest = rest[open.upperBound...]
            }
        }
    case .array(let items):
        for item in items { placeholderNames(in: item, into: &names) }
    case .object(let fields):
        for field in fields.values { placeholderNames(in: field, into: &names) }
    case .null, .bool, .number:
        break
    }
}
