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

    /// A chunked render's chunks show as `{index, start, end, status, progress}`: not the worker, which the
    /// status route, open without a key, keeps to itself.
    static func shape(_ job: Job, chunks: [JobChunk] = [], signer: FileSigner) -> JSONValue {
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
            "chunks": .array(chunks.map { chunk in
                .object([
                    "index": .count(chunk.index), "start": .number(chunk.start), "end": .number(chunk.end),
                    "status": .string(chunk.status.rawValue), "progress": .number((chunk.progress * 10).rounded() / 10),
                ])
            }),
            "created_at": .time(job.createdAt),
            "completed_at": .time(job.completedAt),
        ])
    }

    /// `{"detail", "error_code"}`: the document shows no error body; this is the FastAPI shape its API answers with, plus Reel's code.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        try JSONBody.response(status: refusal.status, JSONValue.object(["detail": .string(refusal.messageNamingField), "error_code": .string(refusal.code)]))
    }
}
