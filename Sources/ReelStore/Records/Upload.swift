import Foundation
import GRDB

/// A file of an account's media library. Its bytes live in file storage under `storageKey`; its
/// `name` is the sender's, kept for display and never used as a path.
public struct Upload: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "uploads"

    public var id: String
    public var accountID: String
    public var name: String
    /// image, video, audio, font or caption.
    public var type: String
    public var mimeType: String
    public var size: Int64
    public var sha256: String
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    public var storageKey: String
    public var createdAt: Date

    public init(
        id: String, accountID: String, name: String, type: String, mimeType: String, size: Int64, sha256: String, width: Int?, height: Int?,
        duration: Double?, storageKey: String, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.type = type
        self.mimeType = mimeType
        self.size = size
        self.sha256 = sha256
        self.width = width
        self.height = height
        self.duration = duration
        self.storageKey = storageKey
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, size, sha256, width, height, duration
        case accountID = "account_id"
        case mimeType = "mime_type"
        case storageKey = "storage_key"
        case createdAt = "created_at"
    }
}
