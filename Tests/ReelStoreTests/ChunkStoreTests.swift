import Foundation
import ReelStore
import Testing

/// The chunk queue's promises, held by every backend.
@Suite struct ChunkStoreTests {
    static func chunks(of jobID: String, _ count: Int) -> [JobChunk] {
        (0..<count).map { JobChunk(jobID: jobID, index: $0, startFrame: $0 * 50, endFrame: ($0 + 1) * 50, start: Double($0) * 2, end: Double($0 + 1) * 2) }
    }

    /// A job claimed by `worker` and split into `count` chunks.
    static func split(_ fixture: StoreFixture, worker: String = "coordinator", count: Int = 3, now: Date = Date()) async throws -> Job {
        let account = try await fixture.account("a")
        _ = try await fixture.submit(account, now: now)
        let job = try #require(try await fixture.store.claim(worker: worker, lease: 60, now: now))
        let split = try await fixture.store.split(jobID: job.id, worker: worker, into: chunks(of: job.id, count), now: now)
        #expect(split?.map(\.index) == Array(0..<count))
        return job
    }

    @Test(arguments: StoreBackend.allCases) func onlyTheJobsWorkerSplitsItAndOnlyOnce(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let job = try await Self.split(fixture)
        #expect(try await fixture.store.split(jobID: job.id, worker: "stranger", into: Self.chunks(of: job.id, 5), now: Date()) == nil)
        // A worker that took the job over finds the chunks there are, done ones included.
        let again = try await fixture.store.split(jobID: job.id, worker: "coordinator", into: Self.chunks(of: job.id, 5), now: Date())
        #expect(again?.count == 3)
        #expect(try await fixture.store.job(id: job.id)?.chunkCount == 3)
    }

    @Test(arguments: StoreBackend.allCases) func eachChunkIsClaimedByOneWorkerOnlyInOrder(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let job = try await Self.split(fixture, count: 12)
        let stores = [fixture.store, try await fixture.reopen(), try await fixture.reopen()]
        let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var mine: [Int] = []
                    while let claim = try await store.claimChunk(of: nil, worker: "w\(index)", lease: 60, now: Date()) { mine.append(claim.chunk.index) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.sorted() == Array(0..<12))
        let chunks = try await fixture.store.chunks(jobID: job.id)
        #expect(chunks.allSatisfy { $0.status == .processing && $0.attempts == 1 && $0.worker?.hasPrefix("w") == true })
    }

    @Test(arguments: StoreBackend.allCases) func aLapsedChunkLeaseLetsAnotherWorkerTakeItOver(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let start = Date()
        let job = try await Self.split(fixture, count: 1, now: start)
        let first = try #require(try await fixture.store.claimChunk(of: job.id, worker: "first", lease: 2, now: start))
        #expect(try await fixture.store.claimChunk(of: job.id, worker: "second", lease: 2, now: start.addingTimeInterval(1)) == nil)
        #expect(try await fixture.store.nextChunkDue().map { abs($0.timeIntervalSince(start.addingTimeInterval(2))) < 0.01 } == true)
        let second = try #require(try await fixture.store.claimChunk(of: job.id, worker: "second", lease: 2, now: start.addingTimeInterval(3)))
        #expect(second.chunk.index == first.chunk.index && second.chunk.attempts == 2)
        // The first worker lost it: its renewal, progress and completion change nothing.
        #expect(try await fixture.store.renewChunk(jobID: job.id, index: 0, worker: "first", lease: 2, now: start.addingTimeInterval(3)) == .lost)
        #expect(try await fixture.store.completeChunk(jobID: job.id, index: 0, worker: "first") == false)
        try await fixture.store.reportChunk(jobID: job.id, index: 0, worker: "second", progress: 40)
        try await fixture.store.reportChunk(jobID: job.id, index: 0, worker: "second", progress: 30)
        #expect(try await fixture.store.chunks(jobID: job.id).first?.progress == 40)
        #expect(try await fixture.store.completeChunk(jobID: job.id, index: 0, worker: "second"))
        let done = try #require(try await fixture.store.chunks(jobID: job.id).first)
        #expect(done.status == .completed && done.progress == 100 && done.worker == "second")
        #expect(try await fixture.store.claimChunk(of: nil, worker: "third", lease: 2, now: start.addingTimeInterval(9)) == nil)
    }

    @Test(arguments: StoreBackend.allCases) func aCanceledJobsChunksStopAndAreNotClaimed(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let job = try await Self.split(fixture, count: 2)
        _ = try #require(try await fixture.store.claimChunk(of: nil, worker: "w", lease: 60, now: Date()))
        _ = try await fixture.store.cancel(id: job.id, accountID: job.accountID, now: Date())
        #expect(try await fixture.store.renewChunk(jobID: job.id, index: 0, worker: "w", lease: 60, now: Date()) == .canceled)
        #expect(try await fixture.store.claimChunk(of: nil, worker: "w", lease: 60, now: Date()) == nil)
        #expect(try await fixture.store.nextChunkDue() == nil)
    }

    @Test(arguments: StoreBackend.allCases) func aRetriedJobIsSplitAfreshAndAReleasedChunkIsQueuedAgain(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let job = try await Self.split(fixture, count: 2)
        _ = try #require(try await fixture.store.claimChunk(of: nil, worker: "w", lease: 60, now: Date()))
        try await fixture.store.releaseChunk(jobID: job.id, index: 0, worker: "w")
        let released = try #require(try await fixture.store.chunks(jobID: job.id).first)
        #expect(released.status == .queued && released.worker == nil && released.attempts == 0)
        _ = try #require(try await fixture.store.claimChunk(of: nil, worker: "w", lease: 60, now: Date()))
        try await fixture.store.failChunk(jobID: job.id, index: 0, worker: "w", message: "ffmpeg exited with status 1")
        #expect(try await fixture.store.chunks(jobID: job.id).first?.errorMessage == "ffmpeg exited with status 1")
        _ = try await fixture.store.fail(jobID: job.id, worker: "coordinator", code: "RENDER_FAILED", message: "chunk 0", retryAt: Date(), now: Date())
        #expect(try await fixture.store.chunks(jobID: job.id).isEmpty)
        #expect(try await fixture.store.job(id: job.id)?.chunkCount == 0)
    }

    @Test(arguments: StoreBackend.allCases) func liveSlotsCountTheWorkersSeenLately(_ backend: StoreBackend) async throws {
        let fixture = try await StoreFixture(backend)
        defer { fixture.cleanUp() }
        let now = Date()
        try await fixture.store.heartbeat(worker: "a", slots: 2, now: now.addingTimeInterval(-60))
        try await fixture.store.heartbeat(worker: "b", slots: 3, now: now)
        try await fixture.store.heartbeat(worker: "c", slots: 1, now: now)
        try await fixture.store.heartbeat(worker: "c", slots: 4, now: now)
        #expect(try await fixture.store.liveSlots(since: now.addingTimeInterval(-30)) == 7)
    }
}
