import Foundation
import GRDB

public struct Account: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "accounts"

    public var id: String
    public var name: String
    public var credits: Int
    public var unlimited: Bool
    /// Signs this account's webhooks.
    public var webhookSecret: String
    public var createdAt: Date
    /// Bytes of uploads the account keeps.
    public var storageUsed: Int64 = 0
    /// The most bytes of uploads it may keep; nil takes the server's `--storage-quota`.
    public var storageQuota: Int64?

    enum CodingKeys: String, CodingKey {
        case id, name, credits, unlimited
        case webhookSecret = "webhook_secret"
        case createdAt = "created_at"
        case storageUsed = "storage_used"
        case storageQuota = "storage_quota"
    }
}
