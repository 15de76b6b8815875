import Foundation
import ReelClient
import ReelStore
import Testing

/// A chunked render over separate `reel worker` processes sharing one database and data folder.
@Suite struct ChunkFailoverTests {
    @Test func aWorkerKilledMidChunkCostsThatChunkOnlyAndTheJobIsChargedOnceWithOneWebhook() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-chunks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let hooks = folder.appendingPathExtension("hooks.jsonl")
        let receiver = try await LoopbackPeer.webhookReceiver(failures: 0, log: hooks)
        defer { receiver.stop() }
        let api = try await ServerProcess(dataDirectory: folder, arguments: ["--workers", "0", "--allow-private-urls"])
        defer { api.stop() }
        var workers: [Process] = []
        defer {
            for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) }
        }
        for _ in 0..<3 {
            let worker = Process()
            worker.executableURL = reelExecutable
            worker.arguments = ["worker", "--data-dir", folder.path, "--workers", "1", "--lease-seconds", "2", "--allow-private-urls"]
            worker.standardOutput = FileHandle.nullDevice
            worker.standardError = FileHandle.nullDevice
            try worker.run()
            workers.append(worker)
        }
        let key = try #require(api.firstKey)
        let client = ReelClient(baseURL: api.url, apiKey: key)
        let body = colorTimeline(seconds: 30, resolution: "hd", extra: #", "num_workers": 3, "callback": "\#(receiver.url("hook"))""#)
        let job = try await client.submit(Data(body.utf8))

        // Kill the process rendering a chunk that is under way; the worker's id, HOST:PID:RANDOM, carries its process id.
        let store = try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
        let deadline = Deadline(.seconds(60), "a chunk past 20 % on a worker process")
        var victim: (chunk: Int, pid: Int32)?
        while victim == nil {
            let chunks = try await store.chunks(jobID: job.id)
            for chunk in chunks where chunk.status == .processing && chunk.progress > 20 {
                let pid = chunk.worker.flatMap { $0.split(separator: ":").dropFirst().first.flatMap { Int32($0) } }
                if let pid, workers.contains(where: { $0.processIdentifier == pid }) { victim = (chunk.index, pid) }
            }
            try deadline.check(seen: "\(chunks)")
            try await Task.sleep(for: .milliseconds(50))
        }
        let (index, pid) = try #require(victim)
        kill(pid, SIGKILL)

        let finished = try await client.wait(for: job.id, every: .milliseconds(100), timeout: .seconds(120))
        #expect(finished.status == "completed", "\(api.logTail)")
        let chunks = try await store.chunks(jobID: job.id)
        #expect(chunks.count == 3 && chunks.allSatisfy { $0.status == .completed })
        #expect(chunks[index].attempts == 2, "the killed chunk ran again: \(chunks)")
        #expect(chunks.filter { $0.index != index }.allSatisfy { $0.attempts == 1 }, "only the killed chunk ran again: \(chunks)")
        let stored = try #require(try await store.job(id: job.id))
        #expect(try await store.ledger(accountID: stored.accountID).map(\.amount) == [-job.creditsUsed])
        let output = folder.appendingPathComponent("outputs/\(job.id)/output.mp4")
        let frames = try await runTool(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", output.path])
        #expect(String(decoding: frames, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "750")
        let webhooks = Deadline(.seconds(15), "the webhook of job \(job.id) to be delivered")
        var deliveries = try await store.deliveries(accountID: stored.accountID, jobID: job.id, before: nil, limit: 10)
        while !deliveries.contains(where: \.success) {
            try webhooks.check(seen: "\(deliveries)")
            try await Task.sleep(for: .milliseconds(50))
            deliveries = try await store.deliveries(accountID: stored.accountID, jobID: job.id, before: nil, limit: 10)
        }
        #expect(deliveries.count == 1)
        #expect(try String(contentsOf: hooks, encoding: .utf8).split(separator: "\n").count == 1)
    }
}
