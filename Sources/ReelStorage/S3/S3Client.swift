import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Signed requests to one bucket, each under a deadline.
struct S3Client: Sendable {
    let location: S3Location
    let signer: SignatureV4
    let httpClient: HTTPClient
    /// Allowed for a request that moves no file: from its start to the end of its answer.
    let timeout: TimeAmount
    /// The slowest transfer tolerated: a file's request may take `timeout` plus its size at this rate.
    let minimumBytesPerSecond: Int64

    /// Redirects are never followed: S3 answers one to a wrong region, and a signed request must not go elsewhere.
    static let sharedHTTPClient = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10))))

    enum Body {
        case empty
        case bytes(Data)
        case file(FileRegion, sha256: String)
    }

    /// An answer with one of the `expected` statuses, read whole; any other throws `S3Error`.
    func call(
        _ method: HTTPMethod, objectKey: String?, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: Body = .empty, expected: Set<UInt> = [200]
    ) async throws -> (head: HTTPClientResponse, body: Data) {
        let response = try await send(method, objectKey: objectKey, query: query, headers: headers, body: body, expected: expected)
        return (response, try await read(response))
    }

    /// An answer with one of the `expected` statuses, its body not yet read; any other throws `S3Error`.
    /// S3 asks clients to try again after a 5xx (`SlowDown`, `InternalError`) or a dropped connection:
    /// up to `attempts` times, a little later each time.
    func send(
        _ method: HTTPMethod, objectKey: String?, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: Body = .empty, expected: Set<UInt> = [200]
    ) async throws -> HTTPClientResponse {
        var attempt = 1
        while true {
            do {
                return try await sendOnce(method, objectKey: objectKey, query: query, headers: headers, body: body, expected: expected)
            } catch where attempt < Self.attempts && Self.isTransient(error) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...200) << attempt))
                attempt += 1
            }
        }
    }

    static let attempts = 3

    static func isTransient(_ error: any Error) -> Bool {
        if let failure = error as? S3Error { return failure.status >= 500 || failure.code == "RequestTimeout" }
        if let failure = error as? HTTPClientError { return failure == .remoteConnectionClosed }
        return error is IOError
    }

    private func sendOnce(
        _ method: HTTPMethod, objectKey: String?, query: [(name: String, value: String)], headers: [(name: String, value: String)], body: Body,
        expected: Set<UInt>
    ) async throws -> HTTPClientResponse {
        let path = location.path(objectKey: objectKey)
        let signable = SignableRequest(method: method.rawValue, host: location.host, path: path, query: query, headers: headers)
        let payloadHash: String
        var request = HTTPClientRequest(url: location.url(path: path, query: SignatureV4.canonicalQuery(query)))
        request.method = method
        var transferred: Int64 = 0
        switch body {
        case .empty:
            payloadHash = SignatureV4.emptyPayloadHash
        case .bytes(let data):
            payloadHash = SignatureV4.hexSHA256(data)
            request.body = .bytes(ByteBuffer(bytes: data))
            transferred = Int64(data.count)
        case .file(let region, let sha256):
            payloadHash = sha256
            request.body = .stream(region.chunks, length: .known(region.length))
            transferred = region.length
        }
        for (name, value) in signable.headers + signer.authorization(for: signable, payloadHash: payloadHash, at: Date()) {
            request.headers.add(name: name, value: value)
        }
        request.headers.replaceOrAdd(name: "Host", value: location.host)
        let described = "\(method.rawValue) \(objectKey.map { "\(location.bucket)/\($0)" } ?? location.bucket)"
        let response = try await httpClient.execute(request, deadline: .now() + deadline(bytes: transferred))
        guard expected.contains(response.status.code) else {
            let errorBody = try await read(response, upTo: 64 * 1024)
            throw S3Error(status: Int(response.status.code), body: errorBody, request: described)
        }
        return response
    }

    /// A small answer's whole body, within the request's deadline.
    private func read(_ response: HTTPClientResponse, upTo limit: Int = 16 * 1024 * 1024) async throws -> Data {
        try await withDeadline(deadline(bytes: 0)) {
            Data(try await response.body.collect(upTo: limit).readableBytesView)
        }
    }

    func deadline(bytes: Int64) -> TimeAmount {
        timeout + .seconds(bytes / minimumBytesPerSecond)
    }

    /// A URL that performs a GET of `objectKey` for anyone holding it, until it expires.
    func presignedGET(objectKey: String, query: [(name: String, value: String)], expires: Int) -> URL? {
        let path = location.path(objectKey: objectKey)
        let request = SignableRequest(method: "GET", host: location.host, path: path, query: query)
        return URL(string: location.url(path: path, query: signer.presignedQuery(for: request, expires: expires, at: Date())))
    }
}

/// Runs `work`, cancelling it and throwing `S3TimeoutError` when `limit` passes first.
func withDeadline<Value: Sendable>(_ limit: TimeAmount, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(limit.nanoseconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw S3TimeoutError(seconds: Double(limit.nanoseconds) / 1e9) }
        return value
    }
}

public struct S3TimeoutError: Error, Sendable, CustomStringConvertible {
    let seconds: Double
    public var description: String { "the storage service did not finish answering within \(seconds) s" }
}
