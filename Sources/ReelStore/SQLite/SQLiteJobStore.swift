import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`.
public final class SQLiteJobStore: JobStore {
    private let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(pool)
    }

    public func createAccount(name: String, credits: Int, unlimited: Bool) async throws -> Account {
        let account = Account(
            id: Identifier.make("acct"), name: name, credits: credits, unlimited: unlimited,
            webhookSecret: "whsec_" + Identifier.randomHex(bytes: 32), createdAt: Date())
        try await pool.write { db in try account.insert(db) }
        return account
    }

    public func account(id: String) async throws -> Account? {
        try await pool.read { db in try Account.fetchOne(db, key: id) }
    }

    public func addKey(accountID: String, name: String, keyHash: String, prefix: String) async throws -> APIKey {
        let key = APIKey(
            id: Identifier.make("key"), accountID: accountID, name: name, keyHash: keyHash, prefix: prefix, active: true,
            createdAt: Date())
        try await pool.write { db in try key.insert(db) }
        return key
    }

    public func key(hash: String) async throws -> APIKey? {
        try await pool.read { db in try APIKey.filter(Column("key_hash") == hash).fetchOne(db) }
    }

    public func keys() async throws -> [APIKey] {
        try await pool.read { db in try APIKey.order(Column("created_at")).fetchAll(db) }
    }

    public func revokeKey(id: String) async throws -> Bool {
        try await pool.write { db in
            try APIKey.filter(Column("id") == id).updateAll(db, Column("active").set(to: false)) > 0
        }
    }

    public func submit(_ submission: JobSubmission, now: Date) async throws -> Job {
        try await pool.write { db in
            guard var account = try Account.fetchOne(db, key: submission.accountID) else { throw StoreError.accountNotFound }
            if !account.unlimited {
                guard account.credits >= submission.credits else {
                    throw StoreError.insufficientCredits(balance: account.credits, needed: submission.credits)
                }
                account.credits -= submission.credits
                try account.update(db)
            }
            let job = Job(
                id: Identifier.make("job", at: now), accountID: account.id, type: "render", status: .queued, stage: nil,
                progress: 0, request: submission.request, callback: submission.callback, metadata: submission.metadata,
                creditsUsed: submission.credits, attempts: 0, runAfter: now, cancelRequested: false, createdAt: now)
            try job.insert(db)
            try LedgerEntry(accountID: account.id, jobID: job.id, kind: .charge, amount: -submission.credits, createdAt: now).insert(db)
            return job
        }
    }

    public func job(id: String, accountID: String) async throws -> Job? {
        try await pool.read { db in
            try Job.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db)
        }
    }

    public func claim(worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        try await pool.write { db in
            let runnable = Job.filter(
                (Column("status") == Job.Status.queued.rawValue && Column("run_after") <= now)
                    || (Column("status") == Job.Status.processing.rawValue && Column("lease_expires_at") < now))
            guard var job = try runnable.order(Column("id")).fetchOne(db) else { return nil }
            job.status = .processing
            job.leaseOwner = worker
            job.leaseExpiresAt = now.addingTimeInterval(lease)
            job.attempts += 1
            job.startedAt = job.startedAt ?? now
            try job.update(db)
            return job
        }
    }

    public func renew(jobID: String, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await pool.write { db in
            guard var job = try Job.fetchOne(db, key: jobID) else { return .lost }
            if job.status == .canceled { return .canceled }
            guard job.status == .processing, job.leaseOwner == worker else { return .lost }
            job.leaseExpiresAt = now.addingTimeInterval(lease)
            try job.update(db)
            return .held
        }
    }

    public func report(jobID: String, worker: String, stage: String, progress: Double) async throws {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return }
            job.stage = stage
            job.progress = max(job.progress, min(progress, 100))
            try job.update(db)
        }
    }

    public func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return nil }
            job.status = .completed
            job.stage = nil
            job.progress = 100
            job.duration = outcome.duration
            job.resolution = outcome.resolution
            job.fps = outcome.fps
            job.format = outcome.format
            job.fileSize = outcome.fileSize
            job.outputPath = outcome.outputPath
            job.renderTime = outcome.renderTime
            job.completedAt = now
            job.leaseOwner = nil
            job.leaseExpiresAt = nil
            try job.update(db)
            return job
        }
    }

    public func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return nil }
            job.leaseOwner = nil
            job.leaseExpiresAt = nil
            job.errorCode = code
            job.errorMessage = message
            if let retryAt {
                job.status = .queued
                job.stage = nil
                job.runAfter = retryAt
            } else {
                job.status = .failed
                job.stage = nil
                job.failedAt = now
                try Self.refund(&job, db, now: now)
            }
            try job.update(db)
            return job
        }
    }

    public func release(jobID: String, worker: String) async throws {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return }
            job.status = .queued
            job.stage = nil
            job.leaseOwner = nil
            job.leaseExpiresAt = nil
            // The interrupted attempt was not the job's fault.
            job.attempts = max(0, job.attempts - 1)
            try job.update(db)
        }
    }

    public func cancel(id: String, accountID: String, now: Date) async throws -> Job {
        try await pool.write { db in
            guard var job = try Job.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db) else {
                throw StoreError.jobNotFound
            }
            guard !job.status.isTerminal else { throw StoreError.notCancelable(job.status) }
            job.status = .canceled
            job.stage = nil
            job.cancelRequested = true
            job.completedAt = now
            job.leaseOwner = nil
            job.leaseExpiresAt = nil
            try Self.refund(&job, db, now: now)
            try job.update(db)
            return job
        }
    }

    public func ledger(accountID: String) async throws -> [LedgerEntry] {
        try await pool.read { db in
            try LedgerEntry.filter(Column("account_id") == accountID).order(Column("id").desc).fetchAll(db)
        }
    }

    private static func owned(_ jobID: String, by worker: String, _ db: Database) throws -> Job? {
        guard let job = try Job.fetchOne(db, key: jobID), job.status == .processing, job.leaseOwner == worker else { return nil }
        return job
    }

    /// Returns the job's credits once: the ledger's unique (job, kind) key makes a second refund impossible.
    private static func refund(_ job: inout Job, _ db: Database, now: Date) throws {
        let already = try LedgerEntry.filter(Column("job_id") == job.id && Column("kind") == LedgerEntry.Kind.refund.rawValue).fetchCount(db)
        guard already == 0, job.creditsUsed > 0 else { return }
        try LedgerEntry(accountID: job.accountID, jobID: job.id, kind: .refund, amount: job.creditsUsed, createdAt: now).insert(db)
        guard var account = try Account.fetchOne(db, key: job.accountID), !account.unlimited else { return }
        account.credits += job.creditsUsed
        try account.update(db)
    }
}
