import AsyncHTTPClient
import Foundation
import ReelNetwork
@testable import ReelRender
import Testing

@Suite struct PinnedClientTests {
    /// The name below never resolves (RFC 6761), so an answer proves the connection went to the
    /// pinned address rather than through a second lookup.
    @Test func aPinnedHostConnectsToItsCheckedAddressWithoutALookup() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try "pinned".write(to: scratch.file("pinned.txt"), atomically: true, encoding: .utf8)
        let server = try StaticFileServer(serving: scratch.folder)
        defer { _ = server.stop(countingRequestsFor: "pinned.txt") }
        let url = "http://reel-pinned.invalid:\(server.port)/pinned.txt"
        let client = AssetFetcher.sharedClient
        let pinned = try await client.withClient(pinning: AddressPin(host: "reel-pinned.invalid", address: "127.0.0.1")) { http in
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
            return String(buffer: try await response.body.collect(upTo: 1024))
        }
        #expect(pinned == "pinned")
        await #expect(throws: (any Error).self) {
            try await client.withClient(pinning: nil) { http in try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(10)) }
        }
    }
}
