import Foundation

/// The chunks of chunked renders and the workers that render them. A job's worker splits it; any
/// worker claims a chunk under a lease of its own, and a lapsed lease lets another take it over, so a
/// worker lost mid-chunk costs that chunk only.
public protocol ChunkStore: Sendable {
    /// Splits the job into `chunks`, unless it has chunks already (a worker that took the job over keeps
    /// the ones done); nil when `worker` does not hold the job. Answers the job's chunks.
    func split(jobID: String, worker: String, into chunks: [JobChunk], now: Date) async throws -> [JobChunk]?
    /// Takes the first queued chunk of an unfinished job (of `jobID` only, if given), or one whose worker's
    /// lease lapsed, with its job.
    func claimChunk(of jobID: String?, worker: String, lease: TimeInterval, now: Date) async throws -> (chunk: JobChunk, job: Job)?
    /// `canceled` when its job was; `lost` when the job ended or another worker took the chunk.
    func renewChunk(jobID: String, index: Int, worker: String, lease: TimeInterval, now: Date) async throws -> LeaseState
    /// Progress never goes down.
    func reportChunk(jobID: String, index: Int, worker: String, progress: Double) async throws
    /// False when the worker no longer held it.
    func completeChunk(jobID: String, index: Int, worker: String) async throws -> Bool
    /// Fails the chunk, and with it the job when its worker next looks.
    func failChunk(jobID: String, index: Int, worker: String, message: String) async throws
    /// Gives the chunk back to the queue, as a graceful shutdown does.
    func releaseChunk(jobID: String, index: Int, worker: String) async throws
    /// The job's chunks, in order; none when it was rendered in one pass.
    func chunks(jobID: String) async throws -> [JobChunk]
    /// When the next chunk becomes claimable (now, for a queued one) or its lease lapses, if any will.
    func nextChunkDue() async throws -> Date?
    /// Records that `worker` is alive with `slots` render slots, for `num_workers: "auto"`.
    func heartbeat(worker: String, slots: Int, now: Date) async throws
    /// The render slots of the workers seen since `since`.
    func liveSlots(since: Date) async throws -> Int
}
