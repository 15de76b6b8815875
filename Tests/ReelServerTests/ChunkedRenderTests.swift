import Foundation
import HummingbirdTesting
import ReelClient
import ReelServer
import Testing

@Suite struct ChunkedRenderTests {
    /// Six seconds with a crossfade and a zoom across the 2 s boundary, and a sound to mix once.
    static func timeline(_ files: LoopbackPeer, workers: String) -> String {
        ##"""
            {"timeline": {"soundtrack": {"src": "\##(files.url("music.mp3"))"}, "tracks": [{"clips": [
              {"asset": {"type": "image", "src": "\##(files.url("sunset.jpg"))"}, "start": 0, "length": 2.5, "effect": "zoomIn", "transition": {"out": "fade"}},
              {"asset": {"type": "color", "color": "#2050c0"}, "start": 1.5, "length": 4.5, "transition": {"in": "fade"}}]}]},
             "output": {"format": "mp4", "resolution": "preview", "fps": 25, "quality": "veryhigh"}\##(workers)}
            """##
    }

    @Test func aChunkedRenderIsSpreadOverTheWorkersChargedOnceAndMatchesOnePass() async throws {
        let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/media")
        let files = try await LoopbackPeer.files(in: media)
        defer { files.stop() }
        let fixture = try await ServerFixture(["workers": .int(3)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 100, unlimited: false)
        try await fixture.live { client in
            let chunked = try #require(try await client.call(.post, "/v1/renders", key: key, body: Self.timeline(files, workers: #", "num_workers": 3"#)).json()["id"] as? String)
            var seen: [Double] = []
            let deadline = Deadline(.seconds(60), "the chunked job to end")
            var job: [String: Any] = [:]
            while true {
                job = try await client.call(.get, "/v1/jobs/\(chunked)", key: key).json()
                seen.append(job["progress"] as? Double ?? 0)
                if ["completed", "failed", "canceled"].contains(job["status"] as? String ?? "") { break }
                try deadline.check(seen: "\(job)")
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(job["status"] as? String == "completed", "\(job)")
            #expect(seen == seen.sorted(), "progress went back: \(seen)")
            let chunks = try #require(job["chunks"] as? [[String: Any]])
            #expect(chunks.map { $0["index"] as? Int } == [0, 1, 2])
            // Whole seconds, end to end; the first, whose worker also mixes the sound, the shortest.
            let bounds = chunks.compactMap { chunk in (chunk["start"] as? Double).flatMap { start in (chunk["end"] as? Double).map { (start, $0) } } }
            #expect(bounds.first?.0 == 0 && bounds.last?.1 == 6 && zip(bounds, bounds.dropFirst()).allSatisfy { $0.1 == $1.0 }, "\(bounds)")
            #expect(bounds.allSatisfy { $0.0.rounded() == $0.0 && $0.1 > $0.0 } && bounds[0].1 <= bounds[1].1 - bounds[1].0, "\(bounds)")
            #expect(chunks.allSatisfy { $0["status"] as? String == "completed" && $0["progress"] as? Double == 100 })
            let workers = Set(chunks.compactMap { $0["worker"] as? String })
            #expect(workers.count >= 2, "the chunks were rendered by \(workers)")

            let single = try #require(try await client.call(.post, "/v1/renders", key: key, body: Self.timeline(files, workers: "")).json()["id"] as? String)
            let singleJob = try await client.waitForJob(single, key: key)
            #expect(singleJob["chunks"] is NSNull)
            let outputs = [chunked, single].map { fixture.folder.appendingPathComponent("outputs/\($0)/output.mp4") }
            let frames = try await outputs.asyncMap { try await frameCount($0) }
            #expect(frames[0] == frames[1] && frames[0] == 150)
            let durations = try await outputs.asyncMap { try await audioDuration($0) }
            #expect(abs(durations[0] - durations[1]) < 0.001, "sound lasts \(durations)")
            #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("chunks/\(chunked)").path), "the parts were left behind")
        }
        let charges = try await fixture.store.ledger(accountID: account.id).filter { $0.kind.rawValue == "charge" }
        #expect(charges.count == 2)
    }

    @Test func cancelingAChunkedRenderStopsEveryChunkWithinASecond() async throws {
        let fixture = try await ServerFixture(["workers": .int(3)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let body = colorTimeline(seconds: 90, resolution: "1080", extra: #", "num_workers": 3"#)
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: body).json()["id"] as? String)
            let deadline = Deadline(.seconds(30), "three chunks rendering")
            while true {
                let chunks = try await client.call(.get, "/v1/jobs/\(id)", key: key).json()["chunks"] as? [[String: Any]] ?? []
                if chunks.filter({ $0["status"] as? String == "processing" }).count == 3 { break }
                try deadline.check(seen: "\(chunks)")
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(300))
            let renderers = await processes(mentioning: fixture.folder.path)
            try #require(renderers.count >= 3, "one ffmpeg per chunk should be running: \(renderers)")
            let exit = ExitWatch(renderers, giveUpAfter: 10)
            #expect(try await client.call(.delete, "/v1/jobs/\(id)", key: key).json()["status"] as? String == "canceled")
            let exitedAt = try #require(await exit.exitedAt, "ffmpeg still ran 10 s after the cancel")
            let canceledAt = try #require(try await fixture.store.job(id: id)?.canceledAt)
            #expect(exitedAt.timeIntervalSince(canceledAt) < 1, "the last chunk stopped \(exitedAt.timeIntervalSince(canceledAt)) s after the cancel")
        }
    }
}

private func frameCount(_ file: URL) async throws -> Int {
    let output = try await runTool(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.path])
    return Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
}

private func audioDuration(_ file: URL) async throws -> Double {
    let output = try await runTool(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=duration", "-of", "csv=p=0", file.path])
    return Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
}
