import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Vydra's Jobs API (seed 003) against `/compat/vydra`: its samples, cleaned of the page's highlighting
/// markup, with only the base URL and key changed; the workflow `house-timelapse` is a template.
@Suite struct VydraTests {
    static let workflow = ##"""
        {"name": "House timelapse", "slug": "house-timelapse", "inputs": [{"name": "theme", "type": "string"}],
         "timeline": {"tracks": [
           {"clips": [{"asset": {"type": "text", "text": "{{theme}}", "font": {"size": 32, "color": "#ffffff"}}, "start": 0, "length": 1}]},
           {"clips": [{"asset": {"type": "color", "color": "#225522"}, "start": 0, "length": 1}]}]},
         "output": {"format": "mp4", "resolution": "preview", "thumbnail": {"capture": 0.5}}}
        """##
    static let createSample = #"""
        curl -X POST https://vydra.app/api/v1/jobs \
          -H "Authorization: Bearer YOUR_API_KEY" \
          -H "Content-Type: application/json" \
          -d '{
            "workflow": "house-timelapse",
            "input": {
              "theme": "Cliffside Ocean Mansion"
            },
            "webhookUrl": "https://yourapp.com/webhook/vydra"
          }'
        """#
    static let listSample = #"""
        curl "https://vydra.app/api/v1/jobs?limit=10&status=completed" \
          -H "Authorization: Bearer YOUR_API_KEY"
        """#
    static let getSample = #"""
        curl https://vydra.app/api/v1/jobs/550e8400-e29b-41d4-a716-446655440000 \
          -H "Authorization: Bearer YOUR_API_KEY"
        """#
    static let cancelSample = #"""
        curl -X DELETE https://vydra.app/api/v1/jobs/550e8400-e29b-41d4-a716-446655440000 \
          -H "Authorization: Bearer YOUR_API_KEY"
        """#
    static let pollingSample = #"""
        async function waitForJob(jobId, apiKey, maxWaitMs = 30 * 60 * 1000) {
          const startTime = Date.now();
          const pollInterval = 5000; // 5 seconds

          while (Date.now() - startTime < maxWaitMs) {
            const response = await fetch(`https://vydra.app/api/v1/jobs/${jobId}`, {
              headers: { 'Authorization': `Bearer ${apiKey}` }
            });

            const job = await response.json();

            console.log(`Status: ${job.status}, Progress: ${job.progress}%`);

            if (job.status === 'completed') {
              return job.output;
            }

            if (job.status === 'failed') {
              throw new Error(job.error?.message || 'Job failed');
            }

            // Wait before next poll
            await new Promise(resolve => setTimeout(resolve, pollInterval));
          }

          throw new Error('Job timed out');
        }

        // Usage
        const output = await waitForJob('job-id', 'YOUR_API_KEY');
        console.log('Video URL:', output.videoUrl);
        """#

    static func localized(_ sample: String, base: String, key: String, id: String = "", webhook: String = "") -> String {
        sample.replacingOccurrences(of: "https://vydra.app", with: base).replacingOccurrences(of: "YOUR_API_KEY", with: key)
            .replacingOccurrences(of: "550e8400-e29b-41d4-a716-446655440000", with: id).replacingOccurrences(of: "'job-id'", with: "'\(id)'")
            .replacingOccurrences(of: "https://yourapp.com/webhook/vydra", with: webhook)
    }

    static let uuidPattern = #"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"#

    @Test func theDocumentsSamplesCreatePollAndListAWorkflowJobThatDownloads() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: Self.workflow).status == .created)
            let base = try client.base("vydra")
            let created = try sampleJSON(try await Sample.shell(Self.localized(Self.createSample, base: base, key: key, webhook: hooks.url("webhook/vydra"))))
            let id = try #require(created["id"] as? String)
            #expect(id.range(of: Self.uuidPattern, options: .regularExpression) != nil && created["workflow"] as? String == "house-timelapse")
            #expect(created["status"] as? String == "pending" && created["creditsCharged"] as? Int == 1 && (created["createdAt"] as? String)?.hasSuffix("Z") == true)
            #expect((created["_links"] as? [String: Any])?["self"] as? String == "http://127.0.0.1:8080/compat/vydra/api/v1/jobs/\(id)")

            let node = try await Sample.node(Self.localized(Self.pollingSample, base: base, key: key, id: id))
            let url = try #require(node.split(separator: "\n").first { $0.hasPrefix("Video URL: ") }?.dropFirst(11))
            try await client.requireVideo(at: String(url), in: fixture.folder)

            let job = try sampleJSON(try await Sample.shell(Self.localized(Self.getSample, base: base, key: key, id: id)))
            #expect(job["status"] as? String == "completed" && job["progress"] as? Double == 100 && job["workflowSlug"] as? String == "house-timelapse")
            #expect(job["statusMessage"] as? String == "Video generated successfully" && job["completedAt"] is String && job["error"] is NSNull)
            let output = try #require(job["output"] as? [String: Any])
            #expect(output["videoUrl"] as? String == String(url) && output["thumbnailUrl"] is String)

            let listed = try sampleJSON(try await Sample.shell(Self.localized(Self.listSample, base: base, key: key)))
            #expect((listed["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            #expect(listed["pagination"] as? [String: Int] == ["limit": 10, "offset": 0, "count": 1])

            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["jobId"] as? String == id && webhook["status"] as? String == "completed" && webhook["workflow"] as? String == "house-timelapse")
            #expect((webhook["output"] as? [String: Any])?["videoUrl"] is String && webhook["completedAt"] is String)
            let beyond = try await client.call(.get, "/compat/vydra/api/v1/jobs?limit=1&offset=1", key: key).json()
            #expect(beyond["pagination"] as? [String: Int] == ["limit": 1, "offset": 1, "count": 0])
        }
    }

    @Test func theCancelSampleRefundsAndAnotherAccountsJobIsNotFound() async throws {
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let (_, stranger) = try await fixture.account(name: "other")
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: Self.workflow).status == .created)
            let body = #"{"workflow": "house-timelapse", "input": {"theme": "x"}, "webhookUrl": "\#(hooks.url("hook"))"}"#
            let id = try #require(try await client.call(.post, "/compat/vydra/api/v1/jobs", key: key, body: body).json()["id"] as? String)
            #expect(try await fixture.store.account(id: account.id)?.credits == 9)

            let hidden = try await client.call(.delete, "/compat/vydra/api/v1/jobs/\(id)", key: stranger)
            #expect(try hidden.status == .notFound && (hidden.json()["error"] as? [String: Any])?["code"] as? String == "NOT_FOUND")
            #expect(try await client.call(.get, "/compat/vydra/api/v1/jobs/\(id)", key: stranger).status == .notFound)
            #expect(try await client.call(.get, "/compat/vydra/api/v1/jobs/\(id)", key: key).json()["status"] as? String == "pending")

            let base = try client.base("vydra")
            let canceled = try sampleJSON(try await Sample.shell(Self.localized(Self.cancelSample, base: base, key: key, id: id)))
            #expect(canceled["success"] as? Bool == true && canceled["message"] as? String == "Job cancelled")
            let refund = try #require(canceled["refund"] as? [String: Any])
            #expect(refund["applied"] as? Bool == true && refund["creditsRefunded"] as? Int == 1)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
            let job = try await client.call(.get, "/compat/vydra/api/v1/jobs/\(id)", key: key).json()
            #expect(job["status"] as? String == "cancelled" && job["creditsRefunded"] as? Int == 1 && job["refundStatus"] as? String == "completed")
            let again = try await client.call(.delete, "/compat/vydra/api/v1/jobs/\(id)", key: key)
            #expect(try again.status == .conflict && (again.json()["error"] as? [String: Any])?["code"] as? String == "JOB_NOT_CANCELLABLE")

            let webhook = try #require(try await hooks.signedBodies(count: 1, secret: account.webhookSecret).first)
            #expect(webhook["status"] as? String == "cancelled" && (webhook["refund"] as? [String: Any])?["creditsRefunded"] as? Int == 1)
        }
    }

    @Test func badInputNamesItsFieldInVydrasShapeAndChangesNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: Self.workflow).status == .created)
            let refusals: [(body: String, status: HTTPResponse.Status, field: String)] = [
                (#"{"input": {"theme": "x"}}"#, .badRequest, "workflow"),
                (#"{"workflow": "no-such-flow"}"#, .badRequest, "workflow"),
                (#"{"workflow": "house-timelapse", "input": {"theme": 4}}"#, .badRequest, "input.theme"),
                (#"{"workflow": "house-timelapse", "input": {"theme": "x"}, "webhookUrl": "ftp://x"}"#, .badRequest, "webhookUrl"),
                (#"{"workflow": "house-timelapse", "inputs": {}}"#, .badRequest, "inputs"),
                ("not json", .badRequest, "JSON object"),
            ]
            for refusal in refusals {
                let answer = try await client.call(.post, "/compat/vydra/api/v1/jobs", key: key, body: refusal.body)
                let error = try #require(try answer.json()["error"] as? [String: Any])
                #expect(answer.status == refusal.status && error["code"] as? String == "VALIDATION_ERROR", "\(refusal.body)")
                #expect((error["message"] as? String)?.contains(refusal.field) == true, "\(refusal.body): \(error)")
            }
            for query in ["limit=0", "limit=101", "offset=-1", "status=done"] {
                let answer = try await client.call(.get, "/compat/vydra/api/v1/jobs?\(query)", key: key)
                #expect(try answer.status == .badRequest && (answer.json()["error"] as? [String: Any])?["code"] as? String == "VALIDATION_ERROR", "\(query)")
            }
            let unauthorized = try await client.call(.get, "/compat/vydra/api/v1/jobs", key: nil)
            #expect(try unauthorized.status == .unauthorized && (unauthorized.json()["error"] as? [String: Any])?["code"] as? String == "UNAUTHORIZED")
            #expect(try await client.call(.get, "/compat/vydra/api/v1/jobs/not-a-job", key: key).status == .notFound)
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
            #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
        }
    }
}
