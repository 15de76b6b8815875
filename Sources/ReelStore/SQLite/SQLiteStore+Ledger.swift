import Foundation
import GRDB

extension SQLiteStore {
    public func ledger(accountID: String, before: Int64?, limit: Int) async throws -> [LedgerEntry] {
        try await pool.read { db in
            var query = LedgerEntry.filter(Column("account_id") == accountID)
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// Returns the job's credits once: the ledger's unique (job, kind) key makes a second refund impossible.
    static func refund(_ job: inout Job, _ db: Database, now: Date) throws {
        let already = try LedgerEntry.filter(Column("job_id") == job.id && Column("kind") == LedgerEntry.Kind.refund.rawValue).fetchCount(db)
        guard already == 0, job.creditsUsed > 0 else { return }
        try LedgerEntry(accountID: job.accountID, jobID: job.id, kind: .refund, amount: job.creditsUsed, createdAt: now).insert(db)
        guard var account = try Account.fetchOne(db, key: job.accountID), !account.unlimited else { return }
        account.credits += job.creditsUsed
        try account.update(db)
    }
}
