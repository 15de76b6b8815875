import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelStore
import Testing

/// The media library over real loopback HTTP: what is stored is what was sent, decided from its
/// bytes; what is refused leaves nothing behind; `asset://` sources render.
@Suite struct UploadTests {
    private static let dejaVuSerifBold = URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")

    @Test func fileAndFilesGiveTypesSizesHashesAndDimensionsAndDownloadAsSent() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let media = fixture.folder.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let image = try await makeMedia(media.appendingPathComponent("a.png"), "color=red:size=64x36", ["-frames:v", "1"])
        let video = try await makeMedia(
            media.appendingPathComponent("b.mp4"), "testsrc=size=96x54:rate=10", ["-t", "2", "-pix_fmt", "yuv420p"])
        let audio = try await makeMedia(media.appendingPathComponent("c.m4a"), "sine=f=440", ["-t", "1.5"])
        let caption = Data("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".utf8)
        var body = MultipartBody()
        body.add(field: "file", filename: "still.png", contentType: "text/html", try Data(contentsOf: image))
        body.add(field: "files", filename: "clip.mp4", try Data(contentsOf: video))
        body.add(field: "files", filename: "tone.m4a", try Data(contentsOf: audio))
        body.add(field: "files", filename: "subs.vtt", caption)
        body.add(field: "files", filename: "Serif Bold ✓.ttf", try Data(contentsOf: Self.dejaVuSerifBold))
        let sent = [try Data(contentsOf: image), try Data(contentsOf: video), try Data(contentsOf: audio), caption, try Data(contentsOf: Self.dejaVuSerifBold)]

