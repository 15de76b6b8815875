import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelServer
import Testing

/// A render request of a colour under a text, `seconds` long, at `resolution` and `fps`.
func titledTimeline(_ text: String = "Hello", seconds: Double = 2, resolution: String = "hd", fps: Int = 30) -> String {
    ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"text","text":"\##(text)","font":{"size":64,"color":"#ffffff"}},"start":0,"length":\##(seconds)}]},{"clips":[{"asset":{"type":"color","color":"#203060"},"start":0,"length":\##(seconds)}]}]},"output":{"format":"mp4","resolution":"\##(resolution)","fps":\##(fps),"poster":{"capture":1}}}"##
}

extension TestClientProtocol {
    /// Polls the preview until its render is terminal and requires it to have ended `expected`.
    @discardableResult
    func waitForPreview(_ id: String, key: String, toEnd expected: String = "completed", timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = Deadline(timeout, "preview \(id) to end \(expected)")
        while true {
            let preview = try await call(.get, "/v1/previews/\(id)", key: key).json()
            let status = preview["status"] as? String ?? ""
            if ["completed", "failed", "canceled", "expired"].contains(status) {
                try #require(status == expected, "preview \(id) ended \(status), not \(expected): \(preview)")
                return preview
            }
            try deadline.check(seen: "\(preview)")
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The file behind a signed URL, saved to a temporary file.
    func download(_ url: String) async throws -> URL {
        let response = try await call(.get, try pathAndQuery(url))
        try #require(response.status == .ok, "\(url) answered \(response.status)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reel-download-\(UUID().uuidString).mp4")
        try Data(response.body.readableBytesView).write(to: file)
        return file
    }
}

/// Frames per second of the first video stream, by ffprobe.
func frameRate(of file: URL) async throws -> Double {
    let text = try await offPool {
        String(decoding: try programOutput(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=r_frame_rate", "-of", "csv=p=0", file.path]), as: UTF8.self)
    }
    let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/").compactMap { Double($0) }
    try #require(parts.count == 2 && parts[1] > 0, "no frame rate in \(text)")
    return parts[0] / parts[1]
}

@Suite struct PreviewTests {
    @Test func aPreviewIsAFreeProxyRenderWithAPublicPage() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account(credits: 0, unlimited: false)
        try await fixture.live { client in
            let request = titledTimeline()
            let created = try await client.call(.post, "/v1/previews", key: key, body: request)
            #expect(created.status == .created)
            let preview = try created.json()
            let id = try #require(preview["id"] as? String)
            #expect(id.hasPrefix("prv_") && created.headers[.location] == "/v1/previews/\(id)")
            #expect(["queued", "processing", "completed"].contains(preview["status"] as? String ?? ""))
            let config = try #require(preview["config"] as? [String: Any])
            #expect((config["output"] as? [String: Any])?["resolution"] as? String == "hd", "the config is the request as asked: \(config)")
            let page = try #require(preview["preview_url"] as? String)
            #expect(page.contains("/p/\(id)."))
            #expect(try Date.ISO8601FormatStyle().parse(try #require(preview["expires_at"] as? String)).timeIntervalSinceNow > 6 * 24 * 3600)

            let done = try await client.waitForPreview(id, key: key)
            #expect(done["resolution"] as? String == "512x288" && done["fps"] as? Double == 15 && done["duration"] as? Double == 2)
            let proxy = try await client.download(try #require(done["url"] as? String))
            defer { try? FileManager.default.removeItem(at: proxy) }
            let video = try #require(try await probeVideo(proxy))
            #expect(video.codec == "h264" && video.width == 512 && video.height == 288)
            #expect(try await frameRate(of: proxy) == 15)

            // Free, and not one of the account's renders.
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 0)
            #expect((try await client.call(.get, "/v1/jobs", key: key).json()["data"] as? [Any])?.count == 0)
            #expect((try await client.call(.get, "/v1/credits/ledger", key: key).json()["data"] as? [Any])?.count == 0)

            let shown = try await client.call(.get, try pathAndQuery(page))
            let html = String(buffer: shown.body)
            #expect(shown.status == .ok && shown.headers[.contentType] == "text/html; charset=utf-8")
            #expect(shown.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(shown.headers[.xContentTypeOptions] == "nosniff" && shown.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(html.contains("<video id=\"player\"") && html.contains("1280×720") && html.contains("512×288") && html.contains(">Hello<"))
            #expect(!html.contains("<script>"), "no inline script")

            let events = String(buffer: try await client.call(.get, try pathAndQuery(page) + "/events").body)
            #expect(events.contains("event: progress") && events.contains(#""status":"completed""#))

            // A token is the id and its MAC: either changed, there is no such page.
            let token = try #require(page.split(separator: "/").last)
            let mac = try #require(token.split(separator: ".").last)
            let flipped = String(mac.dropLast()) + (mac.last == "0" ? "1" : "0")
            #expect(try await client.call(.get, "/p/\(id).\(flipped)").status == .notFound)
            #expect(try await client.call(.get, "/p/\(id)").status == .notFound)
            #expect(try await client.call(.get, "/watch/\(token)").status == .notFound, "a preview's token opens no share page")
        }
    }

    @Test func previewsComeFromProjectsAndTemplatesAndBecomeProjects() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let project = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject(seconds: 2)).json()["id"] as? String)
            let fromProject = try await client.call(.post, "/v1/previews", key: key, body: #"{"project_id":"\#(project)"}"#).json()
            #expect(fromProject["project_id"] as? String == project)
            try await client.waitForPreview(try #require(fromProject["id"] as? String), key: key)

            #expect(try await client.call(.post, "/v1/templates", key: key, body: titleTemplate()).status == .created)
            let fromTemplate = try await client.call(
                .post, "/v1/previews", key: key, body: ##"{"template_id":"title-card","input":{"TITLE":"Launch","BG":"#00ff00"}}"##)
            #expect(fromTemplate.status == .created)
            let made = try fromTemplate.json()
            #expect(made["template_id"] as? String != nil && "\(made["config"] ?? "")".contains("Launch"))
            let preview = try #require(made["id"] as? String)
            try await client.waitForPreview(preview, key: key)

            let kept = try await client.call(.post, "/v1/previews/\(preview)/project", key: key)
            let keptWidth = try kept.json()["width"] as? Int
            #expect(kept.status == .created && keptWidth == 512, "kept at the template's own size, not the proxy's")
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 10, "previews and projects cost nothing")
            let rendered = try await client.call(.post, "/v1/previews/\(preview)/render", key: key)
            let job = try rendered.json()
            #expect(rendered.status == .accepted && job["project_id"] as? String != nil && job["credits_used"] as? Int == 1)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 9)

            let missing = try await client.call(.post, "/v1/previews", key: key, body: ##"{"template_id":"title-card","input":{"BG":"#00ff00"}}"##)
            #expect(missing.errorCode == "INVALID_REQUEST" && missing.errorDetails?["path"] as? String == "input.TITLE")
            let extra = try await client.call(.post, "/v1/previews", key: key, body: #"{"project_id":"\#(project)","output":{}}"#)
            #expect(extra.errorCode == "INVALID_REQUEST" && extra.errorDetails?["path"] as? String == "output")
            #expect(try await client.call(.post, "/v1/previews", key: key, body: #"{"project_id":"prj_nope"}"#).status == .notFound)
            let broken = try await client.call(.post, "/v1/previews", key: key, body: colorTimeline(seconds: -1))
            #expect(broken.errorCode == "INVALID_TIMELINE" && broken.errorDetails?["path"] as? String == "timeline.tracks[0].clips[0].length")
        }
    }

    @Test func anAccountsPreviewsAreLimitedAndGonePreviewsAnswer410() async throws {
        let fixture = try await ServerFixture(["previewWorkers": .int(0), "previewsPerAccount": .int(2), "previewLifetime": .double(4)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let (_, otherKey) = try await fixture.account(name: "other")
        try await fixture.live { client in
            let first = try await client.call(.post, "/v1/previews", key: key, body: colorTimeline()).json()
            let second = try await client.call(.post, "/v1/previews", key: key, body: colorTimeline()).json()
            let refused = try await client.call(.post, "/v1/previews", key: key, body: colorTimeline())
            #expect(refused.status == .tooManyRequests && refused.errorCode == "TOO_MANY_PREVIEWS" && refused.errorDetails?["limit"] as? Int == 2)
            #expect(try await client.call(.post, "/v1/previews", key: otherKey, body: colorTimeline()).status == .created, "another account has its own limit")

            let id = try #require(first["id"] as? String)
            let page = try pathAndQuery(try #require(first["preview_url"] as? String))
            #expect(try await client.call(.get, page).status == .ok)
            #expect(try await client.call(.get, "/v1/previews/\(id)", key: otherKey).status == .notFound)
            let deleted = try await client.call(.delete, "/v1/previews/\(id)", key: key).json()
            #expect(deleted["deleted"] as? Bool == true)
            #expect(try await client.call(.get, "/v1/previews/\(id)", key: key).status == .notFound)
            let gone = try await client.call(.get, page)
            #expect(gone.status == .gone && String(buffer: gone.body).contains("deleted"))
            #expect(try await client.call(.get, page + "/events").status == .gone)
            #expect(try await client.call(.post, "/v1/previews", key: key, body: colorTimeline()).status == .created, "the deleted one's render was stopped")

            let secondID = try #require(second["id"] as? String)
            let secondPage = try pathAndQuery(try #require(second["preview_url"] as? String))
            let deadline = Deadline(.seconds(10), "the preview to expire")
            while try await client.call(.get, secondPage).status != .gone { try deadline.check(seen: "its page still answers"); try await Task.sleep(for: .milliseconds(100)) }
            #expect(String(buffer: try await client.call(.get, secondPage).body).contains("expired"))
            #expect(try await client.call(.get, "/v1/previews/\(secondID)", key: key).json()["status"] as? String == "expired")
        }
    }

    @Test func theJanitorRemovesAnExpiredPreviewsFile() async throws {
        // Long enough for the render to end first (scripts/test.sh runs this with the serial group).
        let fixture = try await ServerFixture(["previewLifetime": .double(8)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/previews", key: key, body: colorTimeline()).json()["id"] as? String)
            let done = try await client.waitForPreview(id, key: key)
            let file = try pathAndQuery(try #require(done["url"] as? String))
            #expect(try await client.call(.get, file).status == .ok)
            let deadline = Deadline(.seconds(20), "the expired preview's file to be removed")
            while try await client.call(.get, file).status == .ok { try deadline.check(seen: "still served"); try await Task.sleep(for: .milliseconds(100)) }
            #expect(try await client.call(.get, file).status == .notFound)
            let outputs = fixture.folder.appendingPathComponent("outputs/\(try #require(done["job_id"] as? String))")
            #expect(!FileManager.default.fileExists(atPath: outputs.path))
        }
    }

    /// A 720p upload, red for 1 s then green with a tone: its preview reads a 288-line proxy made on the
    /// first preview, cut on the same frames as the original, with the original's sound; deleting the upload removes the proxy.
    @Test func aPreviewReadsItsVideoFromAProxyCutOnTheSameFrames() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let source = fixture.folder.appendingPathComponent("two-colours.mp4")
        try await makeMedia(
            source, "color=c=red:s=1280x720:r=30:d=1,format=yuv420p",
            ["-f", "lavfi", "-i", "color=c=green:s=1280x720:r=30:d=2,format=yuv420p", "-f", "lavfi", "-i", "sine=f=440:d=3",
             "-filter_complex", "[0][1]concat=n=2:v=1:a=0[v]", "-map", "[v]", "-map", "2:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"])
        try await fixture.live { client in
            var body = MultipartBody()
            body.add(field: "file", filename: "two-colours.mp4", try Data(contentsOf: source))
            let upload = try #require(try await client.upload(body.finished(), key: key).json()["data"] as? [[String: Any]]).first
            let id = try #require(upload?["id"] as? String)
            let request = ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"video","src":"asset://\##(id)","trim":0.5},"start":0,"length":2}]}]},"output":{"format":"mp4","resolution":"hd"}}"##
            let preview = try await client.call(.post, "/v1/previews", key: key, body: request).json()
            let done = try await client.waitForPreview(try #require(preview["id"] as? String), key: key)

            let proxies = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("proxies").path)
            #expect(proxies.count == 1 && proxies.first?.hasSuffix(".mkv") == true, "\(proxies)")
            let proxy = fixture.folder.appendingPathComponent("proxies/\(try #require(proxies.first))")
            let proxySize = try #require(try await probeVideo(proxy))
            #expect(proxySize.width == 512 && proxySize.height == 288)

            let video = try await client.download(try #require(done["url"] as? String))
            defer { try? FileManager.default.removeItem(at: video) }
            // The clip starts 0.5 s into the source: red until 0.5 s of the output, green after.
            #expect(isClose(try await pixel(of: video, at: 0.2, x: 256, y: 144), to: (255, 0, 0)))
            #expect(isClose(try await pixel(of: video, at: 0.8, x: 256, y: 144), to: (0, 128, 0)))
            let sound = try await runTool(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", video.path])
            #expect(String(decoding: sound, as: UTF8.self).contains("aac"), "the source's sound is in the preview")

            #expect(try await client.call(.delete, "/v1/uploads/\(id)", key: key).status == .ok)
            #expect(!FileManager.default.fileExists(atPath: proxy.path), "a deleted upload leaves no proxy behind")
        }
    }

    @Test func aCompletedRenderAndAProjectHaveSharePages() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let accepted = try await client.call(.post, "/v1/renders", key: key, body: titledTimeline("<b>Share</b>", resolution: "preview")).json()
            #expect(accepted["viewer_url"] is NSNull, "no share page before the render completes")
            let job = try await client.waitForJob(try #require(accepted["id"] as? String), key: key)
            let viewer = try pathAndQuery(try #require(job["viewer_url"] as? String))
            #expect(viewer.hasPrefix("/watch/job_"))
            let page = try await client.call(.get, viewer)
            let html = String(buffer: page.body)
            #expect(page.status == .ok && page.headers[.contentSecurityPolicy] != nil && page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(html.contains("<video id=\"player\"") && html.contains("poster=\"") && html.contains("id=\"download\""))

            let project = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject(name: "<script>x</script>")).json()["id"] as? String)
            let render = try await client.call(.post, "/v1/projects/\(project)/renders", key: key).json()
            _ = try await client.waitForJob(try #require(render["id"] as? String), key: key)
            let shown = try await client.call(.get, "/v1/projects/\(project)", key: key).json()
            let projectPage = try pathAndQuery(try #require(shown["viewer_url"] as? String))
            let projectHTML = String(buffer: try await client.call(.get, projectPage).body)
            #expect(projectHTML.contains("&lt;script&gt;x&lt;/script&gt;") && !projectHTML.contains("<script>x"))

            #expect(try await client.call(.delete, "/v1/projects/\(project)", key: key).status == .ok)
            #expect(try await client.call(.get, projectPage).status == .gone)
            #expect(try await client.call(.get, "/watch/job_nope.0123").status == .notFound)
        }
    }

    /// One full worker busy with a long render, one preview worker: the preview still finishes first.
    @Test func aPreviewFinishesWhileTheFullWorkerIsBusy() async throws {
        let fixture = try await ServerFixture(["workers": .int(1), "previewWorkers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let long = try await client.call(.post, "/v1/renders", key: key, body: titledTimeline("Long", seconds: 300, resolution: "1080")).json()
            let longID = try #require(long["id"] as? String)
            let deadline = Deadline(.seconds(20), "the long render to start")
            while try await client.call(.get, "/v1/jobs/\(longID)", key: key).json()["status"] as? String == "queued" {
                try deadline.check(seen: "queued")
                try await Task.sleep(for: .milliseconds(50))
            }
            let preview = try await client.call(.post, "/v1/previews", key: key, body: titledTimeline()).json()
            try await client.waitForPreview(try #require(preview["id"] as? String), key: key, timeout: .seconds(60))
            let busy = try await client.call(.get, "/v1/jobs/\(longID)", key: key).json()
            #expect(busy["status"] as? String == "processing", "the full render is still under way: \(busy)")
            #expect(try await client.call(.delete, "/v1/jobs/\(longID)", key: key).status == .ok)
        }
    }
}
