import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Vidiking's "Jobs & Rendering" (seed 000) against `/compat/vidiking`: its samples, with only the
/// base URL and key changed, and the `{ ... }` timeline a tiny one at preview size.
@Suite struct VidikingTests {
    static let timeline = ##"{"tracks":[{"clips":[{"asset":{"type":"color","color":"#3366ff"},"start":0,"length":1}]}]}"##

    /// The document's curl samples, as printed.
    static let submitSample = #"""
        curl -X POST https://api.vidiking.com/v1/render \
        -H "Authorization: Bearer $VIDIKING_API_KEY" \
        -H "Content-Type: application/json" \
        -d '{
        "timeline": { ... },
        "output": { "format": "mp4", "resolution": "hd" }
        }'
        """#
    static let pollSample = #"""
        curl https://api.vidiking.com/v1/render/job_abc123 \
        -H "Authorization: Bearer $VIDIKING_API_KEY"
        """#
    static let webhookSample = #"""
        curl -X POST https://api.vidiking.com/v1/render \
        -H "Authorization: Bearer $VIDIKING_API_KEY" \
        -H "Content-Type: application/json" \
        -d '{
        "timeline": { ... },
        "output": { "format": "mp4", "resolution": "hd" },
        "callback": "https://your-server.com/webhooks/vidiking"
        }'
        """#
    static let listSample = #"""
        curl "https://api.vidiking.com/v1/render?limit=20&status=COMPLETE" \
        -H "Authorization: Bearer $VIDIKING_API_KEY"
        """#
    /// The Python samples, their indentation restored (the document lost it), after a stand-in for the
    /// SDK client they assume: Vidiking publishes none.
    static let pythonSamples = #"""
        import time

        def poll(job_id, interval=3):
            while True:
                job = client.get_render(job_id)
                if job.status == "COMPLETE":
                    return job
                if job.status == "FAILED":
                    raise Exception(job.error)
                time.sleep(interval)

        job = poll(result.job_id)
        print("Output:", job.url)

        jobs = client.list_renders(limit=20, status="COMPLETE")
        """#
    static let pythonClient = #"""
        import sys, types, requests
        BASE, KEY, JOB_ID = sys.argv[1], sys.argv[2], sys.argv[3]
        class Client:
            def _get(self, path, **params):
                answer = requests.get(BASE + path, params=params, headers={"Authorization": "Bearer " + KEY})
                answer.raise_for_status()
                return answer.json()
            def get_render(self, job_id):
                return types.SimpleNamespace(**self._get("/v1/render/" + job_id))
            def list_renders(self, **params):
                return [types.SimpleNamespace(**job) for job in self._get("/v1/render", **params)["data"]]
        client = Client()
        result = types.SimpleNamespace(job_id=JOB_ID)
        """#
    /// The Node samples after the same stand-in.
    static let nodeSamples = #"""
        // Simple polling
        const poll = async (jobId, interval = 3000) => {
        while (true) {
        const job = await client.getRender(jobId);
        if (job.status === 'COMPLETE') return job;
        if (job.status === 'FAILED') throw new Error(job.error);
        await new Promise(r => setTimeout(r, interval));
        }
        };

        const job = await poll(jobId);
        console.log('Output:', job.url);

        const jobs = await client.listRenders({ limit: 20, status: 'COMPLETE' });
        """#

    static func nodeClient(base: String, key: String, jobID: String) -> String {
        """
        const get = async (path) => (await fetch('\(base)' + path, { headers: { Authorization: 'Bearer \(key)' } })).json();
        const client = {
          getRender: (id) => get('/v1/render/' + id),
          listRenders: ({ limit, status }) => get(`/v1/render?limit=${limit}&status=${status}`).then((page) => page.data),
        };
        const jobId = '\(jobID)';
        """
    }

    static func localized(_ sample: String, base: String, callback: String = "") -> String {
        sample.replacingOccurrences(of: "https://api.vidiking.com", with: base).replacingOccurrences(of: "{ ... }", with: timeline)
            .replacingOccurrences(of: #""hd""#, with: #""preview""#).replacingOccurrences(of: "https://your-server.com/webhooks/vidiking", with: callback)
    }

    @Test func theDocumentsSamplesSubmitPollAndListARenderThatDownloads() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            let base = try client.base("vidiking")
            let environment = ["VIDIKING_API_KEY": key]
            let submitted = try sampleJSON(try await Sample.shell(Self.localized(Self.submitSample, base: base), environment: environment))
            let id = try #require(submitted["id"] as? String)
            #expect(id.hasPrefix("job_") && submitted["status"] as? String == "QUEUED" && submitted["created_at"] is String)

            let python = try await Sample.python(Self.pythonClient + "\n" + Self.pythonSamples + "\nprint('Listed:', [j.id for j in jobs])", arguments: [base, key, id])
            let url = try #require(python.split(separator: "\n").first { $0.hasPrefix("Output: ") }?.dropFirst(8))
            try await client.requireVideo(at: String(url), in: fixture.folder)
            #expect(python.contains("Listed: ['\(id)']"))

            let node = try await Sample.node(Self.nodeClient(base: base, key: key, jobID: id) + "\n" + Self.nodeSamples + "\nconsole.log('Listed:', jobs.map((j) => j.id).join());")
            #expect(node.contains("Output: \(url)") && node.contains("Listed: \(id)"))

            let job = try sampleJSON(try await Sample.shell(Self.localized(Self.pollSample.replacingOccurrences(of: "job_abc123", with: id), base: base), environment: environment))
            #expect(job["status"] as? String == "COMPLETE" && job["url"] as? String == String(url) && job["resolution"] as? String == "512x288")
            #expect(job["duration"] as? Double == 1 && job["format"] as? String == "mp4" && job["file_size"] as? Int ?? 0 > 0 && job["credits_used"] as? Int == 1)
            #expect(job["processing_started_at"] is String && job["completed_at"] is String && job["render_time"] is Double && job["error"] is NSNull)

            let hooked = try sampleJSON(try await Sample.shell(Self.localized(Self.webhookSample, base: base, callback: hooks.url("webhooks/vidiking")), environment: environment))
            let hookedID = try #require(hooked["id"] as? String)
            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["id"] as? String == hookedID && webhook["status"] as? String == "COMPLETE")
            try await client.requireVideo(at: try #require(webhook["url"] as? String), in: fixture.folder)

            let listed = try sampleJSON(try await Sample.shell(Self.localized(Self.listSample, base: base), environment: environment))
            #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [hookedID, id] && listed["next_cursor"] is NSNull)
        }
    }

    @Test func anotherAccountsJobIsNotFoundAndARefusedRenderChangesNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, owner) = try await fixture.account()
        let (other, stranger) = try await fixture.account(credits: 5, unlimited: false, name: "other")
        try await fixture.live { client in
            let created = try await client.call(.post, "/compat/vidiking/v1/render", key: owner, body: colorTimeline())
            #expect(created.status == .accepted)
            let id = try #require(try created.json()["id"] as? String)
            #expect(created.headers[.location] == "/compat/vidiking/v1/render/\(id)")
            let hidden = try await client.call(.get, "/compat/vidiking/v1/render/\(id)", key: stranger)
            #expect(hidden.status == .notFound && hidden.errorCode == "NOT_FOUND")
            #expect((try await client.call(.get, "/compat/vidiking/v1/render", key: stranger).json()["data"] as? [Any])?.isEmpty == true)

            let bad = try await client.call(.post, "/compat/vidiking/v1/render", key: stranger, body: #"{"timeline":{"tracks":[]},"output":{"format":"mp4"}}"#)
            #expect(bad.status == .badRequest && bad.errorCode == "INVALID_TIMELINE" && bad.errorDetails?["path"] as? String == "timeline.tracks")
            let costly = try await client.call(.post, "/compat/vidiking/v1/render", key: stranger, body: colorTimeline(seconds: 20, resolution: "hd"))
            #expect(costly.status.code == 402 && costly.errorCode == "INSUFFICIENT_CREDITS")
            let status = try await client.call(.get, "/compat/vidiking/v1/render?status=DONE", key: stranger)
            #expect(status.status == .badRequest && status.errorDetails?["path"] as? String == "status")
            #expect(try await client.call(.get, "/compat/vidiking/v1/render", key: nil).errorCode == "MISSING_API_KEY")
            #expect(try await fixture.store.account(id: other.id)?.credits == 5)
            #expect((try await client.call(.get, "/compat/vidiking/v1/render", key: stranger).json()["data"] as? [Any])?.isEmpty == true)
        }
    }
}