        let payload = body.finished()
        try await fixture.live { client in
            let created = try await client.upload(payload, key: key)
            #expect(created.status == .created)
            let assets = try #require(try created.json()["data"] as? [[String: Any]])
            #expect(assets.map { $0["type"] as? String } == ["image", "video", "audio", "caption", "font"])
            #expect(assets.map { $0["mime_type"] as? String } == ["image/png", "video/mp4", "audio/mp4", "text/vtt; charset=utf-8", "font/ttf"])
            #expect(assets.map { $0["name"] as? String } == ["still.png", "clip.mp4", "tone.m4a", "subs.vtt", "Serif Bold ✓.ttf"])
            #expect(assets.map { $0["size"] as? Int } == sent.map(\.count))
            #expect(assets.map { $0["sha256"] as? String } == sent.map { SHA256.hash(data: $0).map { String(format: "%02x", $0) }.joined() })
            #expect(assets[0]["width"] as? Int == 64 && assets[0]["height"] as? Int == 36 && assets[0]["duration"] is NSNull)
            #expect(assets[1]["width"] as? Int == 96 && assets[1]["height"] as? Int == 54 && abs((assets[1]["duration"] as? Double ?? 0) - 2) < 0.1)
            #expect(assets[2]["width"] is NSNull && abs((assets[2]["duration"] as? Double ?? 0) - 1.5) < 0.1)
            #expect(assets[3]["duration"] as? Double == 1 && assets[4]["duration"] is NSNull)
            for asset in assets {
                let id = try #require(asset["id"] as? String)
                #expect(id.hasPrefix("ast_") && asset["src"] as? String == "asset://\(id)")
                let fetched = try await client.call(.get, "/v1/uploads/\(id)", key: key).json()
                #expect(fetched["sha256"] as? String == asset["sha256"] as? String)
            }

            // Served as the type found, as an attachment, never sniffed; byte for byte what was sent.
            let font = try await client.call(.get, try pathAndQuery(try #require(assets[4]["url"] as? String)))
            #expect(font.status == .ok && Data(font.body.readableBytesView) == sent[4])
            #expect(font.headers[.contentType] == "font/ttf" && font.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(font.headers[.contentDisposition] == "attachment; filename=\"Serif Bold _.ttf\"; filename*=UTF-8''Serif%20Bold%20%E2%9C%93.ttf")
            let part = try await client.call(.get, try pathAndQuery(try #require(assets[1]["url"] as? String)), headers: [.range: "bytes=0-7"])
            #expect(part.status == .partialContent && Data(part.body.readableBytesView) == sent[1].prefix(8))

            let account = try await client.call(.get, "/v1/account", key: key).json()
            #expect(account["storage_used"] as? Int == sent.map(\.count).reduce(0, +) && account["storage_quota"] as? Int == 10 * 1024 * 1024 * 1024)
            let fonts = try #require(try await client.call(.get, "/v1/uploads?type=font", key: key).json()["data"] as? [[String: Any]])
            #expect(fonts.map { $0["id"] as? String } == [assets[4]["id"] as? String])
            let page = try await client.call(.get, "/v1/uploads?limit=2", key: key).json()
            #expect((page["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [assets[4]["id"], assets[3]["id"]].compactMap { $0 as? String })
            #expect(page["next_cursor"] is String)
            #expect(try await client.call(.get, "/v1/uploads?type=html", key: key).status == .badRequest)
        }
    }

    @Test func hostileUploadsAreRefusedAndLeaveNothingBehind() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let media = fixture.folder.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        let video = try await makeMedia(
            media.appendingPathComponent("full.mp4"), "testsrc2=size=320x240:rate=25,noise=alls=60:allf=t",
            ["-t", "3", "-pix_fmt", "yuv420p", "-movflags", "+faststart"])
        let whole = try Data(contentsOf: video)
        let png = try Data(contentsOf: try await makeMedia(media.appendingPathComponent("ok.png"), "color=blue:size=8x8", ["-frames:v", "1"]))

        func single(_ name: String, _ content: Data, type: String = "application/octet-stream") -> Data {
            var body = MultipartBody()
            body.add(field: "file", filename: name, contentType: type, content)
            return body.finished()
        }
        var manyParts = MultipartBody()
        for index in 0..<10_000 { manyParts.add(field: "files", filename: "p\(index).png", png) }
        var goodThenBad = MultipartBody()
        goodThenBad.add(field: "files", filename: "ok.png", png)
        goodThenBad.add(field: "files", filename: "page.png", Data("<html><script>alert(1)</script></html>".utf8))

        let cases: [(String, Data, String, String)] = [
            ("HTML named .png", single("page.png", Data("<!doctype html><script>alert(1)</script>".utf8), type: "image/png"), "UNSUPPORTED_FILE_TYPE", "file"),
            ("a zero-byte file", single("empty.mp4", Data()), "UNSUPPORTED_FILE_TYPE", "file"),
            ("a truncated MP4", single("cut.mp4", whole.prefix(whole.count / 2), type: "video/mp4"), "UNSUPPORTED_FILE_TYPE", "file"),
            ("text claiming video/mp4", single("movie.mp4", Data("just some text\n".utf8), type: "video/mp4"), "UNSUPPORTED_FILE_TYPE", "file"),
            ("a name with a path", single("../../x.png", png), "INVALID_REQUEST", "file"),
            ("no closing boundary", { var body = MultipartBody(); body.add(field: "file", filename: "ok.png", png); return body.finished(closed: false) }(), "INVALID_REQUEST", "body"),
            ("ten thousand tiny parts", manyParts.finished(), "INVALID_REQUEST", "files[100]"),
            ("a good file beside a bad one", goodThenBad.finished(), "UNSUPPORTED_FILE_TYPE", "files[1]"),
            ("no file at all", Data("--\(MultipartBody.boundary)--\r\n".utf8), "NO_FILES", ""),
        ]
        try await fixture.live { client in
            for (name, body, code, path) in cases {
                let answer = try await client.upload(body, key: key)
                let error = try answer.json()["error"] as? [String: Any]
                #expect(answer.status.code >= 400 && error?["code"] as? String == code, "\(name): \(answer.status) \(String(buffer: answer.body))")
                if !path.isEmpty { #expect((error?["details"] as? [String: Any])?["path"] as? String == path, "\(name)") }
            }
            let notMultipart = try await client.call(.post, "/v1/uploads", key: key, headers: [.contentType: "application/json"], body: "{}")
            #expect(notMultipart.status == .badRequest)
            #expect((try await client.call(.get, "/v1/uploads", key: key).json()["data"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.get, "/v1/account", key: key).json()["storage_used"] as? Int == 0)
        }
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: fixture.folder.appendingPathComponent("uploads").path)) ?? []
        let work = (try? FileManager.default.contentsOfDirectory(atPath: fixture.folder.appendingPathComponent("work").path)) ?? []
        #expect(stored.isEmpty && work.filter { $0.hasPrefix("upload-") }.isEmpty, "left behind: \(stored) \(work)")
    }

    @Test func concurrentUploadsNeverEndAboveTheQuota() async throws {
        // Fonts are inspected without ffmpeg, so twenty of them reach the store at nearly the same moment.
        let font = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"))
        let each = font.count
        let quota = each * 3 + each / 2
        let fixture = try await ServerFixture(["storageQuota": .int(quota)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        var body = MultipartBody()
        body.add(field: "file", filename: "mono.ttf", font)
        let payload = body.finished()
        try await fixture.live { client in
            let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let answer = try await client.upload(payload, key: key)
                        return (Int(answer.status.code), (try? answer.json()["error"] as? [String: Any])?["code"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let accepted = answers.filter { $0.0 == 201 }.count
            #expect(accepted == 3, "\(answers)")
            #expect(answers.allSatisfy { $0.0 == 201 || ($0.0 == 402 && $0.1 == "STORAGE_LIMIT_EXCEEDED") }, "\(answers)")
            let used = try await client.call(.get, "/v1/account", key: key).json()["storage_used"] as? Int
            #expect(used == accepted * each && used! <= quota)
            #expect((try await client.call(.get, "/v1/uploads", key: key).json()["data"] as? [Any])?.count == accepted)
        }
    }

    @Test func anotherAccountsUploadIsInvalidAtSubmitAndNotFoundByID() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, owner) = try await fixture.account(name: "owner")
        let (_, other) = try await fixture.account(name: "other")
        let png = try Data(contentsOf: try await makeMedia(fixture.folder.appendingPathComponent("a.png"), "color=red:size=16x9", ["-frames:v", "1"]))
        var body = MultipartBody()
        body.add(field: "file", filename: "a.png", png)
        let payload = body.finished()
        try await fixture.live { client in
            let asset = try #require((try await client.upload(payload, key: owner).json()["data"] as? [[String: Any]])?.first)
            let id = try #require(asset["id"] as? String)
            #expect(try await client.call(.get, "/v1/uploads/\(id)", key: other).status == .notFound)
            #expect(try await client.call(.delete, "/v1/uploads/\(id)", key: other).status == .notFound)
            let timeline = #"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"asset://\#(id)"},"start":0,"length":1}]}]},"output":{"format":"mp4","resolution":"preview"}}"#
            let refused = try await client.call(.post, "/v1/renders", key: other, body: timeline)
            let error = try #require(try refused.json()["error"] as? [String: Any])
            #expect(refused.status == .badRequest && error["code"] as? String == "INVALID_ASSET")
            #expect((error["details"] as? [String: Any])?["path"] as? String == "timeline.tracks[0].clips[0].asset.src")
            let unknown = timeline.replacingOccurrences(of: id, with: "ast_01J00000000000000000000000")
            let unknownError = try await client.call(.post, "/v1/renders", key: owner, body: unknown).json()["error"] as? [String: Any]
            #expect(unknownError?["message"] as? String == (error["message"] as? String)?.replacingOccurrences(of: id, with: "ast_01J00000000000000000000000"))
            // Used where a video is needed, an image is refused by path before anything renders.
            let wrongKind = timeline.replacingOccurrences(of: #""type":"image""#, with: #""type":"video""#)
            let misused = try await client.call(.post, "/v1/renders", key: owner, body: wrongKind).json()["error"] as? [String: Any]
            #expect(misused?["code"] as? String == "INVALID_ASSET" && (misused?["message"] as? String)?.contains("is an image file") == true)
            #expect(try await client.call(.post, "/v1/renders", key: owner, body: timeline).status == .accepted)
        }
    }

    @Test func aRenderReadsUploadedImageVideoAudioFontAndCaption() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let media = fixture.folder.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        var body = MultipartBody()
        body.add(field: "files", filename: "red.png", try Data(contentsOf: try await makeMedia(media.appendingPathComponent("red.png"), "color=red:size=64x36", ["-frames:v", "1"])))
        body.add(field: "files", filename: "blue.mp4", try Data(contentsOf: try await makeMedia(
            media.appendingPathComponent("blue.mp4"), "color=blue:size=64x36:rate=10", ["-t", "1", "-pix_fmt", "yuv420p"])))
        body.add(field: "files", filename: "tone.mp3", try Data(contentsOf: try await makeMedia(media.appendingPathComponent("tone.mp3"), "sine=f=440", ["-t", "3"])))
        body.add(field: "files", filename: "serif.ttf", try Data(contentsOf: Self.dejaVuSerifBold))
        body.add(field: "files", filename: "subs.srt", Data("1\n00:00:00,000 --> 00:00:03,000\nWWWWWWWW\n".utf8))

        let payload = body.finished()
        try await fixture.live { client in
            let assets = try #require(try await client.upload(payload, key: key).json()["data"] as? [[String: Any]])
            let src = assets.compactMap { $0["src"] as? String }
            try #require(src.count == 5)
            let timeline = #"""
                {"timeline":{"soundtrack":{"src":"\#(src[2])"},"fonts":[{"src":"\#(src[3])"}],"tracks":[
                  {"clips":[{"asset":{"type":"caption","src":"\#(src[4])","font":{"size":28,"color":"#ffff00"}},"start":0,"length":"auto"}]},
                  {"clips":[{"asset":{"type":"text","text":"MM","font":{"family":"DejaVu Serif","size":60,"color":"#ffffff","weight":700}},"start":0,"length":3}]},
                  {"clips":[{"asset":{"type":"image","src":"\#(src[0])"},"start":0,"length":1},{"asset":{"type":"video","src":"\#(src[1])"},"start":1,"length":1}]}
                ]},"output":{"format":"mp4","resolution":"preview"}}
                """#
            let submitted = try await client.call(.post, "/v1/renders", key: key, body: timeline)
            let id = try #require(try submitted.json()["id"] as? String, "\(String(buffer: submitted.body))")
            let job = try await client.waitForJob(id, key: key)
            #expect(job["duration"] as? Double == 3)
            let download = try await client.call(.get, try pathAndQuery(try #require(job["url"] as? String)))
            let file = fixture.folder.appendingPathComponent("out.mp4")
            try Data(download.body.readableBytesView).write(to: file)

            #expect(isClose(try await pixel(of: file, at: 0.5, x: 20, y: 20), to: (255, 0, 0)), "the uploaded image fills the first second")
            #expect(isClose(try await pixel(of: file, at: 1.5, x: 20, y: 20), to: (0, 0, 255)), "the uploaded video the second")
            #expect(isClose(try await pixel(of: file, at: 2.5, x: 20, y: 20), to: (0, 0, 0)), "nothing the third")
            let middle = try await region(of: file, at: 2.5, x: 196, y: 104, width: 120, height: 80)
            #expect(middle.filter { isClose($0, to: (255, 255, 255)) }.count > 300, "the text in the uploaded font")
            let bottom = try await region(of: file, at: 2.5, x: 96, y: 220, width: 320, height: 64)
            #expect(bottom.filter { isClose($0, to: (255, 255, 0), tolerance: 60) }.count > 100, "the uploaded captions")
            let streams = String(decoding: try await runTool(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", file.path]), as: UTF8.self)
            #expect(streams.split(separator: "\n").sorted() == ["audio", "video"], "the uploaded audio is the soundtrack")
            let volume = String(decoding: try await runTool(["sh", "-c", "ffmpeg -v info -i '\(file.path)' -af volumedetect -f null - 2>&1 | grep mean_volume"]), as: UTF8.self)
            let mean = Double(volume.components(separatedBy: "mean_volume: ").last?.components(separatedBy: " dB").first ?? "") ?? -99
            #expect(mean > -40, "the soundtrack is heard: \(volume)")
        }
    }

    @Test func anUploadInUseCannotBeDeletedUntilItsJobEnds() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        var body = MultipartBody()
        body.add(field: "file", filename: "a.png", try Data(contentsOf: try await makeMedia(fixture.folder.appendingPathComponent("a.png"), "color=red:size=16x9", ["-frames:v", "1"])))
        let payload = body.finished()
        try await fixture.live { client in
            let asset = try #require((try await client.upload(payload, key: key).json()["data"] as? [[String: Any]])?.first)
            let id = try #require(asset["id"] as? String)
            let timeline = #"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"asset://\#(id)"},"start":0,"length":1}]}]},"output":{"format":"mp4","resolution":"preview"}}"#
            // No workers: the job stays queued.
            let job = try #require(try await client.call(.post, "/v1/renders", key: key, body: timeline).json()["id"] as? String)
            let refused = try await client.call(.delete, "/v1/uploads/\(id)", key: key)
            let error = try refused.json()["error"] as? [String: Any]
            #expect(refused.status == .conflict && error?["code"] as? String == "ASSET_IN_USE")
            #expect((error?["details"] as? [String: Any])?["jobs"] as? [String] == [job])
            #expect(try await client.call(.delete, "/v1/jobs/\(job)", key: key).status == .ok)
            let deleted = try await client.call(.delete, "/v1/uploads/\(id)", key: key).json()
            #expect(deleted["id"] as? String == id && deleted["deleted"] as? Bool == true)
            #expect(try await client.call(.get, "/v1/uploads/\(id)", key: key).status == .notFound)
            #expect(try await client.call(.get, try pathAndQuery(try #require(asset["url"] as? String))).status == .notFound)
            #expect(try await client.call(.get, "/v1/account", key: key).json()["storage_used"] as? Int == 0)
            #expect(try await client.call(.post, "/v1/renders", key: key, body: timeline).status == .badRequest)
        }
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: fixture.folder.appendingPathComponent("uploads").path)) ?? []
        #expect(stored.filter { $0.hasSuffix(".png") }.isEmpty)
    }
}

/// `reel upload` and `reel keys create --storage-quota` against a real `reel serve`.
@Suite struct UploadCommandTests {
    @Test func reelUploadPrintsEachAssetSourceAndAQuotaRefusalStoresNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-upload-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data")
        let server = try await ServerProcess(dataDirectory: data, arguments: ["--workers", "0"])
        defer { server.stop() }
        try await makeMedia(folder.appendingPathComponent("red.png"), "color=red:size=32x18", ["-frames:v", "1"])
        try "1\n00:00:00,000 --> 00:00:01,000\nHi\n".write(to: folder.appendingPathComponent("subs.srt"), atomically: true, encoding: .utf8)
        let uploaded = try await runReel(
            ["upload", "red.png", "subs.srt"], environment: ["REEL_URL": server.url, "REEL_API_KEY": try #require(server.firstKey)], in: folder)
        let lines = uploaded.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(uploaded.status == 0 && lines.count == 2, "\(uploaded.stderr)")
        #expect(lines.map { $0.count > 1 ? $0[1] : "" } == ["image", "caption"] && lines.allSatisfy { $0.first?.hasPrefix("asset://ast_") == true })

        let small = try await runReel(["keys", "create", "--name", "small", "--storage-quota", "100", "--data-dir", data.path], in: folder)
        let smallKey = small.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await runReel(["upload", "red.png"], environment: ["REEL_URL": server.url, "REEL_API_KEY": smallKey], in: folder)
        #expect(refused.status != 0 && refused.stderr.contains("STORAGE_LIMIT_EXCEEDED"), "\(refused.stderr)")
    }
}

extension UploadCommandTests {
    @Test func theUploadsExampleRendersFromUploadsOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-upload-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"), arguments: ["--workers", "1"])
        defer { server.stop() }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = OpenAPITests.packageRoot.appendingPathComponent("examples/uploads/upload-and-render.sh").path
        _ = try await runTool(["env", "REEL=\(reelExecutable.path)", "REEL_URL=\(server.url)", "REEL_API_KEY=\(try #require(server.firstKey))", "sh", "-c", "cd '\(folder.path)' && '\(script)'"])
        let video = try #require(try await probeVideo(folder.appendingPathComponent("uploads.mp4")))
        #expect(video.codec == "h264" && video.width == 512 && video.height == 288)
    }
}

extension UploadCommandTests {
    /// curl sends `Expect: 100-continue` before a large body and, unanswered, waits a second first.
    @Test func aClientThatExpectsContinueIsToldToSendAtOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-continue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(dataDirectory: folder.appendingPathComponent("data"), arguments: ["--workers", "0"])
        defer { server.stop() }
        var body = MultipartBody()
        body.add(field: "file", filename: "subs.srt", Data("1\n00:00:00,000 --> 00:00:01,000\nHi\n".utf8))
        let content = body.finished()
        let connection = try RawConnection(port: server.port)
        #expect(connection.send(
            "POST /v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(try #require(server.firstKey))\r\n"
                + "Content-Type: \(MultipartBody.contentType)\r\nContent-Length: \(content.count)\r\nExpect: 100-continue\r\n\r\n"))
        let interim = try await connection.read(until: "\r\n\r\n", timeout: 0.5)
        #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(interim)")
        #expect(connection.send(content))
        let answer = try await connection.read(until: "}]}", timeout: 10)
        #expect(answer.contains("HTTP/1.1 201 Created") && answer.contains("\"type\":\"caption\""), "\(answer)")
    }
}
