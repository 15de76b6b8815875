import Foundation
import HTTPTypes
import Hummingbird
import ReelStore
import ReelTimeline

/// A render as Shotstack's Edit API shows it: `{success, message, response}` around UUID ids, the
/// statuses `queued fetching rendering saving done failed`, and its callback payload. Fields its
/// definition types as non-nullable strings or numbers are left out when they have no value, as
/// Shotstack does; `poster` and `thumbnail` are nullable and always there.
enum ShotstackJob {
    /// Reel's `encoding` stage is part of Shotstack's `rendering`; a canceled job is `failed`, its error saying so.
    static func status(_ job: Job, stage: String?) -> String {
        switch job.status {
        case .queued: "queued"
        case .processing: stage == "fetching" || stage == "saving" ? stage! : "rendering"
        case .completed: "done"
        case .failed, .canceled: "failed"
        }
    }

    /// `RenderResponse.response`; `data` is the edit, with its merge fields applied when `merged`.
    static func shape(_ job: Job, signer: FileSigner, data: Bool = false, merged: Bool = false) -> JSONValue {
        let native = JobResource(job, signer: signer)
        var fields: [String: JSONValue] = [
            "id": .string(JobUUID.uuid(of: job.id) ?? job.id),
            "owner": .string(job.accountID),
            "status": .string(status(job, stage: native.stage)),
            "poster": .text(native.posterURL),
            "thumbnail": .text(native.thumbnailURL),
            "created": .time(job.createdAt, milliseconds: true),
            "updated": .time(job.completedAt ?? job.failedAt ?? job.canceledAt ?? job.startedAt ?? job.createdAt, milliseconds: true),
        ]
        if let url = native.url { fields["url"] = .string(url) }
        if let message = failure(job, native) { fields["error"] = .string(message) }
        if let duration = native.duration { fields["duration"] = .number(duration) }
        // Shotstack counts render time in milliseconds.
        if let seconds = job.renderTime { fields["render_time"] = .number((seconds * 1000).rounded()) }
        if data || merged, let edit = edit(of: job, merged: merged) { fields["data"] = edit }
        return .object(fields)
    }

    /// `{type: "edit", action: "render", id, owner, status, url, error, completed}`, Shotstack's callback.
    static func webhook(_ job: Job, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        return .object([
            "type": .string("edit"), "action": .string("render"),
            "id": .string(JobUUID.uuid(of: job.id) ?? job.id), "owner": .string(job.accountID),
            "status": .string(status(job, stage: native.stage)), "url": .text(native.url), "error": .text(failure(job, native)),
            "completed": .time(job.completedAt ?? job.failedAt ?? job.canceledAt, milliseconds: true),
        ])
    }

    /// `{success: true, message: "Created", response: {message, id}}`, the answer to a render or a template render.
    static func queued(_ job: Job) throws -> Response {
        try envelope(status: .created, "Created", .object(["message": .string("Render Successfully Queued"), "id": .string(JobUUID.uuid(of: job.id) ?? job.id)]))
    }

    static func envelope(status: HTTPResponse.Status = .ok, _ message: String, _ response: JSONValue) throws -> Response {
        try JSONBody.response(status: status, JSONValue.object(["success": .bool(true), "message": .string(message), "response": response]))
    }

    /// `{success: false, message, response: {error: {name, message, details?}}}`: the message names the
    /// field, and `details` gives its JSON path where there is one.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        let names: [Int: String] = [400: "ValidationError", 401: "Unauthorized", 402: "PaymentRequired", 404: "NotFound", 409: "Conflict", 429: "TooManyRequests"]
        let message = refusal.messageNamingField
        var error: [String: JSONValue] = ["name": .string(names[refusal.status.code] ?? refusal.code), "code": .string(refusal.code), "message": .string(message)]
        if case .string(let path)? = refusal.details?["path"], !path.isEmpty {
            error["details"] = .array([.object(["message": .string(message), "path": .string(path), "type": .string(refusal.code)])])
        }
        return try JSONBody.response(
            status: refusal.status, JSONValue.object(["success": .bool(false), "message": .string(message), "response": .object(["error": .object(error)])]))
    }

    private static func failure(_ job: Job, _ native: JobResource) -> String? {
        switch job.status {
        case .failed: native.error.map { "\($0.code): \($0.message)" } ?? "the render failed"
        case .canceled: "the render was canceled"
        default: nil
        }
    }

    /// The edit the job rendered, as it was sent: `{timeline, output, merge?, callback?}`.
    private static func edit(of job: Job, merged: Bool) -> JSONValue? {
        guard case .object(var fields)? = try? JSONValue.parse(Data(job.request.utf8)) else { return nil }
        fields = fields.filter { ["timeline", "output", "merge", "callback"].contains($0.key) }
        guard merged, case .array(let merge)? = fields.removeValue(forKey: "merge") else { return .object(fields) }
        for case .object(let field) in merge {
            guard case .string(let find)? = field["find"], let replace = field["replace"] else { continue }
            for key in ["timeline", "output"] { fields[key] = fields[key].map { ShotstackEdit.replacing(find, with: replace, in: $0) } }
        }
        return .object(fields)
    }
}
