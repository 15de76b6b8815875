import Foundation
import Hummingbird
import ReelStore
import ReelTimeline

/// A job as Rendley's "Jobs and polling" shows it: `export_video`, Reel's own status names, and the
/// request and the output as JSON written into strings (`input_data`, `result_data`).
enum RendleyJob {
    /// Rendley's names of the sizes Reel renders, by Reel's: the short edge with a `p`.
    static let resolutions = ["preview": "288p", "mobile": "360p", "sd": "576p", "hd": "720p", "1080": "1080p", "4k": "2160p"]
    /// The codecs an export may ask for, and the Reel format that encodes with each.
    static let codecs = ["h264": "mp4", "vp9": "webm"]

    static func shape(_ job: Job, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        return .object([
            "id": .string(job.id),
            "type": .string("export_video"),
            "status": .string(job.status.rawValue),
            "progress": .number(native.progress),
            "input_data": .string(encoded(input(job))),
            "result_data": job.status == .completed ? .string(encoded(result(job, native))) : .null,
            "error": job.status == .failed ? .text(native.error?.message) : .null,
            "acknowledged": .bool(false),
            "source_type": .string(job.compatSurface == CompatSurface.rendley.rawValue ? "api" : "studio"),
            "source_id": .text(job.projectID ?? job.templateID),
            "created_at": .time(job.createdAt),
        ])
    }

    /// `{"data": job}`: a poll's answer, and the webhook's body (the document shows none).
    static func enveloped(_ job: Job, signer: FileSigner) -> JSONValue { .object(["data": shape(job, signer: signer)]) }

    /// `{"data": {"job_id"}}`, the answer to an export.
    static func started(_ job: Job) -> JSONValue { .object(["data": .object(["job_id": .string(job.id)])]) }

    /// The request that created the job: an export's `{project_id, settings}` as Reel ran it, or a
    /// job started elsewhere's native request.
    private static func input(_ job: Job) -> JSONValue {
        let request = (try? JSONValue.parse(Data(job.request.utf8))) ?? .string(job.request)
        guard job.compatSurface == CompatSurface.rendley.rawValue, case .object(let fields) = request else { return request }
        var settings: [String: JSONValue] = [:]
        if case .object(let output)? = fields["output"] {
            if case .string(let size)? = output["resolution"] { settings["target_resolution"] = .string(resolutions[size] ?? size) }
            if case .string(let format)? = output["format"] {
                settings["codec"] = .string(codecs.first { $0.value == format }?.key ?? (format == "mov" ? "h264" : format))
            }
            settings["fps"] = output["fps"]
        }
        return .object(["project_id": .text(job.projectID), "settings": .object(settings)])
    }

    /// `{storage_url, media_id}`: the signed output URL, and the output named as Rendley names media.
    private static func result(_ job: Job, _ native: JobResource) -> JSONValue {
        .object(["storage_url": .text(native.url), "media_id": .string("med_" + job.id.dropFirst("job_".count))])
    }

    private static func encoded(_ value: JSONValue) -> String {
        (try? JSONBody.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// `{statusCode, error, message, code}`: the HTTP status, its reason, the message naming the field,
    /// and Reel's code.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        try JSONBody.response(
            status: refusal.status,
            JSONValue.object([
                "statusCode": .count(refusal.status.code), "error": .string(refusal.status.reasonPhrase),
                "message": .string(refusal.messageNamingField), "code": .string(refusal.code),
            ]))
    }
}
