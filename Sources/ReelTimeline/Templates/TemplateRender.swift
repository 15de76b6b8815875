import Foundation

/// The body of a template render, `{input, callback, metadata, num_workers}` (the README's "Templates").
public enum TemplateRender {
    /// Reads `body` and returns the render request the template makes with its inputs: JSON to be read,
    /// priced and stored as any render's is. Throws `TimelineValidationError` for a body that is not such
    /// an object, and `TemplateInputError` naming every missing, unknown and ill-typed input.
    public static func request(body: Data, timeline: JSONValue, output: JSONValue, inputs: [TemplateInput]) throws -> JSONValue {
        let json = try JSONValue.parse(body)
        let log = IssueLog()
        let fields = log.readingRequestFields { () -> (given: [String: JSONValue], callback: JSONValue?, metadata: JSONValue?, workers: JSONValue?)? in
            guard let root = ObjectReader(json, at: "", log: log) else { return nil }
            var given: [String: JSONValue] = [:]
            switch root.value("input") {
            case .object(let fields)?: given = fields
            case nil: break
            case let other?: log.invalid(root.path("input"), "must be an object, not \(other.typeName)")
            }
            // Read where the request is, with the same paths, once it is made.
            let callback = root.value("callback")
            let metadata = root.value("metadata")
            let workers = root.value("num_workers")
            if let workers, WorkerCount(json: workers) == nil { log.invalid(root.path("num_workers"), WorkerCount.expectation) }
            root.finish()
            return (given, callback, metadata, workers)
        }
        guard let fields, log.isEmpty else { throw log.error }
        return templateRenderRequest(
            timeline: timeline, output: output, values: try values(fields.given, for: inputs), callback: fields.callback,
            metadata: fields.metadata, workers: fields.workers)
    }

    /// Each input's value: the one given, else its default.
    static func values(_ given: [String: JSONValue], for inputs: [TemplateInput]) throws(TemplateInputError) -> [String: TemplateValue] {
        var missing: [String] = []
        var invalid: [TemplateInputError.Refusal] = []
        var values: [String: TemplateValue] = [:]
        for input in inputs {
            guard let json = given[input.name], json != .null else {
                if let value = input.defaultValue { values[input.name] = value } else { missing.append(input.name) }
                continue
            }
            guard let value = input.kind.value(json) else {
                invalid.append(TemplateInputError.Refusal(name: input.name, reason: "must be \(input.kind.expectation), not \(json.typeName)"))
                continue
            }
            values[input.name] = value
        }
        let names = Set(inputs.map(\.name))
        let unknown = given.keys.filter { !names.contains($0) }
        guard missing.isEmpty, invalid.isEmpty, unknown.isEmpty else {
            throw TemplateInputError(missing: missing, unknown: unknown, invalid: invalid)
        }
        return values
    }
}

/// The inputs a template render got wrong, each list in a stable order and, like every refusal,
/// bounded: names beyond the first `IssueLog.maxListed` of a list are only counted.
public struct TemplateInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Refusal: Sendable, Equatable {
        public var name: String
        public var reason: String
    }

    /// Required inputs the render left out, in the template's order.
    public var missing: [String]
    /// Names the template has no input for, sorted.
    public var unknown: [String]
    /// Inputs given a value their kind cannot take, in the template's order.
    public var invalid: [Refusal]
    /// Names left out of the lists above.
    public var unlisted: Int

    init(missing: [String], unknown: [String], invalid: [Refusal]) {
        let limit = IssueLog.maxListed
        // A name given in the body may be as long as the body.
        self.unknown = smallest(limit, of: unknown).map { $0.count > IssueLog.maxPathLength ? $0.prefix(IssueLog.maxPathLength) + "…" : $0 }
        self.missing = Array(missing.prefix(limit))
        self.invalid = Array(invalid.prefix(limit))
        unlisted = missing.count + unknown.count + invalid.count - self.missing.count - self.unknown.count - self.invalid.count
    }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing inputs: " + missing.joined(separator: ", ")) }
        if !unknown.isEmpty { parts.append("unknown inputs: " + unknown.joined(separator: ", ")) }
        if !invalid.isEmpty { parts.append("invalid inputs: " + invalid.map { "\($0.name) \($0.reason)" }.joined(separator: ", ")) }
        if unlisted > 0 { parts.append("and \(unlisted) more") }
        return parts.joined(separator: "; ")
    }
}
