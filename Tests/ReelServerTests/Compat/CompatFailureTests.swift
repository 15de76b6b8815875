import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A render that fails (its image is missing) as each surface shows it, polled and in its webhook:
/// the vendor's failed status, error fields and refund.
@Suite struct CompatFailureTests {
    @Test func aFailedRenderIsShownInEachVendorsShapeAndRefunded() async throws {
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("reel-compat-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: media) }
        let files = try await LoopbackPeer.files(in: media)
        defer { files.stop() }
        let hooks = try await WebhookLog.start()
        defer { hooks.stop() }
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        let missing = #"{"tracks":[{"clips":[{"asset":{"type":"image","src":"\#(files.url("missing.png"))"},"start":0,"length":1}]}]}"#
        let render = #"{"timeline":\#(missing),"output":{"format":"mp4","resolution":"preview"},"callback":"\#(hooks.url("hook"))"}"#
        let workflow = #"{"name":"Broken","slug":"broken","timeline":\#(missing),"output":{"format":"mp4","resolution":"preview"}}"#
        try await fixture.live { client in
            #expect(try await client.call(.post, "/v1/templates", key: key, body: workflow).status == .created)
            let vidiking = try #require(try await client.call(.post, "/compat/vidiking/v1/render", key: key, body: render).json()["id"] as? String)
            let viggle = try #require(try await client.call(.post, "/compat/viggle/api/render", key: key, body: render).json()["job_id"] as? String)
            let vydraBody = #"{"workflow":"broken","webhookUrl":"\#(hooks.url("hook"))"}"#
            let vydra = try #require(try await client.call(.post, "/compat/vydra/api/v1/jobs", key: key, body: vydraBody).json()["id"] as? String)
            let webhooks = try await hooks.signedBodies(count: 3, secret: account.webhookSecret)

            let failed = try await client.call(.get, "/compat/vidiking/v1/render/\(vidiking)", key: key).json()
            let error = try #require(failed["error"] as? [String: Any])
            #expect(failed["status"] as? String == "FAILED" && error["code"] as? String == "INVALID_ASSET" && (error["message"] as? String)?.isEmpty == false)
            #expect(failed["credits_used"] as? Int == 0 && failed["failed_at"] is String && failed["url"] is NSNull)
            #expect(webhooks.contains { $0["id"] as? String == vidiking && $0["status"] as? String == "FAILED" })

            let status = try await client.call(.get, "/compat/viggle/api/render/\(viggle)").json()
            #expect(status["status"] as? String == "failed" && status["error_code"] as? String == "INVALID_ASSET" && status["error_message"] is String)
            #expect(status["cdn_url"] is NSNull && status["checkpoint"] is NSNull)
            #expect(webhooks.contains { $0["job_id"] as? String == viggle && $0["status"] as? String == "failed" })

            let job = try await client.call(.get, "/compat/vydra/api/v1/jobs/\(vydra)", key: key).json()
            #expect(job["status"] as? String == "failed" && (job["error"] as? [String: Any])?["code"] as? String == "PROCESSING_ERROR")
            #expect(job["creditsRefunded"] as? Int == 1 && job["refundStatus"] as? String == "completed" && job["output"] is NSNull)
            let payload = try #require(webhooks.first { $0["jobId"] as? String == vydra })
            #expect(payload["status"] as? String == "failed" && payload["workflow"] as? String == "broken" && payload["output"] == nil)
            #expect((payload["refund"] as? [String: Any])?["creditsRefunded"] as? Int == 1 && (payload["error"] as? [String: Any])?["code"] as? String == "PROCESSING_ERROR")
            #expect(try await fixture.store.account(id: account.id)?.credits == 10)
        }
    }
}
