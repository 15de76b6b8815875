import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// A job as Vydra's "Jobs API" shows it: UUID ids, camelCase fields, lower-case statuses, and the
/// refund of a failed or cancelled job.
enum VydraJob {
    static let statuses: [Job.Status: String] = [
        .queued: "pending", .processing: "running", .completed: "completed", .failed: "failed", .canceled: "cancelled",
    ]

    static func status(named name: String) -> Job.Status? { statuses.first { $0.value == name }?.key }

    static func shape(_ job: Job, workflow: String?, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        let refunded = job.status == .failed || job.status == .canceled
        return .object([
            "id": .text(JobUUID.uuid(of: job.id)),
            "status": .text(statuses[job.status]),
            "progress": .number(native.progress),
            "workflowSlug": .text(workflow),
            "statusMessage": .string(message(job, native)),
            "creditsCharged": .count(job.creditsUsed),
            "createdAt": .time(job.createdAt, milliseconds: true),
            "completedAt": .time(job.completedAt ?? job.failedAt ?? job.canceledAt, milliseconds: true),
            "output": output(native, thumbnail: true),
            "error": failure(native),
            "creditsRefunded": refunded ? .count(job.creditsUsed) : .null,
            "refundStatus": refunded ? .string("completed") : .null,
        ])
    }

    /// The answer to a create: `{id, status, workflow, creditsCharged, createdAt, _links}`.
    static func created(_ job: Job, workflow: String, publicURL: String) -> JSONValue {
        let id = JobUUID.uuid(of: job.id) ?? job.id
        let link = JSONValue.string("\(publicURL)/compat/vydra/api/v1/jobs/\(id)")
        return .object([
            "id": .string(id), "status": .text(statuses[job.status]), "workflow": .string(workflow), "creditsCharged": .count(job.creditsUsed),
            "createdAt": .time(job.createdAt, milliseconds: true), "_links": .object(["self": link, "status": link]),
        ])
    }

    /// `{jobId, status, workflow, output | error, refund, completedAt}`, the document's webhook payload.
    static func webhook(_ job: Job, workflow: String?, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        var payload: [String: JSONValue] = [
            "jobId": .text(JobUUID.uuid(of: job.id)), "status": .text(statuses[job.status]), "workflow": .text(workflow),
            "completedAt": .time(job.completedAt ?? job.failedAt ?? job.canceledAt, milliseconds: true),
        ]
        if job.status == .completed {
            payload["output"] = output(native, thumbnail: false)
        } else {
            payload["error"] = failure(native)
            payload["refund"] = refund(job)
        }
        return .object(payload)
    }

    static func refund(_ job: Job) -> JSONValue {
        .object(["applied": .bool(job.creditsUsed > 0), "creditsRefunded": .count(job.creditsUsed)])
    }

    /// The slug of the template it was rendered from, as it is now; its id once the template is gone.
    static func workflow(of job: Job, in templates: any TemplateStore) async throws -> String? {
        guard let id = job.templateID else { return nil }
        return try await templates.template(idOrSlug: id, accountID: job.accountID).map { $0.fields.slug ?? $0.id } ?? id
    }

    /// `{"error": {"message", "code"}}`, as a failed job's error is shown, with Vydra's codes.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        let codes = [
            "INVALID_REQUEST": "VALIDATION_ERROR", "INVALID_TIMELINE": "VALIDATION_ERROR", "INVALID_ASSET": "VALIDATION_ERROR",
            "UNSUPPORTED_FEATURE": "VALIDATION_ERROR", "MISSING_API_KEY": "UNAUTHORIZED", "INVALID_API_KEY_FORMAT": "UNAUTHORIZED",
            "INVALID_API_KEY": "UNAUTHORIZED", "API_KEY_INACTIVE": "UNAUTHORIZED", "JOB_NOT_CANCELABLE": "JOB_NOT_CANCELLABLE",
        ]
        let message = refusal.messageNamingField.replacingOccurrences(of: "canceled", with: "cancelled")
        return try JSONBody.response(
            status: refusal.status, JSONValue.object(["error": .object(["message": .string(message), "code": .string(codes[refusal.code] ?? refusal.code)])]))
    }

    private static func message(_ job: Job, _ native: JobResource) -> String {
        switch job.status {
        case .queued: "Waiting to start..."
        case .processing: "\((native.stage ?? "rendering").capitalized)..."
        case .completed: "Video generated successfully"
        case .failed: native.error?.message ?? "Processing error"
        case .canceled: "Job cancelled"
        }
    }

    private static func output(_ native: JobResource, thumbnail: Bool) -> JSONValue {
        guard let url = native.url else { return .null }
        var output: [String: JSONValue] = ["videoUrl": .string(url)]
        if thumbnail { output["thumbnailUrl"] = .text(native.thumbnailURL) }
        return .object(output)
    }

    /// Every failure is Vydra's `PROCESSING_ERROR`, Reel's reason in its message.
    private static func failure(_ native: JobResource) -> JSONValue {
        guard let error = native.error else { return .null }
        return .object(["message": .string(error.message), "code": .string("PROCESSING_ERROR")])
    }
}
