import Foundation
import GRDB

extension SQLiteStore {
    public func submit(_ submission: JobSubmission, now: Date) async throws -> Submitted {
        try await pool.write { db in
            if let idempotency = submission.idempotency,
                let earlier = try Self.idempotentJob(submission.accountID, idempotency, db, now: now)
            {
                return Submitted(job: earlier, replayed: true)
            }
            guard var account = try Account.fetchOne(db, key: submission.accountID) else { throw StoreError.accountNotFound }
            if let project = submission.project, let rendered = try Self.earlierRender(of: project, accountID: account.id, db) {
                return Submitted(job: rendered, replayed: false, alreadyRendered: true)
            }
            for id in submission.uploadIDs.sorted() where try Upload.filter(Column("id") == id && Column("account_id") == account.id).fetchCount(db) == 0 {
                throw StoreError.uploadNotFound(id: id)
            }
            if !account.unlimited {
                guard account.credits >= submission.credits else {
                    throw StoreError.insufficientCredits(balance: account.credits, needed: submission.credits)
                }
                account.credits -= submission.credits
                try account.update(db)
            }
            let job = Job(queuing: submission, now: now)
            try job.insert(db)
            try LedgerEntry(accountID: account.id, jobID: job.id, kind: .charge, amount: -submission.credits, createdAt: now).insert(db)
            for id in submission.uploadIDs {
                try db.execute(sql: "INSERT INTO job_uploads (job_id, upload_id) VALUES (?, ?)", arguments: [job.id, id])
            }
            if let idempotency = submission.idempotency {
                try db.execute(
                    sql: "INSERT INTO idempotency_keys (account_id, key, request_hash, job_id, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [account.id, idempotency.key, idempotency.requestHash, job.id, now])
            }
            return Submitted(job: job, replayed: false)
        }
    }

    /// The job an idempotency key created in the last 24 h; an older key is forgotten.
    private static func idempotentJob(
        _ accountID: String, _ idempotency: (key: String, requestHash: String), _ db: Database, now: Date
    ) throws -> Job? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT request_hash, job_id, created_at FROM idempotency_keys WHERE account_id = ? AND key = ?",
                arguments: [accountID, idempotency.key])
        else { return nil }
        let createdAt: Date = row["created_at"]
        guard now.timeIntervalSince(createdAt) < 24 * 3600 else {
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE account_id = ? AND key = ?", arguments: [accountID, idempotency.key])
            return nil
        }
        guard row["request_hash"] == idempotency.requestHash else { throw StoreError.idempotencyConflict }
        return try Job.fetchOne(db, key: row["job_id"] as String)
    }

    public func nextDue(lane: Job.Lane) async throws -> Date? {
        try await pool.read { db in
            let queued = try Date.fetchOne(db, sql: "SELECT MIN(run_after) FROM jobs WHERE lane = ? AND status = 'queued'", arguments: [lane.rawValue])
            let leases = try Date.fetchOne(
                db, sql: "SELECT MIN(lease_expires_at) FROM jobs WHERE lane = ? AND status = 'processing'", arguments: [lane.rawValue])
            return [queued, leases].compactMap { $0 }.min()
        }
    }

    public func claim(lane: Job.Lane, worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        try await pool.write { db in
            let runnable = Job.filter(Column("lane") == lane.rawValue).filter(
                (Column("status") == Job.Status.queued.rawValue && Column("run_after") <= now)
                    || (Column("status") == Job.Status.processing.rawValue && Column("lease_expires_at") < now))
            guard var job = try runnable.order(Column("id")).fetchOne(db) else { return nil }
            job.claim(by: worker, lease: lease, now: now)
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
            job.report(stage: stage, progress: progress)
            try job.update(db)
        }
    }

    public func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return nil }
            job.complete(with: outcome, now: now)
            try job.update(db)
            try Self.announce(job, db, now: now)
            return job
        }
    }

    public func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return nil }
            job.fail(code: code, message: message, retryAt: retryAt, now: now)
            if job.status == .failed { try Self.refund(&job, db, now: now) }
            if retryAt != nil { try db.execute(sql: "DELETE FROM job_chunks WHERE job_id = ?", arguments: [job.id]) }
            try job.update(db)
            if job.status == .failed { try Self.announce(job, db, now: now) }
            return job
        }
    }

    public func release(jobID: String, worker: String) async throws {
        try await pool.write { db in
            guard var job = try Self.owned(jobID, by: worker, db) else { return }
            job.release()
            try job.update(db)
        }
    }

    public func cancel(id: String, accountID: String, now: Date) async throws -> Job {
        try await pool.write { db in
            guard var job = try Job.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db) else {
                throw StoreError.jobNotFound
            }
            guard !job.status.isTerminal else { throw StoreError.notCancelable(job.status) }
            job.cancel(now: now)
            try Self.refund(&job, db, now: now)
            try job.update(db)
            try Self.announce(job, db, now: now)
            return job
        }
    }

    private static func owned(_ jobID: String, by worker: String, _ db: Database) throws -> Job? {
        guard let job = try Job.fetchOne(db, key: jobID), job.status == .processing, job.leaseOwner == worker else { return nil }
        return job
    }
}
