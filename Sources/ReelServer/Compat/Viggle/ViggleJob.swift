import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// A job as Viggle's "Get Job Status" shows it, and nothing more: the status route may answer without
/// a key, so it never shows the request, its metadata, the account or its credits.
enum ViggleJob {
    static let statuses: [Job.Status: String] = [
        .queued: "queued", .processing: "processing", .completed: "complete", .failed: "failed", .canceled: "cancelled",
    ]

    static func shape(_ job: Job, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        return .object([
            "job_id": .string(job.id),
            "status": .text(statuses[job.status]),
            "mode": .null,
            "checkpoint": .text(job.status == .completed ? "render_done" : native.stage),
            "progress_pct": .number(native.progress),
            "cdn_url": .text(native.url),
            "mask_cdn_url": .null,
            "error_code": .text(native.error?.code),
            "error_message": .text(native.error?.message),
            // Renders are not split into chunks yet.
            "chunks": .array([]),
            "created_at": .time(job.createdAt),
            "completed_at": .time(job.completedAt),
        ])
    }

    /// `{"detail", "error_code"}`: the document shows no error body; this is the FastAPI shape its API answers with, plus Reel's code.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        try JSONBody.response(status: refusal.status, JSONValue.object(["detail": .string(refusal.messageNamingField), "error_code": .string(refusal.code)]))
    }
}
