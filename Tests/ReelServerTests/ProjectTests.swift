import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelClient
import ReelServer
import Testing

/// A project of one colour clip at preview size, named unless `name` is nil.
func colorProject(seconds: Double = 1, color: String = "#ff0000", resolution: String = "preview", name: String? = "Promo", extra: String = "") -> String {
    let fields = name.map { #""name":"\#($0)","metadata":{"order":7},"# } ?? ""
    return "{" + fields + colorTimeline(seconds: seconds, color: color, resolution: resolution, extra: extra).dropFirst()
}

@Suite struct ProjectTests {
    @Test func aProjectIsCheckedPricedListedReplacedAndDeletedWithoutRendering() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let created = try await client.call(.post, "/v1/projects", key: key, body: colorProject(seconds: 4))
            #expect(created.status == .created)
            let project = try created.json()
            let id = try #require(project["id"] as? String)
            #expect(id.hasPrefix("prj_") && created.headers[.location] == "/v1/projects/\(id)")
            #expect(project["name"] as? String == "Promo" && project["version"] as? Int == 1 && project["status"] as? String == "created")
            #expect(project["width"] as? Int == 512 && project["height"] as? Int == 288 && project["duration"] as? Double == 4 && project["fps"] as? Double == 25)
            // 4 s below 720 px: 0.5 credits a second.
            #expect(project["format"] as? String == "mp4" && project["credits"] as? Int == 2 && (project["metadata"] as? [String: Any])?["order"] as? Int == 7)
            for field in ["last_job_id", "url", "viewer_url"] { #expect(project[field] is NSNull, "\(field)") }
            #expect(Set(project.keys).count == 16)
            #expect((try await client.call(.get, "/v1/jobs", key: key).json()["data"] as? [Any])?.count == 0)

            let unnamed = try await client.call(.post, "/v1/projects", key: key, body: colorProject(name: nil)).json()
            #expect(unnamed["name"] is NSNull && unnamed["metadata"] is NSNull)
            let firstPage = try await client.call(.get, "/v1/projects?limit=1", key: key).json()
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let secondPage = try await client.call(.get, "/v1/projects?limit=1&cursor=\(cursor)", key: key).json()
            let listed = [firstPage, secondPage].flatMap { $0["data"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String }
            #expect(listed == [try #require(unnamed["id"] as? String), id] && secondPage["next_cursor"] is NSNull)
            #expect((try await client.call(.get, "/v1/projects?status=created", key: key).json()["data"] as? [Any])?.count == 2)
            #expect((try await client.call(.get, "/v1/projects?status=completed", key: key).json()["data"] as? [Any])?.count == 0)
            #expect(try await client.call(.get, "/v1/projects?status=done", key: key).errorDetails?["path"] as? String == "status")

            let replaced = try await client.call(.put, "/v1/projects/\(id)", key: key, body: colorProject(seconds: 2, resolution: "hd", name: "Outro"))
            let replacement = try replaced.json()
            #expect(replaced.status == .ok && replacement["version"] as? Int == 2 && replacement["name"] as? String == "Outro")
            #expect(replacement["credits"] as? Int == 2 && replacement["width"] as? Int == 1280 && replacement["created_at"] as? String == project["created_at"] as? String)
            #expect(try await client.call(.get, "/v1/projects/\(id)", key: key).json()["version"] as? Int == 2)

            let withCallback = colorProject(extra: #","callback":"https://example.com/hook""#)
            let refused = try await client.call(.post, "/v1/projects", key: key, body: withCallback)
            #expect(refused.status == .badRequest && refused.errorCode == "INVALID_REQUEST" && refused.errorDetails?["path"] as? String == "callback")
            let broken = try await client.call(.put, "/v1/projects/\(id)", key: key, body: colorProject(seconds: -1))
            #expect(broken.errorCode == "INVALID_TIMELINE" && broken.errorDetails?["path"] as? String == "timeline.tracks[0].clips[0].length")
            #expect(try await client.call(.get, "/v1/projects/\(id)", key: key).json()["version"] as? Int == 2)

            let deleted = try await client.call(.delete, "/v1/projects/\(id)", key: key).json()
            #expect(deleted["id"] as? String == id && deleted["deleted"] as? Bool == true)
            #expect(try await client.call(.get, "/v1/projects/\(id)", key: key).errorCode == "NOT_FOUND")
        }
    }

    @Test func aRenderWhileOneIsQueuedIsRefusedNamingThatJob() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject()).json()["id"] as? String)
            let accepted = try await client.call(.post, "/v1/projects/\(id)/renders", key: key)
            let job = try accepted.json()
            let jobID = try #require(job["id"] as? String)
            #expect(accepted.status == .accepted && accepted.headers[.location] == "/v1/jobs/\(jobID)")
            #expect(job["project_id"] as? String == id && job["project_version"] as? Int == 1 && job["credits_used"] as? Int == 1)
            #expect((job["metadata"] as? [String: Any])?["order"] as? Int == 7)
            let project = try await client.call(.get, "/v1/projects/\(id)", key: key).json()
            #expect(project["status"] as? String == "rendering" && project["last_job_id"] as? String == jobID)

            // Another body, even one that makes another file, waits for the queued render to end.
            let again = try await client.call(.post, "/v1/projects/\(id)/renders", key: key, body: #"{"output": {"resolution": "mobile"}}"#)
            #expect(again.status == .conflict && again.errorCode == "ALREADY_RENDERING" && again.errorDetails?["job_id"] as? String == jobID)
            let renders = try await client.call(.get, "/v1/projects/\(id)/renders", key: key).json()
            #expect((renders["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [jobID])
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 9)
        }
        #expect(try await fixture.store.ledger(accountID: account.id).count == 1)
    }

    @Test func aProjectRenderedTwiceRendersOnceUntilItIsReplaced() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject()).json()["id"] as? String)
            let first = try #require(try await client.call(.post, "/v1/projects/\(id)/renders", key: key).json()["id"] as? String)
            let job = try await client.waitForJob(first, key: key)
            let project = try await client.call(.get, "/v1/projects/\(id)", key: key).json()
            #expect(project["status"] as? String == "completed" && project["last_job_id"] as? String == first)
            let url = try #require(project["url"] as? String)
            #expect(try pathAndQuery(url) == pathAndQuery(try #require(job["url"] as? String)))
            #expect(try await client.call(.get, try pathAndQuery(url)).status == .ok)

            let second = try await client.call(.post, "/v1/projects/\(id)/renders", key: key, body: "{}")
            let answer = try second.json()
            #expect(second.status == .ok && answer["already_rendered"] as? Bool == true && Set(answer.keys) == ["already_rendered", "job"])
            #expect((answer["job"] as? [String: Any])?["id"] as? String == first && (answer["job"] as? [String: Any])?["status"] as? String == "completed")
            // The same request spelled otherwise is the same render.
            let spelled = try await client.call(.post, "/v1/projects/\(id)/renders", key: key, body: #"{"output": {"fps": 25, "quality": "medium"}, "num_workers": 2}"#)
            #expect(try spelled.status == .ok && (spelled.json()["job"] as? [String: Any])?["id"] as? String == first)
            #expect((try await client.call(.get, "/v1/jobs", key: key).json()["data"] as? [Any])?.count == 1)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 9)
            // The worker ran ffmpeg for one render only.
            let metrics = String(buffer: try await client.call(.get, "/metrics").body)
            #expect(metrics.contains(#"reel_render_duration_seconds_count{outcome="completed"} 1"#))

            // A new version is a new request: rendered again, at its own price.
            let replaced = try await client.call(.put, "/v1/projects/\(id)", key: key, body: colorProject(color: "#00ff00"))
            #expect(try replaced.json()["version"] as? Int == 2)
            let third = try await client.call(.post, "/v1/projects/\(id)/renders", key: key)
            let thirdJob = try third.json()
            let thirdID = try #require(thirdJob["id"] as? String)
            #expect(third.status == .accepted && thirdID != first && thirdJob["project_version"] as? Int == 2)
            _ = try await client.waitForJob(thirdID, key: key)
            let rendered = try await client.call(.get, "/v1/projects/\(id)", key: key).json()
            #expect(rendered["last_job_id"] as? String == thirdID && (rendered["url"] as? String)?.contains(thirdID) == true)
            let renders = try await client.call(.get, "/v1/projects/\(id)/renders", key: key).json()["data"] as? [[String: Any]]
            #expect(renders?.compactMap { $0["id"] as? String } == [thirdID, first])
        }
        #expect(try await fixture.store.ledger(accountID: account.id).map(\.amount) == [-1, -1])
    }

    @Test func aURLAndAnUploadOfTheSameBytesAreTheSameRender() async throws {
        let media = OpenAPITests.packageRoot.appendingPathComponent("examples/media")
        let files = try await LoopbackPeer.files(in: media)
        defer { files.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        @Sendable func image(_ src: String) -> String {
            ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"\##(src)"},"start":0,"length":"auto"}]}]},"output":{"format":"mp4","resolution":"preview"}}"##
        }
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: key, body: image(files.url("logo.png"))).json()["id"] as? String)
            let first = try #require(try await client.call(.post, "/v1/projects/\(id)/renders", key: key).json()["id"] as? String)
            _ = try await client.waitForJob(first, key: key)

            var body = MultipartBody()
            body.add(field: "file", filename: "logo.png", try Data(contentsOf: media.appendingPathComponent("logo.png")))
            body.add(field: "files", filename: "bars.jpg", try Data(contentsOf: media.appendingPathComponent("bars.jpg")))
            let uploads = try #require(try await client.upload(body.finished(), key: key).json()["data"] as? [[String: Any]])
            let sources = uploads.compactMap { $0["src"] as? String }
            // Another version of the project, reading the same bytes from the media library, with the length written out.
            let sameBytes = image(sources[0]).replacingOccurrences(of: #""length":"auto""#, with: #""length":3"#)
            #expect(try await client.call(.put, "/v1/projects/\(id)", key: key, body: sameBytes).json()["version"] as? Int == 2)
            let again = try await client.call(.post, "/v1/projects/\(id)/renders", key: key)
            #expect(try again.status == .ok && (again.json()["job"] as? [String: Any])?["id"] as? String == first)

            _ = try await client.call(.put, "/v1/projects/\(id)", key: key, body: image(sources[1]))
            let other = try await client.call(.post, "/v1/projects/\(id)/renders", key: key)
            #expect(try other.status == .accepted && other.json()["project_version"] as? Int == 3)
        }
    }

    @Test func outputOverridesAreMergedOverTheProjectsAndABadOneIsRefusedByPath() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject(color: "#2050c0")).json()["id"] as? String)
            let refusals: [(body: String, code: String, path: String)] = [
                (#"{"output": {"resolution": "huge"}}"#, "INVALID_TIMELINE", "output.resolution"),
                (#"{"output": {"fps": 7}}"#, "INVALID_TIMELINE", "output.fps"),
                (#"{"output": {"size": {"width": 321, "height": 240}}}"#, "INVALID_TIMELINE", "output.size.width"),
                (#"{"output": {"codec": "av1"}}"#, "UNSUPPORTED_FEATURE", "output.codec"),
                (#"{"output": "hd"}"#, "INVALID_REQUEST", "output"),
                (#"{"num_workers": 0}"#, "INVALID_REQUEST", "num_workers"),
                (#"{"metadata": {}}"#, "UNSUPPORTED_FEATURE", "metadata"),
                (#"{"callback": "ftp://example.com/hook"}"#, "INVALID_TIMELINE", "callback"),
            ]
            for refusal in refusals {
                let answer = try await client.call(.post, "/v1/projects/\(id)/renders", key: key, body: refusal.body)
                #expect(answer.status == .badRequest && answer.errorCode == refusal.code, "\(refusal.body): \(String(buffer: answer.body))")
                #expect(answer.errorDetails?["path"] as? String == refusal.path, "\(refusal.body)")
            }
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 10)

            // A size replaces the project's preset; "auto" is a worker count.
            let body = #"{"output": {"size": {"width": 320, "height": 240}, "format": "webm"}, "num_workers": "auto"}"#
            let overridden = try #require(try await client.call(.post, "/v1/projects/\(id)/renders", key: key, body: body).json()["id"] as? String)
            let job = try await client.waitForJob(overridden, key: key)
            #expect(job["resolution"] as? String == "320x240" && job["format"] as? String == "webm")
            let download = try await client.call(.get, try pathAndQuery(try #require(job["url"] as? String)))
            let file = fixture.folder.appendingPathComponent("overridden.webm")
            try Data(download.body.readableBytesView).write(to: file)
            let video = try #require(try await probeVideo(file))
            #expect(video.codec == "vp9" && video.width == 320 && video.height == 240)
            let colour = try await pixel(of: file, at: 0.5, x: 160, y: 120)
            #expect(isClose(colour, to: (0x20, 0x50, 0xc0)), "\(colour)")

            // The project's own output is another render, not the overridden one.
            let plain = try await client.call(.post, "/v1/projects/\(id)/renders", key: key)
            #expect(try plain.status == .accepted && plain.json()["id"] as? String != overridden)
        }
        #expect(try await fixture.store.ledger(accountID: account.id).count == 2)
    }

    @Test func anotherAccountsProjectIsNotFound() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, owner) = try await fixture.account(name: "owner")
        let (_, stranger) = try await fixture.account(name: "stranger")
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: owner, body: colorProject()).json()["id"] as? String)
            let answers = [
                try await client.call(.get, "/v1/projects/\(id)", key: stranger),
                try await client.call(.put, "/v1/projects/\(id)", key: stranger, body: colorProject()),
                try await client.call(.post, "/v1/projects/\(id)/renders", key: stranger),
                try await client.call(.get, "/v1/projects/\(id)/renders", key: stranger),
                try await client.call(.delete, "/v1/projects/\(id)", key: stranger),
            ]
            let unknown = try await client.call(.get, "/v1/projects/prj_01JD3M7ZK8Q4W6F2N9X5B0C1TR", key: stranger)
            for answer in answers {
                #expect(answer.status == .notFound && answer.errorCode == "NOT_FOUND")
                #expect(String(buffer: answer.body) == String(buffer: unknown.body))
            }
            #expect((try await client.call(.get, "/v1/projects", key: stranger).json()["data"] as? [Any])?.count == 0)
            #expect(try await client.call(.get, "/v1/projects/\(id)", key: owner).json()["status"] as? String == "created")
            #expect((try await client.call(.get, "/v1/jobs", key: owner).json()["data"] as? [Any])?.count == 0)
        }
    }

    @Test func deletingAProjectMidRenderStopsItsFfmpegWithinASecondAndRemovesItsOutputs() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 100, unlimited: false)
        let outputs = fixture.folder.appendingPathComponent("outputs")
        let (first, running) = try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/projects", key: key, body: colorProject()).json()["id"] as? String)
            let first = try #require(try await client.call(.post, "/v1/projects/\(id)/renders", key: key).json()["id"] as? String)
            let firstURL = try #require(try await client.waitForJob(first, key: key)["url"] as? String)
            #expect(FileManager.default.fileExists(atPath: outputs.appendingPathComponent(first).path))

            _ = try await client.call(.put, "/v1/projects/\(id)", key: key, body: colorProject(seconds: 60, resolution: "1080"))
            let running = try #require(try await client.call(.post, "/v1/projects/\(id)/renders", key: key).json()["id"] as? String)
            try await waitUntilRendering(ReelClient(baseURL: "http://127.0.0.1:\(try #require(client.port))", apiKey: key), running)
            let renderers = await processes(mentioning: fixture.folder.path)
            try #require(!renderers.isEmpty, "ffmpeg should be running")
            let exit = ExitWatch(renderers, giveUpAfter: 10)
            let deleted = try await client.call(.delete, "/v1/projects/\(id)", key: key)
            #expect(try deleted.status == .ok && deleted.json()["deleted"] as? Bool == true)
            let exitedAt = try #require(await exit.exitedAt, "ffmpeg still ran 10 s after the delete")
            // From the server's own stamp of the cancel to the exit a thread of its own saw (see RenderJobTests).
            let canceledAt = try #require(try await fixture.store.job(id: running)?.canceledAt)
            #expect(exitedAt.timeIntervalSince(canceledAt) < 1, "ffmpeg stopped \(exitedAt.timeIntervalSince(canceledAt)) s after the cancel")

            #expect(try await client.call(.get, "/v1/projects/\(id)", key: key).errorCode == "NOT_FOUND")
            #expect(try await client.call(.get, "/v1/projects/\(id)/renders", key: key).errorCode == "NOT_FOUND")
            // The jobs stay, readable, with the project's id; the outputs are gone.
            let canceled = try await client.call(.get, "/v1/jobs/\(running)", key: key).json()
            #expect(canceled["status"] as? String == "canceled" && canceled["project_id"] as? String == id)
            #expect(try await client.call(.get, "/v1/jobs/\(first)", key: key).json()["project_id"] as? String == id)
            #expect(try await client.call(.get, try pathAndQuery(firstURL)).status == .notFound)
            #expect(try await client.call(.get, "/v1/jobs/\(first)/output", key: key).status == .notFound)
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 99)
            return (first, running)
        }
        for job in [first, running] { #expect(!FileManager.default.fileExists(atPath: outputs.appendingPathComponent(job).path), "\(job)") }
        #expect(try await fixture.store.ledger(accountID: account.id).filter { $0.jobID == running }.map(\.kind.rawValue) == ["refund", "charge"])
    }
}
