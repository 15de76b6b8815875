import Foundation
import ReelClient
import Testing

/// Two nodes on one database, as a cluster runs them: one takes the requests, the other renders.
@Suite struct SharedDatabaseTests {
    @Test func anIdleWorkerOnAnotherNodeTakesANewJobWithoutWaitingForItsNextLook() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-nodes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let api = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "0", "--preview-workers", "0"])
        defer { api.stop() }
        let worker = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "1", "--preview-workers", "0"])
        defer { worker.stop() }
        // The worker found nothing to do and waits: on PostgreSQL it looks by itself only every 30 s, so a
        // render well within that means the job's notification woke it (on SQLite it looks every second).
        try await Task.sleep(for: .seconds(2))
        let client = ReelClient(baseURL: api.url, apiKey: try #require(api.firstKey))
        let job = try await client.submit(Data(colorTimeline().utf8))
        let finished = try await client.wait(for: job.id, every: .milliseconds(50), timeout: .seconds(20))
        #expect(finished.status == "completed", "\(worker.logTail)")
    }
}
