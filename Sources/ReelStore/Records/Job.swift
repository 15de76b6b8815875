import Foundation
import GRDB

/// A job as the queue keeps it. Statuses and stages are the strings of the README's "The job".
public struct Job: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "jobs"

    /// Which workers run it: full renders, or the previews' lane of their own, so that a preview never
    /// waits behind long renders (the README's "Previews").
    public enum Lane: String, Codable, Sendable, CaseIterable {
        case render, preview
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case queued, processing, completed, failed, canceled

        public var isTerminal: Bool { self == .completed || self == .failed || self == .canceled }
    }

    public var id: String
    public var accountID: String
    public var type: String
    public var status: Status
    public var stage: String?
    public var progress: Double
    /// The request body as submitted, JSON.
    public var request: String
    public var callback: String?
    /// The request's `metadata`, JSON.
    public var metadata: String?
    public var creditsUsed: Int
    public var duration: Double?
    public var resolution: String?
    public var fps: Double?
    public var format: String?
    public var fileSize: Int64?
    public var outputPath: String?
    public var posterPath: String?
    public var thumbnailPath: String?
    public var errorCode: String?
    public var errorMessage: String?
    /// Renders started, including the one under way.
    public var attempts: Int
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// A retried job waits until then.
    public var runAfter: Date
    public var cancelRequested: Bool
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var failedAt: Date?
    public var canceledAt: Date?
    public var renderTime: Double?
    /// The template the job was rendered from, if any.
    public var templateID: String?
    /// The project the job was rendered from, if any, and the project's version then.
    public var projectID: String?
    public var projectVersion: Int?
    /// What the output depends on, hashed (the README's "Projects"): a project render with the same key needs no new job.
    public var contentKey: String?
    public var lane: Lane = .render
    /// The vendor-compatible API it was submitted through (the README's "Vendor-compatible APIs"), whose
    /// shape its webhook takes; nil for the native API.
    public var compatSurface: String?
    /// How many chunks the render was split into; 0 for a single pass.
    public var chunkCount = 0

    enum CodingKeys: String, CodingKey {
        case id, type, lane, status, stage, progress, request, callback, metadata, duration, resolution, fps, format, attempts
        case accountID = "account_id"
        case creditsUsed = "credits_used"
        case fileSize = "file_size"
        case outputPath = "output_path"
        case posterPath = "poster_path"
        case thumbnailPath = "thumbnail_path"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case runAfter = "run_after"
        case cancelRequested = "cancel_requested"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case failedAt = "failed_at"
        case canceledAt = "canceled_at"
        case renderTime = "render_time"
        case templateID = "template_id"
        case projectID = "project_id"
        case projectVersion = "project_version"
        case contentKey = "content_key"
        case compatSurface = "compat_surface"
        case chunkCount = "chunk_count"
    }
}
