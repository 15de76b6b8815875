import Foundation
import PostgresNIO

extension PostgresStore {
    public func ledger(accountID: String, before: Int64?, limit: Int) async throws -> [LedgerEntry] {
        try await read { connection in
            try await connection.all(
                LedgerEntry.self,
                """
                SELECT * FROM credit_ledger WHERE account_id = \(accountID) AND (\(before)::BIGINT IS NULL OR id < \(before))
                ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    /// Writes the job's charge or refund unless the ledger has it already (its unique job and kind);
    /// returns whether it was written.
    @discardableResult
    static func record(_ kind: LedgerEntry.Kind, of job: Job, amount: Int, _ connection: PostgresConnection, now: Date) async throws -> Bool {
        try await connection.run(
            """
            INSERT INTO credit_ledger (account_id, job_id, kind, amount, created_at)
            VALUES (\(job.accountID), \(job.id), \(kind.rawValue), \(amount), \(now)) ON CONFLICT DO NOTHING RETURNING 1
            """) > 0
    }

    /// Returns the job's credits once: a second refund finds the ledger's entry and changes nothing.
    static func refund(_ job: Job, _ connection: PostgresConnection, now: Date) async throws {
        guard job.creditsUsed > 0, try await record(.refund, of: job, amount: job.creditsUsed, connection, now: now) else { return }
        try await connection.run(
            "UPDATE accounts SET credits = credits + \(job.creditsUsed) WHERE id = \(job.accountID) AND NOT unlimited")
    }
}
