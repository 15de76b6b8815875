import Foundation
import ReelClient
import ReelStore
import Testing

/// A render that fails for a passing reason is tried again, and the account pays once.
@Suite struct RetryTests {
    @Test func aRenderWhoseFfmpegFailsOnceCompletesOnTheSecondAttemptChargedOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-retry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tools = folder.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        // First on the server's PATH: an ffmpeg whose first run dies as a real one does when the
        // machine runs out of memory, and which is the real ffmpeg from then on.
        let failedOnce = folder.appendingPathComponent("ffmpeg-failed-once")
        try FileManager.default.createSymbolicLink(
            at: tools.appendingPathComponent("ffmpeg"), withDestinationURL: OpenAPITests.packageRoot.appendingPathComponent("Tests/Tools/ffmpeg-fails-once"))

        let created = try await runReel(["keys", "create", "--name", "retry", "--credits", "50", "--data-dir", folder.path], in: folder)
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let server = try await ServerProcess(
            dataDirectory: folder, arguments: ["--workers", "1", "--retry-delay", "0.5"], environment: ["PATH": "\(tools.path):\(path)"])
        defer { server.stop() }
        let client = ReelClient(baseURL: server.url, apiKey: key)
        let job = try await client.submit(Data(colorTimeline(seconds: 1).utf8))
        let finished = try await client.wait(for: job.id, every: .milliseconds(100), timeout: .seconds(60))
        #expect(finished.status == "completed", "\(server.logTail)")
        #expect(FileManager.default.fileExists(atPath: failedOnce.path), "the failing ffmpeg never ran")

        let store = try await TestDatabases.store(for: folder)
        let stored = try #require(try await store.job(id: job.id))
        #expect(stored.attempts == 2)
        #expect(try await store.ledger(accountID: stored.accountID).map(\.amount) == [-job.creditsUsed])
        #expect(try await store.account(id: stored.accountID)?.credits == 50 - job.creditsUsed)
    }
}
