import Foundation
import PostgresNIO

extension PostgresStore {
    public func split(jobID: String, worker: String, into chunks: [JobChunk], now: Date) async throws -> [JobChunk]? {
        try await write { connection in
            guard var job = try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(jobID) FOR UPDATE"),
                job.status == .processing, job.leaseOwner == worker
            else { return nil }
            let existing = try await Self.chunks(of: jobID, connection)
            guard existing.isEmpty else { return existing }
            for chunk in chunks { try await connection.insert(chunk) }
            job.chunkCount = chunks.count
            try await connection.update(job)
            try await Self.notifyChunks(of: jobID, claimable: true, connection)
            return chunks
        }
    }

    public func claimChunk(of jobID: String?, worker: String, lease: TimeInterval, now: Date) async throws -> (chunk: JobChunk, job: Job)? {
        try await write { connection in
            // Chunks other workers are claiming are skipped, not waited for, as jobs' claims are.
            guard
                var chunk = try await connection.one(
                    JobChunk.self,
                    """
                    SELECT job_chunks.* FROM job_chunks JOIN jobs ON jobs.id = job_chunks.job_id
                    WHERE jobs.status IN ('queued', 'processing') AND (\(jobID)::TEXT IS NULL OR job_chunks.job_id = \(jobID))
                      AND (job_chunks.status = 'queued' OR (job_chunks.status = 'processing' AND job_chunks.lease_expires_at < \(now)))
                    ORDER BY job_chunks.job_id, job_chunks.chunk_index LIMIT 1 FOR UPDATE OF job_chunks SKIP LOCKED
                    """),
                let job = try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(chunk.jobID)")
            else { return nil }
            chunk.claim(by: worker, lease: lease, now: now)
            try await Self.save(chunk, connection)
            try await Self.notifyChunks(of: chunk.jobID, claimable: false, connection)
            return (chunk, job)
        }
    }

    public func renewChunk(jobID: String, index: Int, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await write { connection in
            guard let job = try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(jobID)") else { return .lost }
            if job.status == .canceled { return .canceled }
            guard !job.status.isTerminal, var chunk = try await Self.held(jobID, index, by: worker, connection) else { return .lost }
            chunk.leaseExpiresAt = now.addingTimeInterval(lease)
            try await Self.save(chunk, connection)
            return .held
        }
    }

    public func reportChunk(jobID: String, index: Int, worker: String, progress: Double) async throws {
        try await write { connection in
            guard var chunk = try await Self.held(jobID, index, by: worker, connection) else { return }
            chunk.progress = max(chunk.progress, min(progress, 100))
            try await Self.save(chunk, connection)
            try await Self.notifyChunks(of: jobID, claimable: false, connection)
        }
    }

    public func completeChunk(jobID: String, index: Int, worker: String) async throws -> Bool {
        try await write { connection in
            guard var chunk = try await Self.held(jobID, index, by: worker, connection) else { return false }
            chunk.status = .completed
            chunk.progress = 100
            chunk.leaseExpiresAt = nil
            try await Self.save(chunk, connection)
            try await Self.notifyChunks(of: jobID, claimable: false, connection)
            return true
        }
    }

    public func failChunk(jobID: String, index: Int, worker: String, message: String) async throws {
        try await write { connection in
            guard var chunk = try await Self.held(jobID, index, by: worker, connection) else { return }
            chunk.status = .failed
            chunk.leaseExpiresAt = nil
            chunk.errorMessage = message
            try await Self.save(chunk, connection)
            try await Self.notifyChunks(of: jobID, claimable: false, connection)
        }
    }

    public func releaseChunk(jobID: String, index: Int, worker: String) async throws {
        try await write { connection in
            guard var chunk = try await Self.held(jobID, index, by: worker, connection) else { return }
            chunk.status = .queued
            chunk.worker = nil
            chunk.leaseExpiresAt = nil
            chunk.attempts = max(0, chunk.attempts - 1)
            try await Self.save(chunk, connection)
            try await Self.notifyChunks(of: jobID, claimable: true, connection)
        }
    }

    public func chunks(jobID: String) async throws -> [JobChunk] {
        try await read { connection in try await Self.chunks(of: jobID, connection) }
    }

    public func nextChunkDue() async throws -> Date? {
        try await read { connection in
            let unfinished = try await connection.value(
                Bool.self,
                """
                SELECT EXISTS (SELECT 1 FROM job_chunks JOIN jobs ON jobs.id = job_chunks.job_id
                               WHERE job_chunks.status = 'queued' AND jobs.status IN ('queued', 'processing'))
                """)
            if unfinished == true { return .distantPast }
            return try await connection.value(
                Date.self,
                """
                SELECT MIN(job_chunks.lease_expires_at) FROM job_chunks JOIN jobs ON jobs.id = job_chunks.job_id
                WHERE job_chunks.status = 'processing' AND jobs.status IN ('queued', 'processing')
                """)
        }
    }

    public func heartbeat(worker: String, slots: Int, now: Date) async throws {
        try await write { connection in
            try await connection.run(
                """
                INSERT INTO workers (id, slots, seen_at) VALUES (\(worker), \(slots), \(now))
                ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, seen_at = excluded.seen_at
                """)
            // Workers gone for a day are forgotten.
            try await connection.run("DELETE FROM workers WHERE seen_at < \(now.addingTimeInterval(-86400))")
        }
    }

    public func liveSlots(since: Date) async throws -> Int {
        try await read { connection in
            try await connection.value(Int.self, "SELECT COALESCE(SUM(slots), 0)::BIGINT FROM workers WHERE seen_at >= \(since)") ?? 0
        }
    }

    private static func chunks(of jobID: String, _ connection: PostgresConnection) async throws -> [JobChunk] {
        try await connection.all(JobChunk.self, "SELECT * FROM job_chunks WHERE job_id = \(jobID) ORDER BY chunk_index")
    }

    /// The chunk, locked until the transaction ends, if `worker` holds it.
    private static func held(_ jobID: String, _ index: Int, by worker: String, _ connection: PostgresConnection) async throws -> JobChunk? {
        guard
            let chunk = try await connection.one(
                JobChunk.self, "SELECT * FROM job_chunks WHERE job_id = \(jobID) AND chunk_index = \(index) FOR UPDATE"),
            chunk.status == .processing, chunk.worker == worker
        else { return nil }
        return chunk
    }

    /// Writes what a chunk's worker changes: its state, progress, lease and error.
    private static func save(_ chunk: JobChunk, _ connection: PostgresConnection) async throws {
        try await connection.run(
            """
            UPDATE job_chunks SET status = \(chunk.status.rawValue), progress = \(chunk.progress), worker = \(chunk.worker),
                lease_expires_at = \(chunk.leaseExpiresAt), attempts = \(chunk.attempts), error_message = \(chunk.errorMessage)
            WHERE job_id = \(chunk.jobID) AND chunk_index = \(chunk.index)
            """)
    }

    /// Tells every node that the job's chunks changed. A chunk that can be claimed is announced as queued work
    /// of its job, which wakes idle workers everywhere; any other change wakes those that follow the job.
    private static func notifyChunks(of jobID: String, claimable: Bool, _ connection: PostgresConnection) async throws {
        let payload = JobChangePayload.encode(JobChange(jobID: jobID, status: claimable ? .queued : .processing, hasCallback: false))
        try await connection.run("SELECT pg_notify(\(PostgresListener.channel), \(payload))")
    }
}
