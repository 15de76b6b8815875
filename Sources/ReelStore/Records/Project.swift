import Foundation
import GRDB

/// A stored render request (the README's "Projects"), as the server read, checked and priced it; the
/// store keeps the request as JSON and knows nothing of timelines.
public struct Project: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "projects"

    /// What the project's latest job says of it.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case created, rendering, completed, failed

        /// The statuses of a latest job that give the project this one; none for `created`, which has no job.
        /// A canceled render failed to make the project's video, as one that broke did.
        public var jobStatuses: [Job.Status] {
            switch self {
            case .created: []
            case .rendering: [.queued, .processing]
            case .completed: [.completed]
            case .failed: [.failed, .canceled]
            }
        }

        init(latest job: Job?) {
            guard let job else {
                self = .created
                return
            }
            self = Self.allCases.first { $0.jobStatuses.contains(job.status) } ?? .created
        }
    }

    public var id: String
    public var accountID: String
    /// What the create, or the last update, wrote.
    public var fields: ProjectFields
    /// 1 when created, one more at each update.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The latest job rendered from the project, which gives it its status. Not a column: the
    /// store finds it each time it reads the project.
    public var latestJob: Job?
    /// The latest of its jobs that completed, whose output is the project's video.
    public var latestCompletedJob: Job?

    public var status: Status { Status(latest: latestJob) }

    enum CodingKeys: String, CodingKey {
        case id, version
        case accountID = "account_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The fields are columns of the same row.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        accountID = try container.decode(String.self, forKey: .accountID)
        fields = try ProjectFields(from: decoder)
        version = try container.decode(Int.self, forKey: .version)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(accountID, forKey: .accountID)
        try fields.encode(to: encoder)
        try container.encode(version, forKey: .version)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    init(id: String, accountID: String, fields: ProjectFields, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.fields = fields
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a project create or update writes: the request and what pricing found in it.
public struct ProjectFields: Codable, Sendable, Equatable {
    public var name: String?
    /// The render request, JSON: `timeline`, `output`, `merge`, `metadata`.
    public var request: String
    /// The request's `metadata`, JSON, kept apart so that a list need not read every request.
    public var metadata: String?
    /// What a render of the request costs.
    public var credits: Int
    /// Seconds of output.
    public var duration: Double
    /// The frame, null for audio.
    public var width: Int?
    public var height: Int?
    public var fps: Double?
    public var format: String

    public init(
        name: String?, request: String, metadata: String?, credits: Int, duration: Double, width: Int?, height: Int?, fps: Double?, format: String
    ) {
        self.name = name
        self.request = request
        self.metadata = metadata
        self.credits = credits
        self.duration = duration
        self.width = width
        self.height = height
        self.fps = fps
        self.format = format
    }
}
