import Foundation
import GRDB

/// One part of a chunked render (the README's "Chunked renders"): frames `startFrame..<endFrame` of its
/// job's output, a unit of the queue that any worker claims under a lease of its own.
public struct JobChunk: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "job_chunks"

    public enum Status: String, Codable, Sendable, CaseIterable {
        case queued, processing, completed, failed
    }

    public var jobID: String
    public var index: Int
    public var startFrame: Int
    public var endFrame: Int
    /// Seconds of the output, for clients.
    public var start: Double
    public var end: Double
    public var status: Status
    public var progress: Double
    /// The worker holding it, or the one that rendered it.
    public var worker: String?
    public var leaseExpiresAt: Date?
    public var attempts: Int
    public var errorMessage: String?

    public init(jobID: String, index: Int, startFrame: Int, endFrame: Int, start: Double, end: Double) {
        self.jobID = jobID
        self.index = index
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.start = start
        self.end = end
        status = .queued
        progress = 0
        attempts = 0
    }

    /// Taken by `worker` under a lease of `lease` seconds: by a claim, or by the worker that splits the job.
    public mutating func claim(by worker: String, lease: TimeInterval, now: Date) {
        status = .processing
        self.worker = worker
        leaseExpiresAt = now.addingTimeInterval(lease)
        attempts += 1
    }

    enum CodingKeys: String, CodingKey {
        case status, progress, worker, attempts
        case jobID = "job_id"
        // Not `index`, `start` and `end`: SQL keywords, which PostgreSQL or SQLite would need quoted.
        case index = "chunk_index"
        case start = "start_seconds"
        case end = "end_seconds"
        case startFrame = "start_frame"
        case endFrame = "end_frame"
        case leaseExpiresAt = "lease_expires_at"
        case errorMessage = "error_message"
    }
}
