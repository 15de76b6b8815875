import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Viggle's "Get Job Status" (seed 002) against `/compat/viggle`: its samples, with only the base URL,
/// job id and token changed, on a render submitted through `POST /compat/viggle/api/render`.
@Suite struct ViggleTests {
    static let curlSample = #"""
        curl --request GET \
          --url https://apis.viggle.ai/api/render/{job_id} \
          --header 'Authorization: Bearer <token>'
        """#
    static let pythonSample = #"""
        import requests
        import time

        job_id = "job_abc123xyz"
        url = f"https://apis.viggle.ai/api/render/{job_id}"

        while True:
            data = requests.get(url).json()
            print(f"Status: {data['status']} ({data.get('progress_pct', 0)}%)")

            if data["status"] == "complete":
                print(f"Video ready: {data['cdn_url']}")
                break
            elif data["status"] == "failed":
                print(f"Error {data.get('error_code')}: {data.get('error_message')}")
                break

            time.sleep(3)
        """#

    static let documentedFields: Set = [
        "job_id", "status", "mode", "checkpoint", "progress_pct", "cdn_url", "mask_cdn_url", "error_code", "error_message", "chunks", "created_at",
        "completed_at",
    ]

    @Test func theDocumentsSamplesPollARenderWithoutAKeyToItsDownload() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        try await fixture.live { client in
            let base = try client.base("viggle")
            let created = try await client.call(.post, "/compat/viggle/api/render", key: key, body: colorTimeline(seconds: 2))
            let submitted = try created.json()
            let id = try #require(submitted["job_id"] as? String)
            #expect(created.status == .accepted && submitted["status"] as? String == "queued" && Set(submitted.keys) == Self.documentedFields)

            let python = try await Sample.python(
                Self.pythonSample.replacingOccurrences(of: "https://apis.viggle.ai", with: base).replacingOccurrences(of: "job_abc123xyz", with: id))
            let url = try #require(python.split(separator: "\n").first { $0.hasPrefix("Video ready: ") }?.dropFirst(13))
            try await client.requireVideo(at: String(url), in: fixture.folder)

            let curl = Self.curlSample.replacingOccurrences(of: "https://apis.viggle.ai", with: base).replacingOccurrences(of: "{job_id}", with: id)
                .replacingOccurrences(of: "<token>", with: key)
            let job = try sampleJSON(try await Sample.shell(curl))
            #expect(Set(job.keys) == Self.documentedFields && job["status"] as? String == "complete" && job["cdn_url"] as? String == String(url))
            #expect(job["checkpoint"] as? String == "render_done" && job["progress_pct"] as? Double == 100 && (job["chunks"] as? [Any])?.isEmpty == true)
            #expect(job["completed_at"] is String && job["error_code"] is NSNull && job["mode"] is NSNull)
        }
    }

    @Test func withoutAKeyOnlyThisSurfacesJobsAnswerAndNotAtAllOnceTurnedOff() async throws {
        for isPublic in [true, false] {
            let fixture = try await ServerFixture(["compatPublicStatus": .bool(isPublic)])
            defer { fixture.cleanUp() }
            let (_, owner) = try await fixture.account()
            let (_, stranger) = try await fixture.account(name: "other")
            try await fixture.live { client in
                let viggle = try #require(try await client.call(.post, "/compat/viggle/api/render", key: owner, body: colorTimeline()).json()["job_id"] as? String)
                let native = try #require(try await client.call(.post, "/v1/renders", key: owner, body: colorTimeline()).json()["id"] as? String)
                let anonymous = try await client.call(.get, "/compat/viggle/api/render/\(viggle)")
                if isPublic {
                    #expect(try anonymous.status == .ok && Set(anonymous.json().keys) == Self.documentedFields)
                    let nativeJob = try await client.call(.get, "/compat/viggle/api/render/\(native)")
                    #expect(try nativeJob.status == .notFound && (nativeJob.json()["error_code"] as? String) == "NOT_FOUND")
                } else {
                    #expect(try anonymous.status == .unauthorized && (anonymous.json()["error_code"] as? String) == "MISSING_API_KEY")
                }
                let keyed = try await client.call(.get, "/compat/viggle/api/render/\(native)", key: owner)
                #expect(try keyed.json()["status"] as? String == "queued" && keyed.headers[HTTPField.Name("X-RateLimit-Limit")!] == "1200")
                let hidden = try await client.call(.get, "/compat/viggle/api/render/\(viggle)", key: stranger)
                #expect(try hidden.status == .notFound && (hidden.json()["detail"] as? String) == "no job with this id")
                #expect(try await client.call(.get, "/compat/viggle/api/render/\(viggle)", key: "reel_sk_wrong").status == .unauthorized)
            }
        }
    }

    @Test func aRefusedRenderNamesItsFieldInViggleShapeAndChangesNothing() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account(credits: 3, unlimited: false)
        try await fixture.live { client in
            let bad = try await client.call(.post, "/compat/viggle/api/render", key: key, body: colorTimeline(extra: #","callback":"ftp://x""#))
            let refusal = try bad.json()
            #expect(bad.status == .badRequest && refusal["error_code"] as? String == "INVALID_TIMELINE" && (refusal["detail"] as? String)?.contains("callback") == true, "\(refusal)")
            #expect(try await client.call(.post, "/compat/viggle/api/render", key: nil, body: colorTimeline()).status == .unauthorized)
            #expect(try await fixture.store.account(id: account.id)?.credits == 3)
            #expect(try await fixture.store.jobs(accountID: account.id, status: nil, before: nil, limit: 10).isEmpty)
        }
    }
}
