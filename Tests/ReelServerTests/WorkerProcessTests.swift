import Foundation
import ReelClient
import ReelStore
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
            Thread { worker.waitUntilExit() }.start()
        }
        let client = ReelClient(baseURL: api.url, apiKey: try #require(api.firstKey))

        let short = try await client.submit(Data(colorTimeline().utf8))
        let finished = try await client.wait(for: short.id, every: .milliseconds(50), timeout: .seconds(60))
        #expect(finished.status == "completed" && finished.url != nil)

        let long = try await client.submit(Data(colorTimeline(seconds: 30, resolution: "hd").utf8))
        try await waitUntilRendering(client, long.id)
        let renderers = await processes(mentioning: folder.path + "/work")
        try #require(!renderers.isEmpty, "ffmpeg should be rendering")
        let exit = ExitWatch(renderers, giveUpAfter: 10)
        #expect(try await client.cancel(long.id).status == "canceled")
        let exitedAt = try #require(await exit.exitedAt, "ffmpeg still ran 10 s after the cancel")
        // The worker learns of it when it renews its lease, every half second; the bound leaves room for a loaded machine.
        // Measured from the API's own stamp of the cancel to the exit a thread of its own saw, which the suite beside it cannot stretch.
        let canceledAt = try #require(try await SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path).job(id: long.id)?.canceledAt)
        #expect(exitedAt.timeIntervalSince(canceledAt) < 2.5, "ffmpeg stopped \(exitedAt.timeIntervalSince(canceledAt)) s after the cancel")
        #expect(worker.isRunning)
    }
}
