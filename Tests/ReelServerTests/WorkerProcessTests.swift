import Foundation
import ReelClient
import Testing

/// `reel serve --workers 0` and `reel serve --mode worker` (what `reel worker` runs) as two processes on one database.
@Suite struct WorkerProcessTests {
    @Test func aSeparateWorkerRendersWhatTheAPIAcceptedAndStopsWhenItIsCanceled() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let api = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "0"])
        defer { api.stop() }
        let worker = Process()
        worker.executableURL = reelExecutable
        worker.arguments = ["serve", "--mode", "worker", "--data-dir", folder.path]
        worker.standardOutput = FileHandle.nullDevice
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        defer {
            kill(worker.processIdentifier, SIGTERM)
            worker.waitUntilExit()
        }
        let client = ReelClient(baseURL: api.url, apiKey: try #require(api.firstKey))

        let short = try await client.submit(Data(colorTimeline().utf8))
        let finished = try await client.wait(for: short.id, every: .milliseconds(50))
        #expect(finished.status == "completed" && finished.url != nil)

        let long = try await client.submit(Data(colorTimeline(seconds: 30, resolution: "hd").utf8))
        let rendering = try await waitUntilRendering(client, long.id)
        let renderers = await processes(mentioning: folder.path + "/work")
        #expect(rendering && !renderers.isEmpty)
        let canceledAt = ContinuousClock.now
        #expect(try await client.cancel(long.id).status == "canceled")
        // The worker learns of it when it renews its lease, every half second; the bound leaves room for a loaded machine.
        try await waitForExit(of: renderers, since: canceledAt, giveUpAfter: .seconds(5))
        #expect(ContinuousClock.now - canceledAt < .milliseconds(2500))
        #expect(worker.isRunning)
    }
}
