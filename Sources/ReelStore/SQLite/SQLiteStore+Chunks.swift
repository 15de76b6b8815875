import Foundation
import GRDB

extension SQLiteStore {
    public func split(jobID: String, worker: String, into chunks: [JobChunk], now: Date) async throws -> [JobChunk]? {
        try await pool.write { db in
            guard var job = try Job.fetchOne(db, key: jobID), job.status == .processing, job.leaseOwner == worker else { return nil }
            let existing = try Self.chunks(of: jobID, db)
            guard existing.isEmpty else { return existing }
            for chunk in chunks { try chunk.insert(db) }
            job.chunkCount = chunks.count
            try job.update(db)
            return chunks
        }
    }

    public func claimChunk(of jobID: String?, worker: String, lease: TimeInterval, now: Date) async throws -> (chunk: JobChunk, job: Job)? {
        try await pool.write { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT job_chunks.job_id, job_chunks.chunk_index FROM job_chunks JOIN jobs ON jobs.id = job_chunks.job_id
                    WHERE jobs.status IN ('queued', 'processing') AND (? IS NULL OR job_chunks.job_id = ?)
                      AND (job_chunks.status = 'queued' OR (job_chunks.status = 'processing' AND job_chunks.lease_expires_at < ?))
                    ORDER BY job_chunks.job_id, job_chunks.chunk_index LIMIT 1
                    """, arguments: [jobID, jobID, now])
            guard let row, var chunk = try JobChunk.fetchOne(db, key: ["job_id": row["job_id"], "chunk_index": row["chunk_index"]]),
                let job = try Job.fetchOne(db, key: chunk.jobID)
            else { return nil }
            chunk.claim(by: worker, lease: lease, now: now)
            try chunk.update(db)
            return (chunk, job)
        }
    }

    public func renewChunk(jobID: String, index: Int, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await pool.write { db in
            guard let job = try Job.fetchOne(db, key: jobID) else { return .lost }
            if job.status == .canceled { return .canceled }
            guard !job.status.isTerminal, var chunk = try Self.held(jobID, index, by: worker, db) else { return .lost }
            chunk.leaseExpiresAt = now.addingTimeInterval(lease)
            try chunk.update(db)
            return .held
        }
    }

    public func reportChunk(jobID: String, index: Int, worker: String, progress: Double) async throws {
        try await pool.write { db in
            guard var chunk = try Self.held(jobID, index, by: worker, db) else { return }
            chunk.progress = max(chunk.progress, min(progress, 100))
            try chunk.update(db)
        }
    }

    public func completeChunk(jobID: String, index: Int, worker: String) async throws -> Bool {
        try await pool.write { db in
            guard var chunk = try Self.held(jobID, index, by: worker, db) else { return false }
            chunk.status = .completed
            chunk.progress = 100
            chunk.leaseExpiresAt = nil
            try chunk.update(db)
            return true
        }
    }

    public func failChunk(jobID: String, index: Int, worker: String, message: String) async throws {
        try await pool.write { db in
            guard var chunk = try Self.held(jobID, index, by: worker, db) else { return }
            chunk.status = .failed
            chunk.leaseExpiresAt = nil
            chunk.errorMessage = message
            try chunk.update(db)
        }
    }

    public func releaseChunk(jobID: String, index: Int, worker: String) async throws {
        try await pool.write { db in
            guard var chunk = try Self.held(jobID, index, by: worker, db) else { return }
            chunk.status = .queued
            chunk.worker = nil
            chunk.leaseExpiresAt = nil
            chunk.attempts = max(0, chunk.attempts - 1)
            try chunk.update(db)
        }
    }

    public func chunks(jobID: String) async throws -> [JobChunk] {
        try await pool.read { db in try Self.chunks(of: jobID, db) }
    }

    public func nextChunkDue() async throws -> Date? {
        try await pool.read { db in
            let unfinished = "job_id IN (SELECT id FROM jobs WHERE status IN ('queued', 'processing'))"
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM job_chunks WHERE status = 'queued' AND \(unfinished))") == true {
                return .distantPast
            }
            return try Date.fetchOne(db, sql: "SELECT MIN(lease_expires_at) FROM job_chunks WHERE status = 'processing' AND \(unfinished)")
        }
    }

    public func heartbeat(worker: String, slots: Int, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO workers (id, slots, seen_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, seen_at = excluded.seen_at",
                arguments: [worker, slots, now])
            // Workers gone for a day are forgotten.
            try db.execute(sql: "DELETE FROM workers WHERE seen_at < ?", arguments: [now.addingTimeInterval(-86400)])
        }
    }

    public func liveSlots(since: Date) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(slots), 0) FROM workers WHERE seen_at >= ?", arguments: [since]) ?? 0 }
    }

    private static func chunks(of jobID: String, _ db: Database) throws -> [JobChunk] {
        try JobChunk.filter(Column("job_id") == jobID).order(Column("chunk_index")).fetchAll(db)
    }

    private static func held(_ jobID: String, _ index: Int, by worker: String, _ db: Database) throws -> JobChunk? {
        guard let chunk = try JobChunk.fetchOne(db, key: ["job_id": jobID, "chunk_index": index]), chunk.status == .processing, chunk.worker == worker else {
            return nil
        }
        return chunk
    }
}
