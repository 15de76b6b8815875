import Foundation
import ReelClient
import Testing

/// Two API nodes and three render workers on PostgreSQL, sharing storage (the README's "Running a cluster").
@Suite struct ClusterTests {
    static let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/media")

    /// Six seconds at 25 fps in chunks of 2 s: a crossfade (1.5–2.5 s) and a zoom cross the first boundary,
    /// a slide the second; text fades in and out across both; a soundtrack is mixed once.
    static func timeline(_ files: LoopbackPeer, workers: Int) -> String {
        ##"""
        {"timeline": {"soundtrack": {"src": "\##(files.url("music.mp3"))", "effect": "fadeInFadeOut"}, "tracks": [
            {"clips": [{"asset": {"type": "text", "text": "Cluster", "font": {"size": 28, "color": "#ffffff"}},
                        "start": 0.5, "length": 5, "position": "bottom", "transition": {"in": "fade", "out": "fadeSlow"}}]},
            {"clips": [
              {"asset": {"type": "image", "src": "\##(files.url("sunset.jpg"))"}, "start": 0, "length": 2.5, "effect": "zoomIn", "transition": {"out": "fade"}},
              {"asset": {"type": "image", "src": "\##(files.url("bars.jpg"))"}, "start": 1.5, "length": 4.5, "effect": "slideLeft", "transition": {"in": "fade"}}]}]},
         "output": {"format": "mp4", "resolution": "preview", "fps": 25, "quality": "veryhigh"}, "num_workers": \##(workers)}
        """##
    }

    @Test(arguments: Cluster.Storage.allCases)
    func aChunkedRenderSpreadOverWorkerProcessesEqualsOnePass(_ storage: Cluster.Storage) async throws {
        let files = try await LoopbackPeer.files(in: Self.media)
        defer { files.stop() }
        let cluster = try await Cluster(storage: storage)
        defer { cluster.stop() }
        let first = ReelClient(baseURL: cluster.nodes[0].url, apiKey: cluster.key)
        let second = ReelClient(baseURL: cluster.nodes[1].url, apiKey: cluster.key)
        let chunked = try await first.submit(Data(Self.timeline(files, workers: 3).utf8))
        let single = try await first.submit(Data(Self.timeline(files, workers: 1).utf8))
        // Submitted on one node, followed on the other.
        let done = try await second.wait(for: chunked.id, every: .milliseconds(100), timeout: .seconds(120))
        let reference = try await second.wait(for: single.id, every: .milliseconds(100), timeout: .seconds(120))
        try #require(done.status == "completed" && reference.status == "completed", "\(done) \(reference)")
        let chunks = try #require(done.chunks)
        #expect(chunks.map(\.index) == [0, 1, 2] && chunks.allSatisfy { $0.status == "completed" })
        let processes = Set(chunks.compactMap { cluster.worker(holding: $0.worker)?.processIdentifier })
        #expect(processes.count >= 2, "the chunks were rendered by \(chunks.map(\.worker))")

        let folder = cluster.root
        let outputs = [folder.appendingPathComponent("chunked.mp4"), folder.appendingPathComponent("single.mp4")]
        try await second.download(done, to: outputs[0])
        try await second.download(reference, to: outputs[1])
        let frames = try await outputs.asyncMap(frameTimes)
        #expect(frames[0].count == 150 && frames[0] == frames[1], "the same frames at the same times")
        let psnr = try await framePSNR(outputs[1], outputs[0])
        #expect(psnr.count == 150 && (psnr.min() ?? 0) >= 40, "the worst frame: \(psnr.min() ?? 0) dB")
        let sounds = try await outputs.asyncMap { try await runTool(["ffmpeg", "-v", "error", "-i", $0.path, "-map", "0:a", "-f", "md5", "-"]) }
        #expect(sounds[0] == sounds[1], "the sound is mixed once, as in one pass: no drift at a join")
    }

    @Test func killedWorkersAndNodesAndAPostgresRestartLoseNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-cluster-hooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hooks = folder.appendingPathComponent("hooks.jsonl")
        let receiver = try await LoopbackPeer.webhookReceiver(failures: 0, log: hooks)
        defer { receiver.stop() }
        let cluster = try await Cluster(storage: .folder)
        defer { cluster.stop() }
        let first = ReelClient(baseURL: cluster.nodes[0].url, apiKey: cluster.key)
        let second = ReelClient(baseURL: cluster.nodes[1].url, apiKey: cluster.key)
        let body = colorTimeline(seconds: 30, resolution: "hd", extra: #", "num_workers": 3, "callback": "\#(receiver.url("hook"))""#)
        let job = try await first.submit(Data(body.utf8))

        // kill -9 of the worker process rendering a chunk under way.
        let deadline = Deadline(.seconds(60), "a chunk past 20 % on a worker process")
        var victim: Process?
        while victim == nil {
            let chunks = try await second.job(job.id).chunks ?? []
            victim = chunks.first { $0.status == "processing" && $0.progress > 20 }.flatMap { cluster.worker(holding: $0.worker) }
            try deadline.check(seen: "\(chunks)")
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(try #require(victim).processIdentifier, SIGKILL)
        // kill -9 of the node the job was submitted to: the other answers for it.
        cluster.nodes[0].kill9()
        #expect(try await second.job(job.id).id == job.id)
        // PostgreSQL restarts under the running render; the nodes and workers reconnect by themselves.
        try await cluster.restartPostgres()

        let finished = try await second.wait(for: job.id, every: .milliseconds(200), timeout: .seconds(180))
        #expect(finished.status == "completed", "\(cluster.nodes[1].logTail)")
        let ledger = try await fetchJSON(cluster.nodes[1].url + "/v1/credits/ledger?limit=100", key: cluster.key)["data"] as? [[String: Any]] ?? []
        #expect(ledger.filter { $0["job_id"] as? String == job.id }.compactMap { $0["amount"] as? Int } == [-job.creditsUsed], "charged once: \(ledger)")
        let webhooks = Deadline(.seconds(20), "the webhook of job \(job.id)")
        while try String(contentsOf: hooks, encoding: .utf8).isEmpty {
            try webhooks.check(seen: "no webhook yet")
            try await Task.sleep(for: .milliseconds(100))
        }
        // Longer than a dispatcher's retry would take to send a second one.
        try await Task.sleep(for: .seconds(2))
        #expect(try String(contentsOf: hooks, encoding: .utf8).split(separator: "\n").count == 1, "one webhook")
        let output = cluster.sharedFolder.appendingPathComponent("outputs/\(job.id)/output.mp4")
        #expect(try await frameTimes(output).count == 750)
    }

    @Test func aCancelOnOneNodeStopsTheChunksOnTheWorkersWithinASecond() async throws {
        let cluster = try await Cluster(storage: .folder)
        defer { cluster.stop() }
        let first = ReelClient(baseURL: cluster.nodes[0].url, apiKey: cluster.key)
        let second = ReelClient(baseURL: cluster.nodes[1].url, apiKey: cluster.key)
        let job = try await first.submit(Data(colorTimeline(seconds: 90, resolution: "1080", extra: #", "num_workers": 3"#).utf8))
        let deadline = Deadline(.seconds(60), "three chunks rendering")
        while true {
            let chunks = try await first.job(job.id).chunks ?? []
            if chunks.filter({ $0.status == "processing" && $0.progress > 0 }).count == 3 { break }
            try deadline.check(seen: "\(chunks)")
            try await Task.sleep(for: .milliseconds(50))
        }
        let renderers = await cluster.renderers()
        try #require(renderers.count >= 3, "one ffmpeg per chunk should be running: \(renderers)")
        let exit = ExitWatch(renderers, giveUpAfter: 10)
        // From before the request, by this process's clock: the job's `canceled_at` has whole seconds only, and
        // measured from it a stop that took milliseconds could look like up to a second more (1.03 s once).
        let sentAt = Date()
        let canceled = try await second.cancel(job.id)
        #expect(canceled.status == "canceled")
        let exitedAt = try #require(await exit.exitedAt, "a chunk's ffmpeg still ran 10 s after the cancel")
        #expect(exitedAt.timeIntervalSince(sentAt) < 1, "the last chunk stopped \(exitedAt.timeIntervalSince(sentAt)) s after the cancel was sent")
    }
}

/// Each frame's presentation time, in order.
private func frameTimes(_ file: URL) async throws -> [String] {
    let output = try await runTool(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time", "-of", "csv=p=0", file.path])
    // A key frame's line also carries its side data, after a comma.
    return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: ",").first.map(String.init) }
}

/// The PSNR of each frame of `other` against `reference` (all planes), from ffmpeg's psnr filter.
private func framePSNR(_ reference: URL, _ other: URL) async throws -> [Double] {
    let stats = reference.deletingLastPathComponent().appendingPathComponent("psnr-\(UUID().uuidString).log")
    _ = try await runTool(["ffmpeg", "-v", "error", "-i", reference.path, "-i", other.path, "-lavfi", "[0:v][1:v]psnr=stats_file=\(stats.path)", "-f", "null", "-"])
    return try String(contentsOf: stats, encoding: .utf8).split(separator: "\n").compactMap { line in
        guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("psnr_avg:") }) else { return nil }
        let value = field.dropFirst("psnr_avg:".count)
        return value == "inf" ? .infinity : Double(value)
    }
}
