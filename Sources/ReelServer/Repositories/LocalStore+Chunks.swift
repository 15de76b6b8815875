import Foundation
import ReelStore

/// Chunk writes wake whoever waits on their job: its event streams and its worker, waiting for the last
/// chunk; a split wakes idle workers to claim the new chunks.
extension LocalStore {
    func split(jobID: String, worker: String, into chunks: [JobChunk], now: Date) async throws -> [JobChunk]? {
        let split = try await base.split(jobID: jobID, worker: worker, into: chunks, now: now)
        jobs.remove(jobID)
        signals.changes.post(jobID)
        if split != nil { signals.work.post(0) }
        return split
    }

    func claimChunk(of jobID: String?, worker: String, lease: TimeInterval, now: Date) async throws -> (chunk: JobChunk, job: Job)? {
        let claimed = try await base.claimChunk(of: jobID, worker: worker, lease: lease, now: now)
        if let claimed { signals.changes.post(claimed.chunk.jobID) }
        return claimed
    }

    func renewChunk(jobID: String, index: Int, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState {
        try await base.renewChunk(jobID: jobID, index: index, worker: worker, lease: lease, now: now)
    }

    func reportChunk(jobID: String, index: Int, worker: String, progress: Double) async throws {
        defer { signals.changes.post(jobID) }
        try await base.reportChunk(jobID: jobID, index: index, worker: worker, progress: progress)
    }

    func completeChunk(jobID: String, index: Int, worker: String) async throws -> Bool {
        defer { signals.changes.post(jobID) }
        return try await base.completeChunk(jobID: jobID, index: index, worker: worker)
    }

    func failChunk(jobID: String, index: Int, worker: String, message: String) async throws {
        defer { signals.changes.post(jobID) }
        try await base.failChunk(jobID: jobID, index: index, worker: worker, message: message)
    }

    func releaseChunk(jobID: String, index: Int, worker: String) async throws {
        try await base.releaseChunk(jobID: jobID, index: index, worker: worker)
        signals.changes.post(jobID)
        signals.work.post(0)
    }

    func chunks(jobID: String) async throws -> [JobChunk] { try await base.chunks(jobID: jobID) }

    func nextChunkDue() async throws -> Date? { try await base.nextChunkDue() }

    func heartbeat(worker: String, slots: Int, now: Date) async throws { try await base.heartbeat(worker: worker, slots: slots, now: now) }

    func liveSlots(since: Date) async throws -> Int { try await base.liveSlots(since: since) }
}

extension ChunkStore {
    /// The job's chunks, asked of the store only when it has some: every poll comes through here.
    func chunks(of job: Job) async throws -> [JobChunk] {
        job.chunkCount > 0 ? try await chunks(jobID: job.id) : []
    }
}
