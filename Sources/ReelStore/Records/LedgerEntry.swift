import Foundation
import GRDB

/// One movement of credits: a charge (negative) or a refund (positive) for a job.
public struct LedgerEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "credit_ledger"

    public enum Kind: String, Codable, Sendable {
        case charge, refund
    }

    public var id: Int64?
    public var accountID: String
    public var jobID: String
    public var kind: Kind
    public var amount: Int
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, amount
        case accountID = "account_id"
        case jobID = "job_id"
        case createdAt = "created_at"
    }
}
