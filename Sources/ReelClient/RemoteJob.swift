import Foundation

/// A job as the API returns it (the README's "The job").
public struct RemoteJob: Decodable, Sendable, Equatable {
    public struct Failure: Decodable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    /// One part of a chunked render.
    public struct Chunk: Decodable, Sendable, Equatable {
        public var index: Int
        public var start: Double
        public var end: Double
        public var status: String
        public var progress: Double
        public var worker: String?
    }

    public var id: String
    public var status: String
    public var stage: String?
    public var progress: Double
    public var url: String?
    public var posterURL: String?
    public var thumbnailURL: String?
    public var duration: Double?
    public var resolution: String?
    public var format: String?
    public var fileSize: Int64?
    public var creditsUsed: Int
    public var error: Failure?
    public var createdAt: String
    public var renderTime: Double?
    public var templateID: String?
    public var projectID: String?
    public var projectVersion: Int?
    /// A chunked render's parts; nil for a render in one pass.
    public var chunks: [Chunk]?

    public var isTerminal: Bool { ["completed", "failed", "canceled"].contains(status) }

    enum CodingKeys: String, CodingKey {
        case id, status, stage, progress, url, duration, resolution, format, error, chunks
        case posterURL = "poster_url"
        case thumbnailURL = "thumbnail_url"
        case fileSize = "file_size"
        case creditsUsed = "credits_used"
        case createdAt = "created_at"
        case renderTime = "render_time"
        case templateID = "template_id"
        case projectID = "project_id"
        case projectVersion = "project_version"
    }
}

public struct JobPage: Decodable, Sendable {
    public var data: [RemoteJob]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }
}

public struct RenderCost: Decodable, Sendable {
    public var credits: Int
    public var duration: Double
    public var width: Int?
    public var height: Int?
    public var quality: String
}
