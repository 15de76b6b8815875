import Foundation
import PostgresNIO

extension PostgresStore {
    /// Takes no account-wide lock, so that one account's submissions commit side by side: the project's row
    /// orders its renders, each upload's row orders it with its delete, the idempotency key's unique index
    /// orders two submissions with one key, and the debit is one conditional update, last before the commit.
    public func submit(_ submission: JobSubmission, now: Date) async throws -> Submitted {
        if submission.idempotency == nil, submission.project == nil, submission.uploadIDs.isEmpty {
            return Submitted(job: try await submitInOneStatement(submission, now: now), replayed: false)
        }
        do {
            return try await submitOnce(submission, now: now)
        } catch is IdempotencyKeyTaken {
            // Another submission with this key committed first: this one's writes are rolled back, and its job is answered.
            return try await submitOnce(submission, now: now)
        }
    }

    /// The common submission, with no idempotency key, project or upload: `insertAndCharge` alone, one statement and
    /// so one transaction of its own. One round trip instead of four is what lets a node take over a thousand durable
    /// submissions a second (BENCHMARKS.md, "Scale-out on PostgreSQL").
    private func submitInOneStatement(_ submission: JobSubmission, now: Date) async throws -> Job {
        let job = Job(queuing: submission, now: now)
        try await retrying { connection in try await Self.insertAndCharge(job, connection, now: now) }
        return job
    }

    private func submitOnce(_ submission: JobSubmission, now: Date) async throws -> Submitted {
        try await write { connection in
            let accountID = submission.accountID
            if let idempotency = submission.idempotency, let earlier = try await Self.idempotentJob(accountID, idempotency, connection, now: now) {
                return Submitted(job: earlier, replayed: true)
            }
            if let project = submission.project, let rendered = try await Self.earlierRender(of: project, accountID: accountID, connection) {
                return Submitted(job: rendered, replayed: false, alreadyRendered: true)
            }
            try await Self.holdUploads(submission.uploadIDs, of: accountID, connection)
            let job = Job(queuing: submission, now: now)
            try await Self.insertAndCharge(job, connection, now: now)
            try await Self.link(job, to: submission.uploadIDs, connection)
            if let idempotency = submission.idempotency {
                let kept = try await connection.run(
                    """
                    INSERT INTO idempotency_keys (account_id, key, request_hash, job_id, created_at)
                    VALUES (\(accountID), \(idempotency.key), \(idempotency.requestHash), \(job.id), \(now))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """)
                if kept == 0 { throw IdempotencyKeyTaken() }
            }
            return Submitted(job: job, replayed: false)
        }
    }

