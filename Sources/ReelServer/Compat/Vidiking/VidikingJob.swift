import Foundation
import ReelStore
import ReelTimeline

/// A job as Vidiking's "Jobs & Rendering" shows it: upper-case statuses, `processing_started_at`,
/// and no credits used once a failure or a cancel refunded them.
enum VidikingJob {
    static let statuses: [Job.Status: String] = [
        .queued: "QUEUED", .processing: "PROCESSING", .completed: "COMPLETE", .failed: "FAILED", .canceled: "CANCELED",
    ]

    static func status(named name: String) -> Job.Status? { statuses.first { $0.value == name }?.key }

    static func shape(_ job: Job, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        let refunded = job.status == .failed || job.status == .canceled
        return .object([
            "id": .string(job.id),
            "status": .text(statuses[job.status]),
            "progress": .number(native.progress),
            "url": .text(native.url),
            "thumbnail_url": .text(native.thumbnailURL),
            "duration": .number(native.duration),
            "resolution": .text(native.resolution),
            "format": .text(native.format),
            "file_size": .count(native.fileSize),
            "credits_used": .number(refunded ? 0 : Double(native.creditsUsed)),
            "error": native.error.map { .object(["code": .string($0.code), "message": .string($0.message)]) } ?? .null,
            "metadata": native.metadata ?? .null,
            "created_at": .time(job.createdAt),
            "processing_started_at": .time(job.startedAt),
            "completed_at": .time(job.completedAt),
            "failed_at": .time(job.failedAt),
            "canceled_at": .time(job.canceledAt),
            "render_time": .number(job.renderTime),
        ])
    }
}
