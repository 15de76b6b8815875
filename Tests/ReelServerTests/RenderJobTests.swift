import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelClient
import ReelServer
import Testing

/// Real renders through the running API: a worker in the process, ffmpeg, files on disk.
@Suite struct RenderJobTests {
    @Test func aSubmittedRenderCompletesAndItsSignedFileDownloadsWholeOrInRanges() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let body = colorTimeline(seconds: 1.5, extra: #","metadata":{"project":"p-1"}"#)
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: body).json()["id"] as? String)
            let job = try await client.waitForJob(id, key: key)
            #expect(job["status"] as? String == "completed" && job["progress"] as? Double == 100 && job["stage"] is NSNull)
            #expect(job["resolution"] as? String == "512x288" && job["duration"] as? Double == 1.5 && job["format"] as? String == "mp4")
            #expect((job["metadata"] as? [String: Any])?["project"] as? String == "p-1" && job["render_time"] is Double && job["started_at"] is String)
            let url = try #require(job["url"] as? String)

            let redirect = try await client.call(.get, "/v1/jobs/\(id)/output", key: key)
            #expect(redirect.status == .found && redirect.headers[.location] == url)

            let download = try await client.call(.get, try pathAndQuery(url))
            #expect(download.status == .ok && download.headers[.contentType] == "video/mp4")
            let file = fixture.folder.appendingPathComponent("downloaded.mp4")
            try Data(Array(download.body.readableBytesView)).write(to: file)
            let video = try #require(try await probeVideo(file))
            #expect(video.codec == "h264" && video.width == 512 && video.height == 288)
            #expect(download.body.readableBytes == job["file_size"] as? Int)

            let part = try await client.call(.get, try pathAndQuery(url), headers: [.range: "bytes=4-11"])
            #expect(part.status == .partialContent && part.headers[.contentRange] == "bytes 4-11/\(download.body.readableBytes)")
            let whole = [UInt8](download.body.readableBytesView)
            #expect([UInt8](part.body.readableBytesView) == Array(whole[4...11]))
            #expect(try await client.call(.get, try pathAndQuery(url), headers: [.range: "bytes=999999999-"]).status == .rangeNotSatisfiable)

            let tampered = try pathAndQuery(url).replacingOccurrences(of: "output.mp4", with: "output-poster.jpg")
            #expect(try await client.call(.get, tampered).status == .forbidden)
            let expired = try pathAndQuery(url).replacingOccurrences(of: #"expires=\d+"#, with: "expires=1000", options: .regularExpression)
            #expect(try await client.call(.get, expired).status == .forbidden)
        }
    }

    @Test func anOutputIsRemovedOnceItIsOlderThanTheRetentionPeriod() async throws {
        // Long enough that a test slowed by the parallel suite still sees the new output before it goes.
        let fixture = try await ServerFixture(["workers": .int(1), "outputRetention": .double(8)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(seconds: 1)).json()["id"] as? String)
            let url = try #require(try await client.waitForJob(id, key: key)["url"] as? String)
            let completedAt = try #require(try await fixture.store.job(id: id)?.completedAt)
            #expect(try await client.call(.get, try pathAndQuery(url)).status == .ok, "a new output is there")
            let deadline = Deadline(.seconds(20), "the output of \(id) to be removed")
            var download = try await client.call(.get, try pathAndQuery(url))
            while download.status == .ok {
                try deadline.check(seen: "HTTP \(download.status.code)")
                try await Task.sleep(for: .milliseconds(250))
                download = try await client.call(.get, try pathAndQuery(url))
            }
            // From the server's own completion stamp: a test slowed by the suite beside it sees the removal late, never early.
            let removedBy = Date()
            #expect(removedBy.timeIntervalSince(completedAt) >= 7.5, "removed \(removedBy.timeIntervalSince(completedAt)) s after the render, before its time")
            #expect(download.status == .notFound && String(buffer: download.body).contains("outputs are removed 8 s after their render ends"))
            let output = try await client.call(.get, "/v1/jobs/\(id)/output", key: key)
            #expect(output.status == .notFound && output.errorCode == "NOT_FOUND")
            #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("outputs/\(id)").path))
        }
    }

    @Test func theEventStreamShowsMonotonicProgressThenTheTerminalEvent() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(seconds: 4, resolution: "hd")).json()["id"] as? String)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(client.port))/v1/jobs/\(id)/events")
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
            let stream = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(stream.headers.first(name: "Content-Type") == "text/event-stream")
            // The server writes a keep-alive every second, so a chunk comes often enough to look at the deadline.
            let deadline = Deadline(.seconds(60), "the event stream of \(id) to end")
            var text = ""
            for try await chunk in stream.body {
                text += String(buffer: chunk)
                try deadline.check(seen: text.suffix(1000).description)
            }
            let events = text.components(separatedBy: "\n\n").compactMap { block -> [String: Any]? in
                guard let line = block.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { return nil }
                return try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any]
            }
            let progress = events.compactMap { $0["progress"] as? Double }
            #expect(events.count >= 3, "\(events.count) events")
            #expect(progress == progress.sorted())
            #expect(events.last?["status"] as? String == "completed" && progress.last == 100, "the stream ended with \(events.last ?? [:])")
            #expect(events.contains { $0["stage"] as? String == "rendering" })
        }
    }

    @Test func cancelStopsARunningRenderWithinASecondAndRefunds() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 100, unlimited: false)
        let id = try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(seconds: 60, resolution: "1080")).json()["id"] as? String)
            try await waitUntilRendering(ReelClient(baseURL: "http://127.0.0.1:\(try #require(client.port))", apiKey: key), id)
            let renderers = await processes(mentioning: fixture.folder.path)
            try #require(!renderers.isEmpty, "ffmpeg should be running")
            let exit = ExitWatch(renderers, giveUpAfter: 10)
            let canceled = try await client.call(.delete, "/v1/jobs/\(id)", key: key).json()
            #expect(canceled["status"] as? String == "canceled")
            let exitedAt = try #require(await exit.exitedAt, "ffmpeg still ran 10 s after the cancel")
            // From the server's own stamp of the cancel to the exit a thread of its own saw: a test slowed by
            // the suite beside it cannot stretch the time, so the bound is the product's promise, 1 s.
            let canceledAt = try #require(try await fixture.store.job(id: id)?.canceledAt)
            #expect(exitedAt.timeIntervalSince(canceledAt) < 1, "ffmpeg stopped \(exitedAt.timeIntervalSince(canceledAt)) s after the cancel")
            #expect(await processes(mentioning: fixture.folder.path).isEmpty)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 100)
            // One worker takes the next job only once it has settled the canceled one, so the next job's
            // completion shows that nothing the worker did after the cancel undid it.
            let next = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline()).json()["id"] as? String)
            _ = try await client.waitForJob(next, key: key)
            #expect(try await client.call(.get, "/v1/jobs/\(id)", key: key).json()["status"] as? String == "canceled")
            return id
        }
        #expect(try await fixture.store.ledger(accountID: account.id).filter { $0.jobID == id }.map(\.kind.rawValue) == ["refund", "charge"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("work").path)
        #expect(leftovers.isEmpty)
    }

    @Test func aMissingAssetFailsTheJobForGoodAndRefundsIt() async throws {
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("reel-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let files = try await LoopbackPeer.files(in: media)
        defer { files.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let body = ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"\##(files.url("missing.png"))"},"start":0,"length":1}]}]},"output":{"format":"mp4","resolution":"preview"}}"##
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: body).json()["id"] as? String)
            let job = try await client.waitForJob(id, key: key, toEnd: "failed")
            let error = try #require(job["error"] as? [String: Any])
            #expect(error["code"] as? String == "INVALID_ASSET" && job["attempts"] as? Int == 1)
            #expect((error["message"] as? String)?.contains("404") == true && job["failed_at"] is String)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 10)
        }
    }

    @Test func aWebhookIsSignedAndRetriedUntilTheReceiverAccepts() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("reel-hooks-\(UUID().uuidString).jsonl")
        let receiver = try await LoopbackPeer.webhookReceiver(failures: 2, log: log)
        defer { receiver.stop() }
        let fixture = try await ServerFixture(["workers": .int(1), "webhookBackoff": .double(0.2)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            let body = colorTimeline(extra: #","callback":"\#(receiver.url("hooks/reel"))""#)
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: body).json()["id"] as? String)
            _ = try await client.waitForJob(id, key: key)
            let deadline = Deadline(.seconds(30), "a delivery of job \(id)'s webhook to succeed")
            var deliveries: [[String: Any]] = []
            while true {
                deliveries = try await client.call(.get, "/v1/webhooks/deliveries?job_id=\(id)", key: key).json()["data"] as? [[String: Any]] ?? []
                if deliveries.contains(where: { $0["success"] as? Bool == true }) { break }
                try deadline.check(seen: "\(deliveries)")
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(deliveries.map { $0["status_code"] as? Int }.sorted { ($0 ?? 0) < ($1 ?? 0) } == [200, 500, 500])
            #expect(Set(deliveries.compactMap { $0["event_id"] as? String }).count == 1)
        }
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(requests.count == 3)
        for request in requests {
            let header = try #require(request["signature"] as? String)
            let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }.map { ($0[0], $0[1]) })
            let body = try #require(request["body"] as? String)
            let expected = HMAC<SHA256>.authenticationCode(for: Data("\(parts["t"] ?? "").\(body)".utf8), using: SymmetricKey(data: Data(account.webhookSecret.utf8)))
            #expect(parts["v1"] == expected.map { String(format: "%02x", $0) }.joined())
            let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(event["type"] as? String == "render.completed" && (event["data"] as? [String: Any])?["status"] as? String == "completed")
            #expect(request["event"] as? String == event["id"] as? String)
        }
    }

    @Test func aSlowReceiverDelaysNoOtherWebhook() async throws {
        let slowLog = FileManager.default.temporaryDirectory.appendingPathComponent("reel-slow-\(UUID().uuidString).jsonl")
        let fastLog = FileManager.default.temporaryDirectory.appendingPathComponent("reel-fast-\(UUID().uuidString).jsonl")
        let slow = try await LoopbackPeer.webhookReceiver(failures: 0, log: slowLog, delay: 8)
        let fast = try await LoopbackPeer.webhookReceiver(failures: 0, log: fastLog)
        defer {
            slow.stop()
            fast.stop()
        }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let first = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(extra: #","callback":"\#(slow.url("hook"))""#)).json()["id"] as? String)
            _ = try await client.waitForJob(first, key: key)
            let second = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(extra: #","callback":"\#(fast.url("hook"))""#)).json()["id"] as? String)
            _ = try await client.waitForJob(second, key: key)
            let deadline = Deadline(.seconds(15), "the fast receiver's webhook")
            while (try? String(contentsOf: fastLog, encoding: .utf8))?.isEmpty ?? true {
                try deadline.check(seen: "nothing")
                try await Task.sleep(for: .milliseconds(20))
            }
            // Times from the server's rows and the receivers' own clocks, which a busy test process cannot delay.
            let firstCompleted = try #require(try await fixture.store.job(id: first)?.completedAt)
            let secondCompleted = try #require(try await fixture.store.job(id: second)?.completedAt)
            let fastReceived = try #require(try receivedTimes(in: fastLog).first)
            #expect(fastReceived.timeIntervalSince(secondCompleted) < 3, "the fast receiver waited \(fastReceived.timeIntervalSince(secondCompleted)) s")
            // The slow receiver got its webhook after the first render and answers 8 s later.
            #expect(fastReceived.timeIntervalSince(firstCompleted) < 8, "the slow receiver had answered already, so this shows nothing")
        }
    }

    @Test func metricsShowTheQueueJobsRendersAndRequests() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline()).json()["id"] as? String)
            _ = try await client.waitForJob(id, key: key)
            let text = String(buffer: try await client.call(.get, "/metrics").body)
            #expect(text.contains(#"reel_jobs{status="completed"} 1"#))
            #expect(text.contains("reel_queue_depth 0"))
            #expect(text.contains(#"reel_render_duration_seconds_count{outcome="completed"} 1"#))
            #expect(text.contains(#"reel_http_request_duration_seconds_count{method="POST",route="/v1/renders",status="202"} 1"#), "\(text)")
        }
    }

    @Test func anAllowedInternalHostServesButEveryRedirectHopIsCheckedAgain() async throws {
        let media = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/media")
        let files = try await LoopbackPeer.files(in: media)
        let redirector = try await LoopbackPeer.redirecting(to: files.url("logo.png"))
        defer {
            files.stop()
            redirector.stop()
        }
        let fixture = try await ServerFixture([
            "workers": .int(1), "allowPrivateUrls": .bool(false),
            "allowedHosts": .stringArray(["127.0.0.1:\(files.port)", "127.0.0.1:\(redirector.port)"]),
        ])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        @Sendable func image(_ url: String) -> String {
            ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"\##(url)"},"start":0,"length":1}]}]},"output":{"format":"mp4","resolution":"preview"}}"##
        }
        try await fixture.live { client in
            let direct = try #require(try await client.call(.post, "/v1/renders", key: key, body: image(files.url("logo.png"))).json()["id"] as? String)
            #expect(try await client.waitForJob(direct, key: key)["status"] as? String == "completed")
            let redirected = try #require(try await client.call(.post, "/v1/renders", key: key, body: image(redirector.url("logo.png"))).json()["id"] as? String)
            #expect(try await client.waitForJob(redirected, key: key)["status"] as? String == "completed")
        }
        // The same redirect, with only the redirector allowed: its target is a loopback address nobody allowed.
        var strict = fixture
        strict.settings["allowedHosts"] = .stringArray(["127.0.0.1:\(redirector.port)"])
        try await strict.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: key, body: image(redirector.url("other.png"))).json()["id"] as? String)
            let job = try await client.waitForJob(id, key: key, toEnd: "failed")
            let error = try #require(job["error"] as? [String: Any])
            #expect(error["code"] as? String == "INVALID_ASSET")
            #expect((error["message"] as? String)?.contains("redirects to \(files.url("logo.png"))") == true, "\(error)")
            let refused = try await client.call(.post, "/v1/renders", key: key, body: image(files.url("logo.png")))
            #expect(refused.errorCode == "INVALID_ASSET")
        }
    }
}

/// When each webhook in a receiver's log arrived, by the receiver's clock.
private func receivedTimes(in log: URL) throws -> [Date] {
    try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
        let request = try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        return Date(timeIntervalSince1970: try #require(request["received_at"] as? Double))
    }
}
