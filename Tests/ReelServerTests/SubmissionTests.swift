import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelServer
import Testing

@Suite struct SubmissionTests {
    @Test func aRenderIsPricedChargedOnceAndRefusedWithPaymentRequiredWhenShort() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 5, unlimited: false)
        try await fixture.live { client in
            // 4 s at 720p costs 4 credits; at preview size (short edge 288) half that.
            let quote = try await client.call(.post, "/v1/renders/cost", key: key, body: colorTimeline(seconds: 4, resolution: "hd")).json()
            #expect(quote["credits"] as? Int == 4 && quote["duration"] as? Double == 4 && quote["width"] as? Int == 1280 && quote["quality"] as? String == "medium")
            let accepted = try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(seconds: 4, resolution: "hd"))
            #expect(accepted.status == .accepted)
            let job = try accepted.json()
            #expect(accepted.headers[.location] == "/v1/jobs/\(job["id"] as? String ?? "")" && job["credits_used"] as? Int == 4 && job["status"] as? String == "queued")
            let short = try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(seconds: 4, resolution: "hd"))
            #expect(short.status.code == 402 && short.errorCode == "INSUFFICIENT_CREDITS")
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 1)

            let canceled = try await client.call(.delete, "/v1/jobs/\(job["id"] as? String ?? "")", key: key).json()
            #expect(canceled["status"] as? String == "canceled" && canceled["canceled_at"] is String)
            let again = try await client.call(.delete, "/v1/jobs/\(job["id"] as? String ?? "")", key: key)
            #expect(again.status == .conflict && again.errorCode == "JOB_NOT_CANCELABLE")
            let ledger = try await client.call(.get, "/v1/credits/ledger", key: key).json()
            let entries = try #require(ledger["data"] as? [[String: Any]])
            #expect(entries.map { $0["kind"] as? String } == ["refund", "charge"] && entries.map { $0["amount"] as? Int } == [4, -4])
            #expect(try await client.call(.get, "/v1/credits", key: key).json()["credits"] as? Int == 5)
        }
        #expect(try await fixture.store.ledger(accountID: account.id).count == 2)
    }

    /// U+0000 cannot be kept by PostgreSQL's text: every API refuses it, on every backend, rather than a store answering 500.
    @Test func aStringWithANulCharacterIsRefusedAndChangesNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        try await fixture.live { client in
            let native = try await client.call(.post, "/v1/renders", key: key, body: #"{"timeline": {"tracks": []}, "metadata": {"note": "a\u0000b"}}"#)
            #expect(native.status == .badRequest && String(buffer: native.body).contains("\\u0000"), "\(String(buffer: native.body))")
            let rendley = try await client.call(.post, "/compat/rendley/v1/export/cost", key: key, body: #"{"project_id": "\u0000"}"#)
            #expect(rendley.status == .badRequest, "\(String(buffer: rendley.body))")
        }
        #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
    }

    /// PostgreSQL's text cannot hold U+0000 either when it arrives percent-encoded in a path or a query.
    @Test func aNulCharacterInAPathOrAQueryIsNeverAServerError() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        let nul = "job%00x"
        let requests: [(HTTPRequest.Method, String)] = [
            (.get, "/v1/jobs/\(nul)"), (.delete, "/v1/jobs/\(nul)"), (.get, "/v1/jobs/\(nul)/events"), (.get, "/v1/jobs/\(nul)/output"),
            (.get, "/v1/jobs?status=\(nul)"), (.get, "/v1/jobs?cursor=\(nul)"), (.get, "/v1/credits/ledger?cursor=\(nul)"),
            (.get, "/v1/templates/\(nul)"), (.put, "/v1/templates/\(nul)"), (.delete, "/v1/templates/\(nul)"),
            (.post, "/v1/templates/\(nul)/cost"), (.post, "/v1/templates/\(nul)/renders"),
            (.get, "/v1/projects/\(nul)"), (.put, "/v1/projects/\(nul)"), (.delete, "/v1/projects/\(nul)"),
            (.get, "/v1/projects/\(nul)/renders"), (.post, "/v1/projects/\(nul)/renders"),
            (.get, "/v1/previews/\(nul)"), (.delete, "/v1/previews/\(nul)"), (.post, "/v1/previews/\(nul)/render"),
            (.get, "/v1/uploads/\(nul)"), (.delete, "/v1/uploads/\(nul)"),
            (.get, "/files/\(nul)/output.mp4"), (.get, "/files/uploads/\(nul)"), (.get, "/p/\(nul)"), (.get, "/watch/\(nul)"),
            (.get, "/v1/account?api_key=\(nul)"),
            (.get, "/compat/shotstack/v1/render/\(nul)"), (.get, "/compat/shotstack/v1/templates/\(nul)"),
            (.delete, "/compat/shotstack/v1/templates/\(nul)"),
            (.get, "/compat/rendley/v1/jobs/\(nul)"), (.get, "/compat/rendley/v1/jobs?source_type=\(nul)"),
            (.get, "/compat/vydra/api/v1/jobs/\(nul)"), (.get, "/compat/vydra/api/v1/jobs?status=\(nul)"),
            (.get, "/compat/vidiking/v1/render/\(nul)"), (.get, "/compat/vidiking/v1/render?status=\(nul)"),
            (.get, "/compat/viggle/api/render/\(nul)"),
            (.get, "/compat/renderingvideo/api/v1/video/\(nul)"), (.post, "/compat/renderingvideo/api/v1/video/\(nul)/render"),
            (.get, "/compat/renderingvideo/api/v1/preview/\(nul)"), (.delete, "/compat/renderingvideo/api/v1/files/\(nul)"),
            (.get, "/compat/renderingvideo/api/v1/files?type=\(nul)"),
        ]
        try await fixture.live { client in
            for (method, path) in requests {
                let response = try await client.call(method, path, key: key, body: method == .get || method == .delete ? nil : "{}")
                #expect(response.status.code < 500, "\(method) \(path): \(response.status) \(String(buffer: response.body))")
            }
        }
        #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
    }

    @Test func anIdempotencyKeyReplaysItsJobAndRefusesAnotherBody() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "order-42"]
            let first = try await client.call(.post, "/v1/renders", key: key, headers: headers, body: colorTimeline(seconds: 2))
            let second = try await client.call(.post, "/v1/renders", key: key, headers: headers, body: colorTimeline(seconds: 2))
            #expect(first.status == .accepted && second.status == .ok)
            #expect(try first.json()["id"] as? String == second.json()["id"] as? String)
            let conflict = try await client.call(.post, "/v1/renders", key: key, headers: headers, body: colorTimeline(seconds: 3))
            #expect(conflict.status == .conflict && conflict.errorCode == "IDEMPOTENCY_CONFLICT")
        }
        #expect(try await fixture.store.ledger(accountID: account.id).map(\.amount) == [-1])
    }

    @Test func badRequestsNameTheirPathAndChangeNothing() async throws {
        let fixture = try await ServerFixture(["maxBodyBytes": .int(2000), "allowPrivateUrls": .bool(false)])
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 10, unlimited: false)
        try await fixture.live { client in
            let invalid = try await client.call(
                .post, "/v1/renders", key: key,
                body: ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"color","color":"#fff"},"start":0,"length":-1}]}]},"output":{"format":"mp4"}}"##)
            #expect(invalid.status == .badRequest && invalid.errorCode == "INVALID_TIMELINE")
            let details = try #require((try invalid.json()["error"] as? [String: Any])?["details"] as? [String: Any])
            #expect(details["path"] as? String == "timeline.tracks[0].clips[0].length")

            let unsupported = try await client.call(
                .post, "/v1/renders", key: key,
                body: ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"html","html":"<p>"},"start":0,"length":1}]}]},"output":{"format":"mp4"}}"##)
            #expect(unsupported.errorCode == "UNSUPPORTED_FEATURE")
            #expect(try await client.call(.post, "/v1/renders", key: key, body: "{not json").errorCode == "INVALID_REQUEST")

            let tooLarge = try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(extra: #","metadata":{"pad":"\#(String(repeating: "x", count: 3000))"}"#))
            #expect(tooLarge.status == .contentTooLarge && tooLarge.errorCode == "PAYLOAD_TOO_LARGE")

            for url in ["http://127.0.0.1:9/a.png", "http://169.254.169.254/latest/meta-data", "http://[::1]/a.png", "http://10.1.2.3/a.png"] {
                let body = ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"image","src":"\##(url)"},"start":0,"length":1}]}]},"output":{"format":"mp4"}}"##
                let refused = try await client.call(.post, "/v1/renders", key: key, body: body)
                #expect(refused.status == .badRequest && refused.errorCode == "INVALID_ASSET", "\(url)")
            }
            let privateCallback = try await client.call(.post, "/v1/renders", key: key, body: colorTimeline(extra: #","callback":"http://localhost:8080/hook""#))
            #expect(privateCallback.errorCode == "INVALID_REQUEST")
            #expect(try await client.call(.get, "/v1/jobs?limit=0", key: key).errorCode == "INVALID_REQUEST")
            #expect(try await client.call(.get, "/v1/jobs?status=done", key: key).errorCode == "INVALID_REQUEST")
        }
        #expect(try await fixture.store.ledger(accountID: account.id).isEmpty)
        #expect(try await fixture.store.account(id: account.id)?.credits == 10)
    }

    @Test func jobsAreListedNewestFirstWithACursor() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            var ids: [String] = []
            for _ in 0..<5 {
                ids.append(try #require(try await client.call(.post, "/v1/renders", key: key, body: colorTimeline()).json()["id"] as? String))
                try await Task.sleep(for: .milliseconds(3))
            }
            let first = try await client.call(.get, "/v1/jobs?limit=2", key: key).json()
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await client.call(.get, "/v1/jobs?limit=10&status=queued&cursor=\(cursor)", key: key).json()
            let listed = ((first["data"] as? [[String: Any]] ?? []) + (second["data"] as? [[String: Any]] ?? [])).compactMap { $0["id"] as? String }
            #expect(listed == ids.reversed())
            #expect(second["next_cursor"] is NSNull)
        }
    }
}
