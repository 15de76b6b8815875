import Foundation
import GRDB

/// A free, expiring proxy render and its public page (the README's "Previews"). The render is a job
/// of the preview lane; the preview keeps the request as it was asked, so that it can become a project.
public struct Preview: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "previews"

    public var id: String
    public var accountID: String
    public var jobID: String
    /// The render request as asked (a project's or a template's made whole), JSON: what a project made from it stores.
    public var request: String
    public var projectID: String?
    public var templateID: String?
    /// The timeline's length in seconds, as priced: the page shows it before the render ends.
    public var duration: Double
    public var createdAt: Date
    public var expiresAt: Date
    public var deletedAt: Date?
    /// The janitor removed its files, once it expired or was deleted.
    public var filesRemoved: Bool

    public func isGone(at now: Date) -> Bool { deletedAt != nil || expiresAt <= now }

    enum CodingKeys: String, CodingKey {
        case id, request, duration
        case accountID = "account_id"
        case jobID = "job_id"
        case projectID = "project_id"
        case templateID = "template_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case deletedAt = "deleted_at"
        case filesRemoved = "files_removed"
    }
}
