import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Rendley's jobs API (seed 001) against `/compat/rendley`: its samples as the page shows them, with
/// only the base URL, the key and the placeholder ids changed (`prj_123` is a Reel project); a sample
/// that ends in a variable prints it, and one that reads a variable set by another sets it first.
@Suite struct RendleyTests {
    static let exportCurl = #"""
        curl -X POST https://api.rendley.com/v1/export \
        -H "Authorization: Bearer YOUR_API_KEY" \
        -H "Content-Type: application/json" \
        -d '{
          "project_id": "prj_123",
          "settings": { "target_resolution": "1080p", "codec": "h264" }
        }'
        """#
    static let exportJavaScript = #"""
        const res = await fetch("https://api.rendley.com/v1/export", {
        method: "POST",
        headers: {
          Authorization: "Bearer YOUR_API_KEY",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          project_id: "prj_123",
          settings: { target_resolution: "1080p", codec: "h264" },
        }),
        });
        const { data } = await res.json();
        const jobId = data.job_id;
        """#
    static let exportPython = #"""
        import requests

        res = requests.post(
          "https://api.rendley.com/v1/export",
          headers={"Authorization": "Bearer YOUR_API_KEY"},
          json={
              "project_id": "prj_123",
              "settings": {"target_resolution": "1080p", "codec": "h264"},
          },
        )
        job_id = res.json()["data"]["job_id"]
        """#
    static let pollCurl = #"""
        # Poll once. Repeat until status is completed, failed, or canceled.
        curl https://api.rendley.com/v1/jobs/job_8f2c... \
        -H "Authorization: Bearer YOUR_API_KEY"
        """#
    static let pollJavaScript = #"""
        async function waitForJob(jobId, apiKey) {
        const terminal = ["completed", "failed", "canceled"];
        while (true) {
          const res = await fetch(`https://api.rendley.com/v1/jobs/${jobId}`, {
            headers: { Authorization: `Bearer ${apiKey}` },
          });
          const { data: job } = await res.json();
          if (terminal.includes(job.status)) return job;
          await new Promise((r) => setTimeout(r, 3000)); // wait 3s, then poll again
        }
        }

        const job = await waitForJob(jobId, "YOUR_API_KEY");
        if (job.status === "completed") {
        const { storage_url } = JSON.parse(job.result_data);
        console.log("Done:", storage_url);
        } else {
        throw new Error(job.error ?? "job did not complete");
        }
        """#
    static let pollPython = #"""
        import time, json, requests

        def wait_for_job(job_id, api_key):
          terminal = {"completed", "failed", "canceled"}
          while True:
              res = requests.get(
                  f"https://api.rendley.com/v1/jobs/{job_id}",
                  headers={"Authorization": f"Bearer {api_key}"},
              )
              job = res.json()["data"]
              if job["status"] in terminal:
                  return job
              time.sleep(3)  # wait 3s, then poll again

        job = wait_for_job(job_id, "YOUR_API_KEY")
        if job["status"] == "completed":
          result = json.loads(job["result_data"])
          print("Done:", result["storage_url"])
        else:
          raise RuntimeError(job.get("error") or "job did not complete")
        """#
    static let parseResult = #"""
        const job = (await res.json()).data;
        const result = job.result_data ? JSON.parse(job.result_data) : null;
        const fileUrl = result?.storage_url;
        """#
    static let cancelCurl = #"""
        curl -X DELETE https://api.rendley.com/v1/jobs/job_8f2c... \
          -H "Authorization: Bearer YOUR_API_KEY"
        """#
    static let listCurl = #"""
        curl "https://api.rendley.com/v1/jobs?source_type=api" \
          -H "Authorization: Bearer YOUR_API_KEY"
        """#

    static func localized(_ sample: String, base: String, key: String, project: String = "", job: String = "") -> String {
        sample.replacingOccurrences(of: "https://api.rendley.com", with: base).replacingOccurrences(of: "YOUR_API_KEY", with: key)
            .replacingOccurrences(of: "prj_123", with: project).replacingOccurrences(of: "job_8f2c...", with: job)
    }

    static func project(_ client: some TestClientProtocol, key: String, color: String = "#225522") async throws -> String {
        let created = try await client.call(.post, "/v1/projects", key: key, body: colorTimeline(color: color))
        #expect(created.status == .created)
        return try #require(try created.json()["id"] as? String)
    }

    /// The URL a polling sample printed after `Done: `, downloaded and probed: the export's 1080p H.264.
    static func requireExport(_ printed: String, client: some TestClientProtocol, folder: URL) async throws -> String {
        let url = String(try #require(printed.split(separator: "\n").first { $0.hasPrefix("Done: ") }?.dropFirst(6), "\(printed)"))
        let download = try await client.call(.get, try pathAndQuery(url))
        try #require(download.status == .ok, "downloading \(url): \(download.status)")
        let file = folder.appendingPathComponent("\(UUID().uuidString).mp4")
        try Data(download.body.readableBytesView).write(to: file)
        let video = try #require(try await probeVideo(file), "\(url) is no video")
        #expect(video.codec == "h264" && video.width == 1920 && video.height == 1080)
        return url
    }

    @Test func theDocumentsSamplesExportPollAndListJobsThatDownload() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let base = try client.base("rendley")
            let (first, second, third) = (
                try await Self.project(client, key: key, color: "#112233"), try await Self.project(client, key: key, color: "#445566"),
                try await Self.project(client, key: key, color: "#778899")
            )
            // A job of Reel's own API, which Rendley calls the studio.
            let native = try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline()).json()["id"] as? String)

            // curl starts the first export, and Python polls it.
            let started = try sampleJSON(try await Sample.shell(Self.localized(Self.exportCurl, base: base, key: key, project: first)))
            let curlJob = try #require((started["data"] as? [String: Any])?["job_id"] as? String)
            #expect(curlJob.hasPrefix("job_") && (started["data"] as? [String: Any])?.count == 1)
            let python = try await Sample.python("job_id = \"\(curlJob)\"\n" + Self.localized(Self.pollPython, base: base, key: key))
            _ = try await Self.requireExport(python, client: client, folder: fixture.folder)

            // Python starts the second, and JavaScript polls it.
            let pythonJob = try await Sample.python(Self.localized(Self.exportPython, base: base, key: key, project: second) + "\nprint(job_id)")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let node = try await Sample.node("const jobId = \"\(pythonJob)\";\n" + Self.localized(Self.pollJavaScript, base: base, key: key))
            let url = try await Self.requireExport(node, client: client, folder: fixture.folder)

            // The page's result_data snippet reads the same URL.
            let request = #"const res = await fetch("\#(base)/v1/jobs/\#(pythonJob)", { headers: { Authorization: "Bearer \#(key)" } });"#
            let parsed = try await Sample.node(request + "\n" + Self.parseResult + "\nconsole.log(fileUrl);")
            #expect(parsed.trimmingCharacters(in: .whitespacesAndNewlines) == url)

            // JavaScript starts the third, and curl polls it until it ends.
            let nodeJob = try await Sample.node(Self.localized(Self.exportJavaScript, base: base, key: key, project: third) + "\nconsole.log(jobId);")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            var job: [String: Any] = [:]
            let deadline = Deadline(.seconds(60), "the third export")
            while true {
                let polled = try sampleJSON(try await Sample.shell(Self.localized(Self.pollCurl, base: base, key: key, job: nodeJob)))
                job = try #require(polled["data"] as? [String: Any])
                if job["status"] as? String == "completed" { break }
                try deadline.check(seen: "\(job)")
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(job["id"] as? String == nodeJob && job["type"] as? String == "export_video" && job["error"] is NSNull)
            #expect(job["acknowledged"] as? Bool == false && job["source_type"] as? String == "api" && job["source_id"] as? String == third)
            let input = try sampleJSON(try #require(job["input_data"] as? String))
            #expect(input["project_id"] as? String == third)
            #expect(input["settings"] as? [String: String] == ["target_resolution": "1080p", "codec": "h264"])
            let result = try sampleJSON(try #require(job["result_data"] as? String))
            #expect(result["storage_url"] is String && result["media_id"] as? String == "med_\(nodeJob.dropFirst(4))")

            // Exporting it again, unchanged, answers the same job: nothing new is rendered or charged.
            let again = try await client.call(.post, "/compat/rendley/v1/export", key: key, body: #"{"project_id":"\#(third)","settings":{"target_resolution":"1080p","codec":"h264"}}"#)
            #expect(try again.status == .ok && (again.json()["data"] as? [String: Any])?["job_id"] as? String == nodeJob)

            let listed = try sampleJSON(try await Sample.shell(Self.localized(Self.listCurl, base: base, key: key)))
            #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [nodeJob, pythonJob, curlJob])
            #expect(listed["next_cursor"] is NSNull)
            let studio = try await client.call(.get, "/compat/rendley/v1/jobs", key: key).json()
            let studioJobs = try #require(studio["data"] as? [[String: Any]])
            #expect(studioJobs.compactMap { $0["id"] as? String } == [native] && studioJobs.first?["source_type"] as? String == "studio")
            #expect(try sampleJSON(try #require(studioJobs.first?["input_data"] as? String))["timeline"] is [String: Any])

            func ids(_ query: String) async throws -> [String]? {
                (try await client.call(.get, "/compat/rendley/v1/jobs?\(query)", key: key).json()["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            }
            #expect(try await ids("source_type=api&project_id=\(second)") == [pythonJob])
            #expect(try await ids("source_type=api&job_type=export_video&acknowledged=false") == [nodeJob, pythonJob, curlJob])
            #expect(try await ids("source_type=api&job_type=transcription") == [])
            #expect(try await ids("source_type=api&acknowledged=true") == [])
            let page = try await client.call(.get, "/compat/rendley/v1/jobs?source_type=api&limit=2", key: key).json()
            #expect((page["data"] as? [[String: Any]])?.count == 2)
            let cursor = try #require(page["next_cursor"] as? String)
            #expect(try await ids("source_type=api&limit=2&cursor=\(cursor)") == [curlJob])

            #expect(try await client.call(.post, "/compat/rendley/v1/export/cost", key: key, body: #"{"project_id":"\#(first)"}"#).json()["data"] as? [String: Int] == ["cost": 1])
        }
    }

    @Test func theCancelSampleCancelsAndRefundsAndAnotherAccountsIdsAreNotFound() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let project = try await Self.project(client, key: key)
            let stranger = try await fixture.account(name: "other").key
            let cost = try await client.call(.post, "/compat/rendley/v1/export/cost", key: key, body: #"{"project_id":"\#(project)"}"#)
            #expect(try cost.status == .ok && cost.json()["data"] as? [String: Int] == ["cost": 1])
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)

            let hidden = try await client.call(.post, "/compat/rendley/v1/export", key: stranger, body: #"{"project_id":"\#(project)"}"#)
            #expect(try hidden.status == .notFound && hidden.json()["code"] as? String == "NOT_FOUND" && hidden.json()["statusCode"] as? Int == 404)
            #expect(try (hidden.json()["message"] as? String)?.contains("project_id") == true)

            let body = #"{"project_id":"\#(project)","webhook_url":"\#(hooks.url("hook"))"}"#
            let export = try await client.call(.post, "/compat/rendley/v1/export", key: key, body: body)
            #expect(export.status == .created)
            let id = try #require((try export.json()["data"] as? [String: Any])?["job_id"] as? String)
            #expect(try await fixture.store.account(id: account.id)?.credits == 9)
            let busy = try await client.call(.post, "/compat/rendley/v1/export", key: key, body: body)
            #expect(try busy.status == .conflict && busy.json()["code"] as? String == "ALREADY_RENDERING")
            #expect(try await fixture.store.account(id: account.id)?.credits == 9)

            for method in [HTTPRequest.Method.get, .delete] {
                let answer = try await client.call(method, "/compat/rendley/v1/jobs/\(id)", key: stranger)
                #expect(try answer.status == .notFound && answer.json()["code"] as? String == "NOT_FOUND" && answer.json()["error"] as? String == "Not Found")
            }
            #expect(try (await client.call(.get, "/compat/rendley/v1/jobs?source_type=api", key: stranger).json()["data"] as? [Any])?.isEmpty == true)
            #expect(try (await client.call(.get, "/compat/rendley/v1/jobs/\(id)", key: key).json()["data"] as? [String: Any])?["status"] as? String == "queued")

            let canceled = try sampleJSON(try await Sample.shell(Self.localized(Self.cancelCurl, base: try client.base("rendley"), key: key, job: id)))
            let job = try #require(canceled["data"] as? [String: Any])
            #expect(job["id"] as? String == id && job["status"] as? String == "canceled" && job["result_data"] is NSNull && job["error"] is NSNull)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
            let again = try await client.call(.delete, "/compat/rendley/v1/jobs/\(id)", key: key)
            #expect(try again.status == .conflict && again.json()["code"] as? String == "JOB_NOT_CANCELABLE")

            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            let payload = try #require(webhook["data"] as? [String: Any])
            #expect(payload["id"] as? String == id && payload["status"] as? String == "canceled" && payload["source_type"] as? String == "api")
        }
    }

    @Test func badInputNamesItsFieldInRendleysShapeAndChangesNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let project = try await Self.project(client, key: key)
            let refusals: [(body: String, status: HTTPResponse.Status, field: String)] = [
                (#"{"settings": {"codec": "h264"}}"#, .badRequest, "project_id"),
                (#"{"project_id": 5}"#, .badRequest, "project_id"),
                (#"{"project_id": "prj_01JAAAAAAAAAAAAAAAAAAAAAAA"}"#, .notFound, "project_id"),
                (#"{"project_id": "\#(project)", "settings": {"codec": "prores"}}"#, .badRequest, "settings.codec"),
                (#"{"project_id": "\#(project)", "settings": {"target_resolution": "999p"}}"#, .badRequest, "settings.target_resolution"),
                (#"{"project_id": "\#(project)", "settings": {"fps": -3}}"#, .badRequest, "settings.fps"),
                (#"{"project_id": "\#(project)", "settings": {"bitrate": 5}}"#, .badRequest, "settings.bitrate"),
                (#"{"project_id": "\#(project)", "settings": "1080p"}"#, .badRequest, "settings"),
                (#"{"project_id": "\#(project)", "webhook_url": "ftp://x"}"#, .badRequest, "webhook_url"),
                (#"{"project_id": "\#(project)", "format": "mp4"}"#, .badRequest, "format"),
                ("", .badRequest, "project_id"),
                ("not json", .badRequest, "JSON object"),
            ]
            for path in ["export", "export/cost"] {
                for refusal in refusals {
                    let answer = try await client.call(.post, "/compat/rendley/v1/\(path)", key: key, body: refusal.body)
                    let error = try answer.json()
                    #expect(answer.status == refusal.status && error["statusCode"] as? Int == Int(refusal.status.code), "\(path) \(refusal.body)")
                    #expect((error["message"] as? String)?.contains(refusal.field) == true && error["code"] is String, "\(path) \(refusal.body): \(error)")
                }
            }
            for (query, field) in [("source_type=all", "source_type"), ("acknowledged=yes", "acknowledged"), ("job_type=", "job_type"), ("limit=0", "limit")] {
                let answer = try await client.call(.get, "/compat/rendley/v1/jobs?\(query)", key: key)
                #expect(try answer.status == .badRequest && (answer.json()["message"] as? String)?.contains(field) == true, "\(query)")
            }
            let unauthorized = try await client.call(.get, "/compat/rendley/v1/jobs", key: nil)
            #expect(try unauthorized.status == .unauthorized && unauthorized.json()["statusCode"] as? Int == 401)
            #expect(try await client.call(.get, "/compat/rendley/v1/jobs/job_8f2c", key: key).status == .notFound)
            #expect(try await client.call(.delete, "/compat/rendley/v1/jobs/job_8f2c", key: key).status == .notFound)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
            #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
        }
    }

    /// A render that fails (its image is no image: a missing one is refused at the export, whose
    /// content key reads it), polled and in its webhook, refunded.
    @Test func aFailedExportIsShownInRendleysShape() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        // The image is served from the fixture's own folder, which goes with it.
        try Data("not a picture".utf8).write(to: fixture.folder.appendingPathComponent("broken.png"))
        let files = try await LoopbackPeer.files(in: fixture.folder)
        defer { files.stop() }
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let broken = #"{"tracks":[{"clips":[{"asset":{"type":"image","src":"\#(files.url("broken.png"))"},"start":0,"length":1}]}]}"#
        try await fixture.live { client in
            let created = try await client.call(.post, "/v1/projects", key: key, body: #"{"timeline":\#(broken),"output":{"format":"mp4","resolution":"preview"}}"#)
            let project = try #require(try created.json()["id"] as? String)
            let body = #"{"project_id":"\#(project)","webhook_url":"\#(hooks.url("hook"))"}"#
            let export = try await client.call(.post, "/compat/rendley/v1/export", key: key, body: body)
            let id = try #require((try export.json()["data"] as? [String: Any])?["job_id"] as? String, "\(String(buffer: export.body)) \(String(buffer: created.body))")
            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first?["data"] as? [String: Any])
            #expect(webhook["id"] as? String == id && webhook["status"] as? String == "failed" && webhook["error"] is String)

            let polled = try await client.call(.get, "/compat/rendley/v1/jobs/\(id)", key: key)
            let job = try #require(try polled.json()["data"] as? [String: Any])
            #expect(polled.status == .ok && job["status"] as? String == "failed" && job["result_data"] is NSNull)
            #expect((job["error"] as? String)?.isEmpty == false && job["type"] as? String == "export_video")
            #expect(try sampleJSON(try #require(job["input_data"] as? String))["project_id"] as? String == project)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
        }
    }
}
