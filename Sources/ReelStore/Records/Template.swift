import Foundation
import GRDB

/// A stored template (the README's "Templates"), as the server read and checked it; the store keeps
/// its parts as JSON and knows nothing of timelines.
public struct Template: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "templates"

    public var id: String
    public var accountID: String
    /// What the create, or the last update, wrote.
    public var fields: TemplateFields
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case accountID = "account_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The fields are columns of the same row.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        accountID = try container.decode(String.self, forKey: .accountID)
        fields = try TemplateFields(from: decoder)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(accountID, forKey: .accountID)
        try fields.encode(to: encoder)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    init(id: String, accountID: String, fields: TemplateFields, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a template create or update writes: all of a template but its id and times.
public struct TemplateFields: Codable, Sendable, Equatable {
    public var name: String
    public var slug: String?
    public var description: String?
    /// The template's `timeline`, JSON.
    public var timeline: String
    /// The template's `output`, JSON.
    public var output: String
    /// Every input, declared and inferred, JSON.
    public var inputs: String

    public init(name: String, slug: String?, description: String?, timeline: String, output: String, inputs: String) {
        self.name = name
        self.slug = slug
        self.description = description
        self.timeline = timeline
        self.output = output
        self.inputs = inputs
    }
}
