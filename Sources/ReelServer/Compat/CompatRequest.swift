import ReelTimeline

extension JSONValue {
    /// The fields of an object in a vendor's request (the body itself when `path` is nil), refused
    /// naming the first field that is not one of `known`: vendors' documents list their fields.
    static func fields(of value: JSONValue?, at path: String? = nil, known: [String], in what: String) throws -> [String: JSONValue] {
        guard case .object(let fields)? = value else {
            throw APIError.invalidRequest(path.map { "\($0): must be an object" } ?? "the body must be a JSON object: {\(known.joined(separator: ", "))}", path: path)
        }
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            let named = path.map { "\($0).\(unknown)" } ?? unknown
            let list = known.dropLast().joined(separator: ", ") + " and " + known[known.count - 1]
            throw APIError.invalidRequest("\(named): is not a field of \(what); they are \(list)", path: named)
        }
        return fields
    }
}