    /// One statement: the debit of a limited account, the job only if it was paid for, its charge in the ledger and
    /// its notification (sent only if the transaction commits). An unlimited account's row is not even locked.
    private static func insertAndCharge(_ job: Job, _ connection: PostgresConnection, now: Date) async throws {
        let (names, columns) = try PostgresRowEncoder.columns(of: job)
        var binds = columns
        let values = names.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        let (account, credits) = (try bind(job.accountID), try bind(job.creditsUsed))
        let sql = """
            WITH account AS (SELECT unlimited, credits FROM accounts WHERE id = \(account)),
            debit AS (UPDATE accounts SET credits = credits - \(credits) WHERE id = \(account) AND NOT unlimited AND credits >= \(credits) RETURNING 1),
            job AS (
                INSERT INTO jobs (\(names.joined(separator: ", "))) SELECT \(values)
                WHERE EXISTS (SELECT 1 FROM debit) OR EXISTS (SELECT 1 FROM account WHERE unlimited) RETURNING id),
            entry AS (
                INSERT INTO credit_ledger (account_id, job_id, kind, amount, created_at)
                SELECT \(account), id, \(try bind(LedgerEntry.Kind.charge.rawValue)), -\(credits)::BIGINT, \(try bind(now)) FROM job)
            SELECT credits, (SELECT pg_notify(\(try bind(PostgresListener.channel)), \(try bind(JobChangePayload.encode(JobChange(job))))) FROM job) IS NOT NULL
            FROM account
            """
        let rows = try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: binds))
        for try await (balance, inserted) in rows.decode((Int, Bool).self) {
            guard inserted else { throw StoreError.insufficientCredits(balance: balance, needed: job.creditsUsed) }
            return
        }
        throw StoreError.accountNotFound
    }

    /// Each upload must exist and stay until the transaction ends: the share lock makes its delete wait, and
    /// then see the job that uses it.
    static func holdUploads(_ ids: Set<String>, of accountID: String, _ connection: PostgresConnection) async throws {
        for id in ids.sorted() {
            let found = try await connection.value(Int.self, "SELECT 1 FROM uploads WHERE id = \(id) AND account_id = \(accountID) FOR SHARE")
            if found == nil { throw StoreError.uploadNotFound(id: id) }
        }
    }

    /// The job an idempotency key created in the last 24 h; an older key is forgotten.
    private static func idempotentJob(
        _ accountID: String, _ idempotency: (key: String, requestHash: String), _ connection: PostgresConnection, now: Date
    ) async throws -> Job? {
        let rows = try await connection.rows(
            "SELECT request_hash, job_id, created_at FROM idempotency_keys WHERE account_id = \(accountID) AND key = \(idempotency.key)")
        for try await (requestHash, jobID, createdAt) in rows.decode((String, String, Date).self) {
            guard now.timeIntervalSince(createdAt) < 24 * 3600 else {
                try await connection.run("DELETE FROM idempotency_keys WHERE account_id = \(accountID) AND key = \(idempotency.key)")
                return nil
            }
            guard requestHash == idempotency.requestHash else { throw StoreError.idempotencyConflict }
            return try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(jobID)")
        }
        return nil
    }

    /// Marks the uploads as used by the job, so that none is deleted while it is queued or running.
    static func link(_ job: Job, to uploadIDs: Set<String>, _ connection: PostgresConnection) async throws {
        for id in uploadIDs.sorted() {
            try await connection.run("INSERT INTO job_uploads (job_id, upload_id) VALUES (\(job.id), \(id))")
        }
    }

    public func nextDue(lane: Job.Lane) async throws -> Date? {
        try await read { connection in
            try await connection.value(
                Date.self,
                """
                SELECT LEAST(
                    (SELECT MIN(run_after) FROM jobs WHERE lane = \(lane.rawValue) AND status = 'queued'),
                    (SELECT MIN(lease_expires_at) FROM jobs WHERE lane = \(lane.rawValue) AND status = 'processing'))
                """)
        }
    }

    public func claim(lane: Job.Lane, worker: String, lease: TimeInterval, now: Date) async throws -> Job? {
        try await write { connection in
            // Rows other workers are claiming are skipped, not waited for: each claim takes a different job.
            guard
                var job = try await connection.one(
                    Job.self,
                    """
                    SELECT * FROM jobs WHERE lane = \(lane.rawValue)
                    AND ((status = 'queued' AND run_after <= \(now)) OR (status = 'processing' AND lease_expires_at < \(now)))
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                    """)
            else { return nil }
            job.claim(by: worker, lease: lease, now: now)
            try await connection.update(job)
            try await Self.notifyChange(of: job, connection)
            return job
        }
    }

    public func renew(jobID: String, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await write { connection in
            guard var job = try await Self.lockedJob(jobID, connection) else { return .lost }
            if job.status == .canceled { return .canceled }
            guard job.status == .processing, job.leaseOwner == worker else { return .lost }
            job.leaseExpiresAt = now.addingTimeInterval(lease)
            try await connection.update(job)
            return .held
        }
    }

    public func report(jobID: String, worker: String, stage: String, progress: Double) async throws {
        try await write { connection in
            guard var job = try await Self.owned(jobID, by: worker, connection) else { return }
            job.report(stage: stage, progress: progress)
            try await connection.update(job)
            try await Self.notifyChange(of: job, connection)
        }
    }

    public func complete(jobID: String, worker: String, outcome: RenderOutcome, now: Date) async throws -> Job? {
        try await write { connection in
            guard var job = try await Self.owned(jobID, by: worker, connection) else { return nil }
            job.complete(with: outcome, now: now)
            try await connection.update(job)
            try await Self.announce(job, connection, now: now)
            try await Self.notifyChange(of: job, connection)
            return job
        }
    }

    public func fail(jobID: String, worker: String, code: String, message: String, retryAt: Date?, now: Date) async throws -> Job? {
        try await write { connection in
            guard var job = try await Self.owned(jobID, by: worker, connection) else { return nil }
            job.fail(code: code, message: message, retryAt: retryAt, now: now)
            if retryAt != nil { try await connection.run("DELETE FROM job_chunks WHERE job_id = \(jobID)") }
            if job.status == .failed { try await Self.refund(job, connection, now: now) }
            try await connection.update(job)
            if job.status == .failed { try await Self.announce(job, connection, now: now) }
            try await Self.notifyChange(of: job, connection)
            return job
        }
    }

    public func release(jobID: String, worker: String) async throws {
        try await write { connection in
            guard var job = try await Self.owned(jobID, by: worker, connection) else { return }
            job.release()
            try await connection.update(job)
            try await Self.notifyChange(of: job, connection)
        }
    }

    public func cancel(id: String, accountID: String, now: Date) async throws -> Job {
        try await write { connection in
            guard var job = try await Self.lockedJob(id, connection), job.accountID == accountID else { throw StoreError.jobNotFound }
            guard !job.status.isTerminal else { throw StoreError.notCancelable(job.status) }
            job.cancel(now: now)
            try await Self.refund(job, connection, now: now)
            try await connection.update(job)
            try await Self.announce(job, connection, now: now)
            try await Self.notifyChange(of: job, connection)
            return job
        }
    }

    /// The job, locked until the transaction ends, so that its worker, its canceler and a claim change it one after another.
    private static func lockedJob(_ id: String, _ connection: PostgresConnection) async throws -> Job? {
        try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(id) FOR UPDATE")
    }

    private static func owned(_ jobID: String, by worker: String, _ connection: PostgresConnection) async throws -> Job? {
        guard let job = try await lockedJob(jobID, connection), job.status == .processing, job.leaseOwner == worker else { return nil }
        return job
    }
}

/// Another submission with the same idempotency key committed while this one was being written.
private struct IdempotencyKeyTaken: Error {}
