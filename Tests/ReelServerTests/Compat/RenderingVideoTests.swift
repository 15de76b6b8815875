import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// RenderingVideo's video tasks (seed 004) against `/compat/renderingvideo`: the page's requests as
/// its users would send them (Python's requests, curl, node's fetch), with only the base URL and the
/// key changed and the example config made small (512×288, one second).
@Suite struct RenderingVideoTests {
    static let createBody = #"""
        {
          "config": {
            "meta": {
              "version": "2.0.0",
              "width": 512,
              "height": 288,
              "fps": 30,
              "background": "#000000"
            },
            "tracks": [
              {
                "clips": [
                  {
                    "type": "text",
                    "text": "Hello World",
                    "start": 0,
                    "duration": 1
                  }
                ]
              }
            ]
          },
          "metadata": {
            "project_id": "proj_123"
          }
        }
        """#

    static func base(_ client: some TestClientProtocol) throws -> String { try client.base("renderingvideo") + "/api/v1" }

    static func create(_ client: some TestClientProtocol, key: String) async throws -> [String: Any] {
        let code = """
            import json, sys, requests
            res = requests.post(sys.argv[1] + "/video", headers={"Authorization": "Bearer " + sys.argv[2]}, json=json.loads(sys.argv[3]))
            print(json.dumps({"status": res.status_code, "body": res.json()}))
            """
        let printed = try sampleJSON(try await Sample.python(code, arguments: [try base(client), key, createBody]))
        #expect(printed["status"] as? Int == 200)
        return try #require(printed["body"] as? [String: Any])
    }

    static func curl(_ method: String, _ url: String, key: String, body: String? = nil) async throws -> [String: Any] {
        var script = "curl -s -X \(method) '\(url)' -H 'Authorization: Bearer \(key)'"
        if let body { script += " -H 'Content-Type: application/json' -d '\(body)'" }
        return try sampleJSON(try await Sample.shell(script))
    }

    @Test func aTaskIsCreatedRenderedListedAndDeleted() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account(credits: 1000, unlimited: false)
        #expect(key.hasPrefix("sk-"), "RenderingVideo's clients take only keys that begin with sk-")
        try await fixture.live { client in
            let base = try Self.base(client)
            let created = try await Self.create(client, key: key)
            let taskId = try #require(created["taskId"] as? String)
            #expect(created["success"] as? Bool == true && created["videoTaskId"] as? String == taskId && created["status"] as? String == "created")
            #expect(created["quality"] as? String == "720p" && created["width"] as? Int == 512 && created["height"] as? Int == 288)
            #expect(created["duration"] as? Double == 1 && created["previewUrl"] is NSNull && created["viewerUrl"] is NSNull)
            #expect(created["configUrl"] as? String == "\(taskId).json" && (created["message"] as? String)?.contains("/render") == true)

            let got = try await Self.curl("GET", "\(base)/video/\(taskId)", key: key)
            #expect(got["status"] as? String == "created" && got["videoUrl"] is NSNull && got["metadata"] as? [String: String] == ["project_id": "proj_123"])

            let started = try await Self.curl("POST", "\(base)/video/\(taskId)/render", key: key, body: "{}")
            #expect(started["success"] as? Bool == true && started["status"] as? String == "rendering" && started["message"] as? String == "Rendering started")
            let renderTaskId = try #require(started["renderTaskId"] as? String)
            let cost = try #require(started["cost"] as? Int)
            #expect(started["remainingCredits"] as? Int == 1000 - cost && started["quality"] as? String == "720p")

            // node polls the task until it is completed.
            let poll = """
                const base = \"\(base)\", key = \"\(key)\";
                while (true) {
                  const res = await fetch(`${base}/video/\(taskId)`, { headers: { Authorization: `Bearer ${key}` } });
                  const task = await res.json();
                  if (task.status === "completed" || task.status === "failed") { console.log(JSON.stringify(task)); break; }
                  await new Promise((r) => setTimeout(r, 200));
                }
                """
            let done = try sampleJSON(try await Sample.node(poll))
            #expect(done["status"] as? String == "completed" && done["costCredits"] as? Int == cost && done["completedAt"] is String)
            #expect((done["viewerUrl"] as? String)?.contains("/watch/") == true)
            try await client.requireVideo(at: try #require(done["videoUrl"] as? String), in: fixture.folder)

            // Rendering it again, unchanged, answers the completed render: nothing is charged.
            let again = try await Self.curl("POST", "\(base)/video/\(taskId)/render", key: key)
            #expect(again["alreadyRendered"] as? Bool == true && again["status"] as? String == "completed" && again["renderTaskId"] as? String == renderTaskId)
            #expect(again["remainingCredits"] as? Int == 1000 - cost && again["videoUrl"] is String)

            let listed = try await Self.curl("GET", "\(base)/video?page=1&limit=20&status=completed", key: key)
            #expect((listed["tasks"] as? [[String: Any]])?.compactMap { $0["taskId"] as? String } == [taskId])
            #expect(listed["pagination"] as? [String: Int] == ["page": 1, "limit": 20, "total": 1])
            let none = try await Self.curl("GET", "\(base)/video?status=created", key: key)
            #expect((none["tasks"] as? [Any])?.isEmpty == true && (none["pagination"] as? [String: Int])?["total"] == 0)

            let credits = try await Self.curl("GET", "\(base)/credits", key: key)
            #expect(credits["success"] as? Bool == true && credits["credits"] as? Int == 1000 - cost && credits["currency"] as? String == "credits")

            let deleted = try await Self.curl("DELETE", "\(base)/video/\(taskId)", key: key)
            #expect(deleted["success"] as? Bool == true && deleted["deleted"] as? Bool == true && deleted["taskId"] as? String == taskId)
            let gone = try await client.call(.get, "/compat/renderingvideo/api/v1/video/\(taskId)", key: key)
            #expect(try gone.status == .notFound && gone.json()["success"] as? Bool == false && gone.json()["code"] as? String == "NOT_FOUND")
        }
    }

    @Test func anotherAccountsTaskIsNotFoundAndRefusalsChangeNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let (_, other) = try await fixture.account(name: "other")
        try await fixture.live { client in
            let path = "/compat/renderingvideo/api/v1"
            let taskId = try #require(try await Self.create(client, key: key)["taskId"] as? String)
            for (method, uri) in [(HTTPRequest.Method.get, "video/\(taskId)"), (.post, "video/\(taskId)/render"), (.delete, "video/\(taskId)")] {
                let response = try await client.call(method, "\(path)/\(uri)", key: other)
                #expect(try response.status == .notFound && response.json()["code"] as? String == "NOT_FOUND", "\(method) \(uri)")
            }
            #expect(try await client.call(.get, "\(path)/video/\(taskId)", key: key).json()["status"] as? String == "created")

            let bad = Self.createBody.replacingOccurrences(of: #""duration": 1"#, with: #""duration": 1}, {"type": "shape", "duration": 1"#)
            let refused = try await client.call(.post, "\(path)/video", key: key, body: bad)
            let error = try refused.json()
            #expect(refused.status == .badRequest && error["success"] as? Bool == false && error["code"] as? String == "INVALID_CONFIG")
            #expect((error["error"] as? String)?.hasPrefix("config.tracks[0].clips[1].type: ") == true, "\(error)")
            let unknown = try await client.call(.post, "\(path)/video", key: key, body: #"{"config": {}, "webhook_url": "https://example.com"}"#)
            #expect(try unknown.status == .badRequest && unknown.json()["code"] as? String == "INVALID_REQUEST")
            let workers = try await client.call(.post, "\(path)/video/\(taskId)/render", key: key, body: #"{"num_workers": 0}"#)
            #expect(try workers.status == .badRequest && (workers.json()["error"] as? String)?.hasPrefix("num_workers") == true)
            let page = try await client.call(.get, "\(path)/video?limit=101", key: key)
            #expect(try page.status == .badRequest && page.json()["code"] as? String == "INVALID_REQUEST")
            let listed = try await client.call(.get, "\(path)/video", key: key).json()
            #expect((listed["pagination"] as? [String: Int])?["total"] == 1)
            #expect(try await client.call(.get, "\(path)/video/\(taskId)", key: key).json()["status"] as? String == "created")

            let anonymous = try await client.call(.get, "\(path)/credits")
            #expect(try anonymous.status == .unauthorized && anonymous.json()["success"] as? Bool == false)
            // The document's four places for the key.
            let places: [(String, HTTPFields)] = [
                ("", [.authorization: "Token \(key)"]), ("", [HTTPField.Name("X-API-Key")!: key]), ("?api_key=\(key)", [:]),
            ]
            for (query, headers) in places {
                let response = try await client.call(.get, "\(path)/credits\(query)", headers: headers)
                #expect(try response.status == .ok && response.json()["currency"] as? String == "credits", "\(headers)")
            }
        }
    }

    @Test func aRenderWhileOneIsQueuedIsRefusedAndANativeRefusalNamesTheConfigsField() async throws {
        let fixture = try await ServerFixture(["maxDuration": .double(45)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let path = "/compat/renderingvideo/api/v1"
            let taskId = try #require(try await Self.create(client, key: key)["taskId"] as? String)
            let started = try await client.call(.post, "\(path)/video/\(taskId)/render", key: key)
            #expect(try started.status == .ok && started.json()["status"] as? String == "rendering")
            let again = try await client.call(.post, "\(path)/video/\(taskId)/render", key: key)
            #expect(try again.status == .badRequest && again.json()["code"] as? String == "ALREADY_RENDERING" && again.json()["success"] as? Bool == false)
            #expect(try await client.call(.get, "\(path)/video/\(taskId)", key: key).json()["status"] as? String == "rendering")

            // An account short of credits is refused, and its task stays created.
            let (_, poor) = try await fixture.account(credits: 0, unlimited: false, name: "poor")
            let poorTask = try #require(try await Self.create(client, key: poor)["taskId"] as? String)
            let unpaid = try await client.call(.post, "\(path)/video/\(poorTask)/render", key: poor)
            #expect(try unpaid.status.code == 402 && unpaid.json()["code"] as? String == "INSUFFICIENT_CREDITS" && unpaid.json()["success"] as? Bool == false)
            #expect(try await client.call(.get, "\(path)/video/\(poorTask)", key: poor).json()["status"] as? String == "created")
            #expect(try await client.call(.get, "\(path)/credits", key: poor).json()["credits"] as? Int == 0)

            let long = Self.createBody.replacingOccurrences(of: #""duration": 1"#, with: #""duration": 50"#)
            let refused = try await client.call(.post, "\(path)/video", key: key, body: long)
            let error = try refused.json()
            #expect(refused.status == .badRequest && error["code"] as? String == "INVALID_CONFIG", "\(error)")
            #expect((error["error"] as? String)?.contains("config.tracks[0].clips[0].duration") == true, "\(error)")
            #expect(try await client.call(.get, "\(path)/video", key: key).json()["pagination"] as? [String: Int] == ["page": 1, "limit": 20, "total": 1])
        }
    }

    @Test func aRenderWithAWebhookURLSendsTheDocumentsPayload() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            let base = try Self.base(client)
            let taskId = try #require(try await Self.create(client, key: key)["taskId"] as? String)
            let started = try await Self.curl("POST", "\(base)/video/\(taskId)/render", key: key, body: #"{"webhook_url": "\#(hooks.url("hook"))", "num_workers": 5}"#)
            let renderTaskId = try #require(started["renderTaskId"] as? String)
            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["taskId"] as? String == taskId && webhook["renderTaskId"] as? String == renderTaskId && webhook["status"] as? String == "completed")
            #expect(webhook["error"] is NSNull && (webhook["timestamp"] as? String)?.hasSuffix("Z") == true && webhook.count == 6)
            try await client.requireVideo(at: try #require(webhook["videoUrl"] as? String), in: fixture.folder)
        }
    }
}

/// RenderingVideo's temporary previews (seed 004) onto Reel's previews.
@Suite struct RenderingVideoPreviewTests {
    static let previewBody = #"""
        {
          "meta": {
            "version": "2.0.0",
            "width": 512,
            "height": 288,
            "fps": 30
          },
          "tracks": [
            {
              "clips": [
                {
                  "type": "text",
                  "start": 0,
                  "duration": 1,
                  "text": "Temporary Preview"
                }
              ]
            }
          ]
        }
        """#

    @Test func aPreviewIsReadConvertedRenderedAndDeleted() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let (_, other) = try await fixture.account(name: "other")
        try await fixture.live { client in
            let base = try RenderingVideoTests.base(client)
            let code = """
                import json, sys, requests
                res = requests.post(sys.argv[1] + "/preview", headers={"Authorization": "Bearer " + sys.argv[2]}, json=json.loads(sys.argv[3]))
                print(json.dumps(res.json()))
                """
            let created = try sampleJSON(try await Sample.python(code, arguments: [base, key, Self.previewBody]))
            let tempId = try #require(created["tempId"] as? String)
            #expect(created["success"] as? Bool == true && (created["previewUrl"] as? String)?.contains("/p/") == true && created["viewerUrl"] as? String == created["previewUrl"] as? String)
            #expect(created["expiresIn"] is String && created["note"] is String)
            let page = try await client.call(.get, try pathAndQuery(try #require(created["previewUrl"] as? String)))
            #expect(page.status == .ok)

            let got = try await RenderingVideoTests.curl("GET", "\(base)/preview/\(tempId)", key: key)
            let config = try #require(got["config"] as? [String: Any])
            let meta = try #require(config["meta"] as? [String: Any])
            #expect(meta["width"] as? Int == 512 && meta["height"] as? Int == 288 && meta["fps"] as? Int == 30 && meta["background"] as? String == "#000000" && meta.count == 4, "\(meta)")
            let clip = try #require(((config["tracks"] as? [[String: Any]])?.first?["clips"] as? [[String: Any]])?.first)
            #expect(clip["type"] as? String == "text" && clip["text"] as? String == "Temporary Preview" && clip["duration"] as? Double == 1)

            for (method, uri) in [(HTTPRequest.Method.get, ""), (.delete, ""), (.post, "/convert"), (.post, "/render")] {
                let response = try await client.call(method, "/compat/renderingvideo/api/v1/preview/\(tempId)\(uri)", key: other)
                #expect(try response.status == .notFound && response.json()["code"] as? String == "NOT_FOUND", "\(method) \(uri)")
            }
            let refused = try await client.call(.post, "/compat/renderingvideo/api/v1/preview/\(tempId)/render", key: key, body: #"{"num_workers": "five"}"#)
            #expect(try refused.status == .badRequest && refused.json()["success"] as? Bool == false)
            #expect((try await RenderingVideoTests.curl("GET", "\(base)/video", key: key)["pagination"] as? [String: Int])?["total"] == 0)

            let converted = try await RenderingVideoTests.curl("POST", "\(base)/preview/\(tempId)/convert", key: key, body: #"{"category": "api"}"#)
            #expect(converted["converted"] as? Bool == true && converted["tempId"] as? String == tempId && converted["taskId"] is String)
            let rendered = try await RenderingVideoTests.curl("POST", "\(base)/preview/\(tempId)/render", key: key, body: "{}")
            let taskId = try #require(rendered["taskId"] as? String)
            #expect(rendered["status"] as? String == "rendering" && rendered["convertMessage"] is String && taskId != converted["taskId"] as? String)
            let job = try await client.waitForJob(try #require(rendered["renderTaskId"] as? String), key: key)
            try await client.requireVideo(at: try #require(job["url"] as? String), in: fixture.folder)
            #expect(try await RenderingVideoTests.curl("GET", "\(base)/video/\(taskId)", key: key)["status"] as? String == "completed")

            let deleted = try await RenderingVideoTests.curl("DELETE", "\(base)/preview/\(tempId)", key: key)
            #expect(deleted["deleted"] as? Bool == true && deleted["tempId"] as? String == tempId)
            let gone = try await client.call(.get, "/compat/renderingvideo/api/v1/preview/\(tempId)", key: key)
            #expect(try gone.status == .notFound && gone.json()["code"] as? String == "NOT_FOUND")

            let bad = try await client.call(.post, "/compat/renderingvideo/api/v1/preview", key: key, body: #"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "lottie", "duration": 1}]}]}"#)
            #expect(try bad.status == .badRequest && bad.json()["code"] as? String == "INVALID_CONFIG")
        }
    }
}

/// RenderingVideo's file library (seed 004) onto Reel's uploads.
@Suite struct RenderingVideoFileTests {
    static let uploadSample = #"""
        curl -X POST 'https://renderingvideo.com/api/v1/upload' \
          -H 'Authorization: Bearer sk-your-api-key' \
          -F 'file=@/path/to/image.png' \
          -F 'files=@/path/to/video.mp4'
        """#

    @Test func theDocumentsUploadIsListedUsedInAConfigAndDeleted() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let (_, other) = try await fixture.account(name: "other")
        let image = try await makeMedia(fixture.folder.appendingPathComponent("image.png"), "color=c=blue:s=64x64", ["-frames:v", "1"])
        let video = try await makeMedia(fixture.folder.appendingPathComponent("video.mp4"), "color=c=green:s=128x72:r=25:d=1", ["-pix_fmt", "yuv420p"])
        try await fixture.live { client in
            let base = try RenderingVideoTests.base(client)
            let sample = Self.uploadSample.replacingOccurrences(of: "https://renderingvideo.com/api/v1", with: base)
                .replacingOccurrences(of: "sk-your-api-key", with: key).replacingOccurrences(of: "/path/to/image.png", with: image.path)
                .replacingOccurrences(of: "/path/to/video.mp4", with: video.path)
            let uploaded = try sampleJSON(try await Sample.shell(sample))
            #expect(uploaded["success"] as? Bool == true && uploaded["count"] as? Int == 2 && uploaded["message"] as? String == "Successfully uploaded 2 file(s)")
            let assets = try #require(uploaded["assets"] as? [[String: Any]])
            #expect(assets.map { $0["name"] as? String } == ["image.png", "video.mp4"] && assets.map { $0["type"] as? String } == ["image", "video"])
            #expect(assets.first?["mimeType"] as? String == "image/png" && assets.first?["size"] is Int && assets.first?["createdAt"] is String)
            let imageId = try #require(assets.first?["id"] as? String)
            let download = try await client.call(.get, try pathAndQuery(try #require(assets.first?["url"] as? String)))
            #expect(download.status == .ok && download.body.readableBytes > 0)

            let listed = try await RenderingVideoTests.curl("GET", "\(base)/files?page=1&limit=20&type=image", key: key)
            #expect((listed["files"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [imageId])
            #expect(listed["pagination"] as? [String: Int] == ["page": 1, "limit": 20, "total": 1])
            let bad = try await client.call(.get, "/compat/renderingvideo/api/v1/files?type=document", key: key)
            #expect(try bad.status == .badRequest && bad.json()["code"] as? String == "INVALID_REQUEST")

            // The upload as a config's src.
            let src = try #require(try await client.call(.get, "/v1/uploads/\(imageId)", key: key).json()["src"] as? String)
            let config = #"{"config": {"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "image", "src": "\#(src)", "duration": 1}]}]}}"#
            let created = try await client.call(.post, "/compat/renderingvideo/api/v1/video", key: key, body: config)
            let taskId = try #require(try created.json()["taskId"] as? String)
            let started = try await client.call(.post, "/compat/renderingvideo/api/v1/video/\(taskId)/render", key: key).json()
            let job = try await client.waitForJob(try #require(started["renderTaskId"] as? String), key: key)
            try await client.requireVideo(at: try #require(job["url"] as? String), in: fixture.folder)

            let foreign = try await client.call(.delete, "/compat/renderingvideo/api/v1/files/\(imageId)", key: other)
            #expect(try foreign.status == .notFound && foreign.json()["success"] as? Bool == false)
            let deleted = try await RenderingVideoTests.curl("DELETE", "\(base)/files/\(imageId)", key: key)
            #expect(deleted["success"] as? Bool == true && deleted["fileId"] as? String == imageId && deleted["deleted"] as? Bool == true)
            let left = try await RenderingVideoTests.curl("GET", "\(base)/files", key: key)
            #expect((left["files"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["video.mp4"])
        }
    }
}
