import Foundation

/// A project as a create or replace body gives it (the README's "Projects"): a render request and an
/// optional `name`, read and checked as a render request is.
public struct ProjectDefinition: Sendable, Equatable {
    public var name: String?
    /// The request as the project keeps it: the body without `name`.
    public var request: JSONValue
    /// The request read, for pricing.
    public var render: RenderRequest

    /// Reads a body, refusing it with every issue's JSON path. A `callback` is refused: the project's
    /// renders are started by different callers at different times, so each render's body names its own.
    public static func parse(_ data: Data, options: ValidationOptions = ValidationOptions()) throws(TimelineValidationError)
        -> ProjectDefinition
    {
        var request = try JSONValue.parse(data)
        let log = IssueLog()
        var name: String?
        if case .object(var fields) = request {
            name = log.readingRequestFields {
                if let callback = fields["callback"], callback != .null {
                    log.invalid("callback", "a project keeps no callback: give it in the body of each render, POST /v1/projects/{id}/renders")
                }
                let name = ObjectReader(.object(["name": fields["name"] ?? .null]), at: "", log: log)?.string("name", maxLength: 200)
                if let name, name.isEmpty { log.invalid("name", "must not be empty") }
                return name
            }
            fields["name"] = nil
            request = .object(fields)
        }
        let render = RequestParser(log: log, options: options).request(request)
        guard let render, log.isEmpty else { throw log.error }
        return ProjectDefinition(name: name, request: request, render: render)
    }
}
