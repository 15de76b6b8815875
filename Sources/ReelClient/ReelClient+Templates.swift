import Foundation
import ReelTimeline

/// Templates (the README's "Templates"): stored timelines with inputs, named by id or slug.
extension ReelClient {
    /// Stores a template; `body` is its JSON: `{name, slug?, description?, timeline, output, inputs?}`.
    public func createTemplate(_ body: Data) async throws -> RemoteTemplate {
        try await send(.POST, "/v1/templates", body: body, headers: [("Content-Type", "application/json")])
    }

    public func templates(limit: Int = 20, cursor: String? = nil) async throws -> TemplatePage {
        try await send(.GET, "/v1/templates?limit=\(limit)" + (cursor.map { "&cursor=\(Self.escape($0))" } ?? ""))
    }

    public func template(_ idOrSlug: String) async throws -> RemoteTemplate {
        try await send(.GET, "/v1/templates/\(Self.escape(idOrSlug))")
    }

    /// Replaces the template with `body`, which has the fields of a create.
    public func updateTemplate(_ idOrSlug: String, _ body: Data) async throws -> RemoteTemplate {
        try await send(.PUT, "/v1/templates/\(Self.escape(idOrSlug))", body: body, headers: [("Content-Type", "application/json")])
    }

    /// Removes the template and returns it as it was.
    public func deleteTemplate(_ idOrSlug: String) async throws -> RemoteTemplate {
        try await send(.DELETE, "/v1/templates/\(Self.escape(idOrSlug))")
    }

    /// Starts a render of the template with these inputs and returns its job, `queued`.
    public func renderTemplate(_ idOrSlug: String, input: [String: TemplateValue], idempotencyKey: String? = nil) async throws -> RemoteJob {
        var headers = [("Content-Type", "application/json")]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        return try await send(.POST, "/v1/templates/\(Self.escape(idOrSlug))/renders", body: try Self.renderBody(input), headers: headers)
    }

    public func templateCost(_ idOrSlug: String, input: [String: TemplateValue]) async throws -> RenderCost {
        try await send(.POST, "/v1/templates/\(Self.escape(idOrSlug))/cost", body: try Self.renderBody(input), headers: [("Content-Type", "application/json")])
    }

    /// Keys sorted: the same inputs must make the same body, which is what an idempotency key is matched with.
    private static func renderBody(_ input: [String: TemplateValue]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(["input": input])
    }
}

/// A template as the API returns it, without its timeline and output.
public struct RemoteTemplate: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var slug: String?
    public var description: String?
    public var inputs: [TemplateInput]
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, slug, description, inputs
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

public struct TemplatePage: Decodable, Sendable {
    public var data: [RemoteTemplate]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }
}
