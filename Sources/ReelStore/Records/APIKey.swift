import Foundation
import GRDB

/// An API key as stored: only the SHA-256 of the key, and its first characters to recognise it by.
public struct APIKey: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "api_keys"

    public var id: String
    public var accountID: String
    public var name: String
    /// Lowercase hex SHA-256 of the whole key.
    public var keyHash: String
    /// The key's first characters, for listings.
    public var prefix: String
    public var active: Bool
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, active
        case accountID = "account_id"
        case keyHash = "key_hash"
        case createdAt = "created_at"
    }
}
