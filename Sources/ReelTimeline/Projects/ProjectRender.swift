import Foundation

/// The body of a project render, `{callback, num_workers, output}` (the README's "Projects").
public enum ProjectRender {
    /// The render request a project's stored request makes with a render's body: the body's `output`
    /// merged over the project's, and its `callback`. JSON to be read and priced as any render's is;
    /// an empty body asks for the project as it is. Throws `TimelineValidationError` for a body that
    /// is not such an object.
    public static func request(body: Data, project request: JSONValue) throws(TimelineValidationError) -> JSONValue {
        let json = body.isEmpty ? JSONValue.object([:]) : try JSONValue.parse(body)
        let log = IssueLog()
        let fields = log.readingRequestFields { () -> (callback: JSONValue?, workers: JSONValue?, output: [String: JSONValue])? in
            guard let root = ObjectReader(json, at: "", log: log) else { return nil }
            let workers = root.value("num_workers")
            if let workers, WorkerCount(json: workers) == nil { log.invalid(root.path("num_workers"), WorkerCount.expectation) }
            var output: [String: JSONValue] = [:]
            switch root.value("output") {
            case .object(let given)?: output = given
            case nil: break
            case let other?: log.invalid(root.path("output"), "must be an object, not \(other.typeName)")
            }
            // Read where the request is, with the same paths, once it is made.
            let callback = root.value("callback")
            root.finish()
            return (callback, workers, output)
        }
        guard let fields, log.isEmpty else { throw log.error }
        var made: [String: JSONValue] = if case .object(let stored) = request { stored } else { [:] }
        if let callback = fields.callback { made["callback"] = callback }
        if let workers = fields.workers { made["num_workers"] = workers }
        if !fields.output.isEmpty { made["output"] = overridden(made["output"], with: fields.output) }
        return .object(made)
    }

    /// `changes` merged over a project's output as a JSON merge patch (RFC 7396): a field given
    /// replaces the project's, `null` removes it, an object merges field by field. A frame size given
    /// one way drops the project's given the other (`size` against `resolution` and `aspectRatio`),
    /// which could not stand beside it.
    static func overridden(_ output: JSONValue?, with changes: [String: JSONValue]) -> JSONValue {
        var base: [String: JSONValue] = if case .object(let fields)? = output { fields } else { [:] }
        func given(_ key: String) -> Bool { changes[key].map { $0 != .null } ?? false }
        if given("size") {
            base["resolution"] = nil
            base["aspectRatio"] = nil
        }
        if given("resolution") || given("aspectRatio") { base["size"] = nil }
        return merged(.object(base), .object(changes))
    }

    private static func merged(_ target: JSONValue?, _ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var fields: [String: JSONValue] = if case .object(let existing)? = target { existing } else { [:] }
        for (key, value) in changes { fields[key] = value == .null ? nil : merged(fields[key], value) }
        return .object(fields)
    }
}
