import Foundation
import ReelTimeline

/// Projects (the README's "Projects"): stored render requests, rendered again only when they changed.
extension ReelClient {
    /// Stores a project; `body` is a render request's JSON (`timeline`, `output`, `merge`, `metadata`) and an optional `name`.
    public func createProject(_ body: Data) async throws -> RemoteProject {
        try await send(.POST, "/v1/projects", body: body, headers: [("Content-Type", "application/json")])
    }

    public func projects(status: String? = nil, limit: Int = 20, cursor: String? = nil) async throws -> ProjectPage {
        var query = ["limit=\(limit)"]
        if let status { query.append("status=\(Self.escape(status))") }
        if let cursor { query.append("cursor=\(Self.escape(cursor))") }
        return try await send(.GET, "/v1/projects?" + query.joined(separator: "&"))
    }

    public func project(_ id: String) async throws -> RemoteProject {
        try await send(.GET, "/v1/projects/\(Self.escape(id))")
    }

    /// Replaces the project's request with `body`, which has the fields of a create; its version goes up by one.
    public func updateProject(_ id: String, _ body: Data) async throws -> RemoteProject {
        try await send(.PUT, "/v1/projects/\(Self.escape(id))", body: body, headers: [("Content-Type", "application/json")])
    }

    /// Cancels the project's running render and removes the project and its outputs; its jobs stay.
    public func deleteProject(_ id: String) async throws {
        let _: DeletedProject = try await send(.DELETE, "/v1/projects/\(Self.escape(id))")
    }

    /// Renders the project, `output` merged over its own; answers the job started, or the project's
    /// latest completed job when it already is this render.
    public func renderProject(_ id: String, output: [String: JSONValue] = [:], callback: String? = nil) async throws -> ProjectRenderResult {
        var body: [String: JSONValue] = [:]
        if !output.isEmpty { body["output"] = .object(output) }
        if let callback { body["callback"] = .string(callback) }
        return try await send(.POST, "/v1/projects/\(Self.escape(id))/renders", body: try JSONEncoder().encode(body), headers: [("Content-Type", "application/json")])
    }

    /// The project's jobs, newest first.
    public func projectRenders(_ id: String, limit: Int = 20, cursor: String? = nil) async throws -> JobPage {
        try await send(.GET, "/v1/projects/\(Self.escape(id))/renders?limit=\(limit)" + (cursor.map { "&cursor=\(Self.escape($0))" } ?? ""))
    }

    private struct DeletedProject: Decodable {
        var id: String
    }
}

/// A project as the API returns it.
public struct RemoteProject: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var version: Int
    public var status: String
    public var credits: Int
    public var format: String
    public var lastJobID: String?
    /// The latest completed render's output, signed.
    public var url: String?
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, version, status, credits, format, url
        case lastJobID = "last_job_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

public struct ProjectPage: Decodable, Sendable {
    public var data: [RemoteProject]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }
}

/// The answer to a project render: a new job, or the job that already rendered this output.
public struct ProjectRenderResult: Decodable, Sendable {
    public var job: RemoteJob
    /// True when nothing was started or charged: `job` is the project's latest completed render, whose content is the same.
    public var alreadyRendered: Bool

    enum CodingKeys: String, CodingKey {
        case job
        case alreadyRendered = "already_rendered"
    }

    /// A new job is the answer's whole body; an already rendered one comes as `{already_rendered, job}`.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alreadyRendered = try container.decodeIfPresent(Bool.self, forKey: .alreadyRendered) ?? false
        job = alreadyRendered ? try container.decode(RemoteJob.self, forKey: .job) : try RemoteJob(from: decoder)
    }
}
