import Foundation
import ReelStore
import ReelTimeline

/// A video task as RenderingVideo shows it: a Reel project, its id the task's (`taskId` and
/// `videoTaskId` alike), Reel's project status names, which are RenderingVideo's (created, rendering,
/// completed, failed). `previewUrl` is null: Reel's preview pages show previews, not projects;
/// `viewerUrl` is the project's share page once a render of it completed.
enum RenderingVideoTask {
    /// The fields of a created task, and of a render's answer.
    static func created(_ project: Project, signer: FileSigner) -> [String: JSONValue] {
        let width = project.fields.width ?? 0
        let height = project.fields.height ?? 0
        let quality = RenderingVideoConfig.quality(width: width, height: height)
        return [
            "success": .bool(true), "taskId": .string(project.id), "videoTaskId": .string(project.id),
            "previewUrl": .null, "viewerUrl": viewer(project, signer: signer), "configUrl": .string("\(project.id).json"),
            "status": .string(project.status.rawValue), "quality": .string(quality),
            "width": .count(project.fields.width), "height": .count(project.fields.height), "duration": .number(project.fields.duration),
        ]
    }

    /// `GET /video/{taskId}`'s fields, without `success`.
    static func shape(_ project: Project, signer: FileSigner) -> [String: JSONValue] {
        var fields = listed(project, signer: signer)
        fields["previewUrl"] = .null
        fields["viewerUrl"] = viewer(project, signer: signer)
        fields["configUrl"] = .string("\(project.id).json")
        fields["metadata"] = project.fields.metadata.flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .null
        return fields
    }

    /// A task in `GET /video`'s `tasks`.
    static func listed(_ project: Project, signer: FileSigner) -> [String: JSONValue] {
        [
            "taskId": .string(project.id), "videoTaskId": .string(project.id),
            "width": .count(project.fields.width), "height": .count(project.fields.height), "duration": .number(project.fields.duration),
            "status": .string(project.status.rawValue),
            "videoUrl": .text(project.latestCompletedJob.flatMap { JobResource($0, signer: signer).url }),
            "costCredits": .count(project.fields.credits), "createdAt": .time(project.createdAt),
            "completedAt": .time(project.latestCompletedJob?.completedAt),
        ]
    }

    private static func viewer(_ project: Project, signer: FileSigner) -> JSONValue {
        project.latestCompletedJob == nil ? .null : .string(signer.pageURL(.watch, id: project.id))
    }

    /// The webhook's body: `{taskId, renderTaskId, status, videoUrl, error, timestamp}`.
    static func webhook(_ job: Job, signer: FileSigner) -> JSONValue {
        let native = JobResource(job, signer: signer)
        return .object([
            "taskId": .text(job.projectID), "renderTaskId": .string(job.id), "status": .string(job.status == .completed ? "completed" : "failed"),
            "videoUrl": .text(native.url), "error": job.status == .completed ? .null : .text(native.error?.message ?? job.status.rawValue),
            "timestamp": .time(job.completedAt ?? job.failedAt ?? Date(), milliseconds: true),
        ])
    }

    /// A native refusal about the project's fields, named as the config names them: `INVALID_CONFIG`
    /// for a 400, since a task's only fields are its config's; the native paths renamed.
    static func translating<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            guard var refusal = APIError(mapping: error) else { throw error }
            if refusal.code == "ALREADY_RENDERING" { refusal.status = .badRequest }
            guard refusal.status == .badRequest, refusal.code != "ALREADY_RENDERING", refusal.code != "INVALID_REQUEST" || refusal.details?["path"] != nil
            else { throw refusal }
            refusal = refusal.renaming(field: "timeline.tracks", to: "config.tracks").renaming(field: ".asset.src", to: ".src")
                .renaming(field: ".asset.text", to: ".text").renaming(field: ".length", to: ".duration")
                .renaming(field: "timeline.background", to: "config.meta.background").renaming(field: "output.size", to: "config.meta")
                .renaming(field: "output.fps", to: "config.meta.fps").renaming(field: "callback", to: "webhook_url")
            if refusal.messageNamingField.contains("config.") { refusal.code = "INVALID_CONFIG" }
            throw refusal
        }
    }
}
