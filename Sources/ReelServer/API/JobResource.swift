import Foundation
import ReelStore
import ReelTimeline

/// A job as the API shows it (the README's "The job"). Every field is present; absent values are null.
struct JobResource: Encodable, Equatable {
    struct Failure: Encodable, Equatable {
        var code: String
        var message: String
    }

    var id: String
    var type: String
    var status: String
    var stage: String?
    var progress: Double
    var url: String?
    var posterURL: String?
    var thumbnailURL: String?
    var duration: Double?
    var resolution: String?
    var fps: Double?
    var format: String?
    var fileSize: Int64?
    var creditsUsed: Int
    var error: Failure?
    var metadata: JSONValue?
    var attempts: Int
    var createdAt: Date
    var startedAt: Date?
    var completedAt: Date?
    var failedAt: Date?
    var canceledAt: Date?
    var renderTime: Double?
    var templateID: String?
    var projectID: String?
    var projectVersion: Int?
    /// The share page of a completed render.
    var viewerURL: String?
    /// A chunked render's parts (the README's "Chunked renders"); null for a render in one pass.
    var chunks: [ChunkResource]?

    struct ChunkResource: Encodable, Equatable {
        var index: Int
        var start: Double
        var end: Double
        var status: String
        var progress: Double
        var worker: String?

        /// Writes nulls explicitly, as the job does.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(status, forKey: .status)
            try container.encode(progress, forKey: .progress)
            try container.encode(worker, forKey: .worker)
        }

        enum CodingKeys: String, CodingKey {
            case index, start, end, status, progress, worker
        }
    }

    init(_ job: Job, signer: FileSigner, chunks: [JobChunk] = []) {
        id = job.id
        type = job.type
        status = job.status.rawValue
        stage = job.status == .processing ? job.stage : nil
        progress = (job.progress * 10).rounded() / 10
        if job.status == .completed {
            url = job.outputPath.map { signer.url(jobID: job.id, name: URL(fileURLWithPath: $0).lastPathComponent) }
            posterURL = job.posterPath.map { signer.url(jobID: job.id, name: URL(fileURLWithPath: $0).lastPathComponent) }
            thumbnailURL = job.thumbnailPath.map { signer.url(jobID: job.id, name: URL(fileURLWithPath: $0).lastPathComponent) }
            if job.lane == .render { viewerURL = signer.pageURL(.watch, id: job.id) }
        }
        duration = job.duration
        resolution = job.resolution
        fps = job.fps
        format = job.format
        fileSize = job.fileSize
        creditsUsed = job.creditsUsed
        if job.status == .failed, let code = job.errorCode {
            error = Failure(code: code, message: job.errorMessage ?? "")
        }
        metadata = job.metadata.flatMap { try? JSONValue.parse(Data($0.utf8)) }
        attempts = job.attempts
        createdAt = job.createdAt
        startedAt = job.startedAt
        completedAt = job.completedAt
        failedAt = job.failedAt
        canceledAt = job.canceledAt
        renderTime = job.renderTime
        templateID = job.templateID
        projectID = job.projectID
        projectVersion = job.projectVersion
        if job.chunkCount > 0 {
            self.chunks = chunks.map {
                ChunkResource(index: $0.index, start: $0.start, end: $0.end, status: $0.status.rawValue, progress: ($0.progress * 10).rounded() / 10, worker: $0.worker)
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, status, stage, progress, url, duration, resolution, fps, format, error, metadata, attempts
        case posterURL = "poster_url"
        case thumbnailURL = "thumbnail_url"
        case fileSize = "file_size"
        case creditsUsed = "credits_used"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case failedAt = "failed_at"
        case canceledAt = "canceled_at"
        case renderTime = "render_time"
        case templateID = "template_id"
        case projectID = "project_id"
        case projectVersion = "project_version"
        case viewerURL = "viewer_url"
        case chunks
    }

    /// Writes nulls explicitly: clients read every field of the job.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(status, forKey: .status)
        try container.encode(stage, forKey: .stage)
        try container.encode(progress, forKey: .progress)
        try container.encode(url, forKey: .url)
        try container.encode(posterURL, forKey: .posterURL)
        try container.encode(thumbnailURL, forKey: .thumbnailURL)
        try container.encode(duration, forKey: .duration)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(fps, forKey: .fps)
        try container.encode(format, forKey: .format)
        try container.encode(fileSize, forKey: .fileSize)
        try container.encode(creditsUsed, forKey: .creditsUsed)
        try container.encode(error, forKey: .error)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(completedAt, forKey: .completedAt)
        try container.encode(failedAt, forKey: .failedAt)
        try container.encode(canceledAt, forKey: .canceledAt)
        try container.encode(renderTime, forKey: .renderTime)
        try container.encode(templateID, forKey: .templateID)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(projectVersion, forKey: .projectVersion)
        try container.encode(viewerURL, forKey: .viewerURL)
        try container.encode(chunks, forKey: .chunks)
    }
}

/// A page of a list endpoint: `{data, next_cursor}`.
struct Page<Item: Encodable>: Encodable {
    var data: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
