import Foundation
import ReelStore
import ReelTimeline

/// A preview as the API shows it (the README's "Previews"). Every field is present; absent values are null.
struct PreviewResource: Encodable {
    var id: String
    /// The job's status, or `expired` once the preview outlived `--preview-lifetime`.
    var status: String
    var stage: String?
    var progress: Double
    var previewURL: String
    /// The proxy file, once rendered.
    var url: String?
    var duration: Double?
    var resolution: String?
    var fps: Double?
    var format: String?
    var error: JobResource.Failure?
    /// The render request as asked; a project made from the preview stores it.
    var config: JSONValue?
    var jobID: String
    var projectID: String?
    var templateID: String?
    var createdAt: Date
    var expiresAt: Date

    init(_ preview: Preview, job: Job, signer: FileSigner, now: Date = Date()) {
        let shown = JobResource(job, signer: signer)
        let expired = preview.expiresAt <= now
        id = preview.id
        status = expired ? "expired" : shown.status
        stage = shown.stage
        progress = shown.progress
        previewURL = signer.pageURL(.preview, id: preview.id)
        url = expired ? nil : shown.url
        duration = shown.duration
        resolution = shown.resolution
        fps = shown.fps
        format = shown.format
        error = shown.error
        config = try? JSONValue.parse(Data(preview.request.utf8))
        jobID = job.id
        projectID = preview.projectID
        templateID = preview.templateID
        createdAt = preview.createdAt
        expiresAt = preview.expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case id, status, stage, progress, url, duration, resolution, fps, format, error, config
        case previewURL = "preview_url"
        case jobID = "job_id"
        case projectID = "project_id"
        case templateID = "template_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(stage, forKey: .stage)
        try container.encode(progress, forKey: .progress)
        try container.encode(previewURL, forKey: .previewURL)
        try container.encode(url, forKey: .url)
        try container.encode(duration, forKey: .duration)
        try container.encode(resolution, forKey: .resolution)
        try container.encode(fps, forKey: .fps)
        try container.encode(format, forKey: .format)
        try container.encode(error, forKey: .error)
        try container.encode(config, forKey: .config)
        try container.encode(jobID, forKey: .jobID)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(templateID, forKey: .templateID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
    }
}
