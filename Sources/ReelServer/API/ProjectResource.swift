import Foundation
import ReelStore
import ReelTimeline

/// A project as the API shows it (the README's "Projects"). Every field is present; absent values are null.
struct ProjectResource: Encodable {
    var id: String
    var name: String?
    var version: Int
    var status: String
    var width: Int?
    var height: Int?
    var duration: Double
    var fps: Double?
    var format: String
    var credits: Int
    var lastJobID: String?
    var url: String?
    /// The share page of its latest completed render, once there is one.
    var viewerURL: String?
    var metadata: JSONValue?
    var createdAt: Date
    var updatedAt: Date

    init(_ project: Project, signer: FileSigner) {
        id = project.id
        name = project.fields.name
        version = project.version
        status = project.status.rawValue
        width = project.fields.width
        height = project.fields.height
        duration = project.fields.duration
        fps = project.fields.fps
        format = project.fields.format
        credits = project.fields.credits
        lastJobID = project.latestJob?.id
        url = project.latestCompletedJob.flatMap { JobResource($0, signer: signer).url }
        if project.latestCompletedJob != nil { viewerURL = signer.pageURL(.watch, id: project.id) }
        metadata = project.fields.metadata.flatMap { try? JSONValue.parse(Data($0.utf8)) }
        createdAt = project.createdAt
        updatedAt = project.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, version, status, width, height, duration, fps, format, credits, url, metadata
        case lastJobID = "last_job_id"
        case viewerURL = "viewer_url"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(status, forKey: .status)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(duration, forKey: .duration)
        try container.encode(fps, forKey: .fps)
        try container.encode(format, forKey: .format)
        try container.encode(credits, forKey: .credits)
        try container.encode(lastJobID, forKey: .lastJobID)
        try container.encode(url, forKey: .url)
        try container.encode(viewerURL, forKey: .viewerURL)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

extension ProjectFields {
    init(_ definition: ProjectDefinition, priced: Quoting.Priced) throws {
        let output = priced.render.output
        let moving = output.format.hasVideo && !output.format.isStill
        self.init(
            name: definition.name, request: String(decoding: try JSONBody.encoder.encode(definition.request), as: UTF8.self),
            metadata: try priced.render.metadata.map { String(decoding: try JSONBody.encoder.encode($0), as: UTF8.self) },
            credits: priced.quote.credits, duration: priced.quote.duration, width: priced.quote.width, height: priced.quote.height,
            fps: moving ? output.fps.value : nil, format: output.format.rawValue)
    }
}
