import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import ReelServer
import Testing

@Suite struct APIKeyTests {
    @Test func everyFormOfTheKeyIsAcceptedAndEveryErrorHasItsCode() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let revoked = try await fixture.account(name: "revoked")
        _ = try await fixture.store.revokeKey(id: try #require(try await fixture.store.keys().first { $0.name == "revoked" }).id)
        try await fixture.live { client in
            for headers: HTTPFields in [[.authorization: "Bearer \(key)"], [.authorization: "Token \(key)"], [HTTPField.Name("X-API-Key")!: key]] {
                #expect(try await client.call(.get, "/v1/account", headers: headers).status == .ok)
            }
            #expect(try await client.call(.get, "/v1/account?api_key=\(key)").status == .ok)

            let missing = try await client.call(.get, "/v1/account")
            #expect(missing.status == .unauthorized && missing.errorCode == "MISSING_API_KEY")
            #expect(try await client.call(.get, "/v1/account", key: "sk_live_123").errorCode == "INVALID_API_KEY_FORMAT")
            #expect(try await client.call(.get, "/v1/account", key: APIKeys.generate()).errorCode == "INVALID_API_KEY")
            let inactive = try await client.call(.get, "/v1/account", key: revoked.key)
            #expect(inactive.status == .unauthorized && inactive.errorCode == "API_KEY_INACTIVE")
            // No key needed outside /v1.
            #expect(try await client.call(.get, "/healthz").status == .ok)
        }
    }

    @Test func keysAreIssuedAsSkAndTheEarlierReelSkKeysStillWork() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (account, key) = try await fixture.account()
        #expect(key.hasPrefix("sk-") && key.count == 43)
        let earlier = "reel_sk_" + String(repeating: "a1B2", count: 10)
        let digest = SHA256.hash(data: Data(earlier.utf8)).map { String(format: "%02x", $0) }.joined()
        _ = try await fixture.store.addKey(accountID: account.id, name: "earlier", keyHash: digest, prefix: String(earlier.prefix(12)))
        try await fixture.live { (client: any TestClientProtocol) async throws in
            #expect(try await client.call(.get, "/v1/account", key: key).status == .ok)
            #expect(try await client.call(.get, "/v1/account", key: earlier).status == .ok)
            for malformed in ["sk-" + String(repeating: "a", count: 39), "sk-" + String(repeating: "a", count: 39) + "-", "reel_sk_" + String(repeating: "a", count: 41)] {
                #expect(try await client.call(.get, "/v1/account", key: malformed).errorCode == "INVALID_API_KEY_FORMAT")
            }
        }
    }

    @Test func anotherAccountsJobAnswersExactlyAsAnUnknownOne() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let owner = try await fixture.account(name: "owner")
        let stranger = try await fixture.account(name: "stranger")
        try await fixture.live { client in
            let id = try #require(try await client.call(.post, "/v1/renders", key: owner.key, body: colorTimeline()).json()["id"] as? String)
            let theirs = try await client.call(.get, "/v1/jobs/\(id)", key: stranger.key)
            let unknown = try await client.call(.get, "/v1/jobs/job_01ZZZZZZZZZZZZZZZZZZZZZZZZ", key: stranger.key)
            #expect(theirs.status == .notFound && String(buffer: theirs.body) == String(buffer: unknown.body))
            #expect(try await client.call(.delete, "/v1/jobs/\(id)", key: stranger.key).status == .notFound)
            #expect(try await client.call(.get, "/v1/jobs/\(id)/events", key: stranger.key).status == .notFound)
            let strangersList = try await client.call(.get, "/v1/jobs", key: stranger.key).json()
            #expect((strangersList["data"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.get, "/v1/jobs/\(id)", key: owner.key).status == .ok)
        }
    }

    @Test func aKeyPastItsRateLimitGets429WithRetryAfter() async throws {
        let fixture = try await ServerFixture(["rateLimit": .int(5)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let other = try await fixture.account(name: "other")
        try await fixture.live { client in
            var statuses: [Int] = []
            for _ in 0..<7 { statuses.append(try await client.call(.get, "/v1/credits", key: key).status.code) }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            let limited = try await client.call(.get, "/v1/credits", key: key)
            #expect(limited.errorCode == "RATE_LIMITED")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.headers[HTTPField.Name("X-RateLimit-Limit")!] == "5" && limited.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
            // Limits are per key.
            #expect(try await client.call(.get, "/v1/credits", key: other.key).status == .ok)
        }
    }
}
