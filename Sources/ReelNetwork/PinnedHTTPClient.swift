import AsyncHTTPClient

/// An HTTP client that connects a checked host name only to the address its ``AddressPolicy``
/// check approved, never to what a second DNS lookup might answer. Unpinned requests share one
/// client alive as long as the process; a pinned request gets a short-lived client of its own,
/// because the address override is part of a client's configuration.
public struct PinnedHTTPClient: Sendable {
    private let configuration: HTTPClient.Configuration
    private let shared: HTTPClient

    public init(configuration: HTTPClient.Configuration) {
        self.configuration = configuration
        shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a client that sends `pin.host`'s connections to `pin.address`, or with the shared client.
    public func withClient<Value>(pinning pin: AddressPin?, _ body: (HTTPClient) async throws -> Value) async throws -> Value {
        guard let pin else { return try await body(shared) }
        var configuration = configuration
        configuration.dnsOverride = [pin.host: pin.address]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let value = try await body(client)
            try? await client.shutdown()
            return value
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
