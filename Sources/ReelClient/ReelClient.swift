import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A typed client of Reel's HTTP API (the README's "HTTP API"): submit, get, list, cancel, wait, download;
/// uploads in `ReelClient+Uploads.swift`, templates in `ReelClient+Templates.swift`, projects in `ReelClient+Projects.swift`.
public struct ReelClient: Sendable {
    public let baseURL: String
    private let apiKey: String
    private let httpClient: HTTPClient

    public init(baseURL: String, apiKey: String, httpClient: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.httpClient = httpClient
    }

    /// Starts a render of `body` (the JSON request) and returns its job, `queued`.
    public func submit(_ body: Data, idempotencyKey: String? = nil) async throws -> RemoteJob {
        var headers = [("Content-Type", "application/json")]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        return try await send(.POST, "/v1/renders", body: body, headers: headers)
    }

    public func cost(_ body: Data) async throws -> RenderCost {
        try await send(.POST, "/v1/renders/cost", body: body, headers: [("Content-Type", "application/json")])
    }

    public func job(_ id: String) async throws -> RemoteJob {
        try await send(.GET, "/v1/jobs/\(Self.escape(id))")
    }

    public func jobs(status: String? = nil, limit: Int = 20, cursor: String? = nil) async throws -> JobPage {
        var query = ["limit=\(limit)"]
        if let status { query.append("status=\(Self.escape(status))") }
        if let cursor { query.append("cursor=\(Self.escape(cursor))") }
        return try await send(.GET, "/v1/jobs?" + query.joined(separator: "&"))
    }

    public func cancel(_ id: String) async throws -> RemoteJob {
        try await send(.DELETE, "/v1/jobs/\(Self.escape(id))")
    }

    /// Polls the job until it is terminal, calling `update` whenever its stage or progress changes.
    /// Throws `WAIT_TIMED_OUT`, naming the job's last status and progress, once `timeout` passes first:
    /// a job stuck in a queue nobody works would otherwise hold its caller for ever.
    public func wait(
        for id: String, every interval: Duration = .milliseconds(250), timeout: Duration = .seconds(30 * 60),
        update: @Sendable (RemoteJob) -> Void = { _ in }
    ) async throws -> RemoteJob {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last: RemoteJob?
        while true {
            let job = try await job(id)
            if job.status != last?.status || job.stage != last?.stage || job.progress != last?.progress { update(job) }
            if job.isTerminal { return job }
            guard clock.now < deadline else { throw ReelClientError.waitTimedOut(job, after: timeout) }
            last = job
            try await Task.sleep(for: min(interval, deadline - clock.now))
        }
    }

    /// Downloads a completed job's output into `file`.
    public func download(_ job: RemoteJob, to file: URL) async throws {
        guard let url = job.url else { throw ReelClientError(status: 0, code: "NO_OUTPUT", message: "job \(job.id) is \(job.status) and has no output") }
        let response = try await httpClient.execute(HTTPClientRequest(url: url), timeout: .minutes(30))
        guard response.status == .ok else {
            throw ReelClientError(status: Int(response.status.code), code: "DOWNLOAD_FAILED", message: "the file answered HTTP \(response.status.code)")
        }
        // Opening it for writing below throws, saying why, when it could not be created.
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        for try await chunk in response.body { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
    }

    func send<Value: Decodable>(_ method: HTTPMethod, _ path: String, body: Data? = nil, headers: [(String, String)] = []) async throws -> Value {
        var request = HTTPClientRequest(url: baseURL + path)
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return try await send(method, request, headers: headers, timeout: .seconds(60))
    }

    /// Sends `request` with the key and reads its JSON answer, or throws the API's error.
    func send<Value: Decodable>(_ method: HTTPMethod, _ prepared: HTTPClientRequest, headers: [(String, String)], timeout: TimeAmount) async throws -> Value {
        var request = prepared
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await httpClient.execute(request, timeout: timeout)
        let data = Data(try await response.body.collect(upTo: 16 * 1024 * 1024).readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            let failure = try? JSONDecoder().decode(ErrorBody.self, from: data)
            throw ReelClientError(
                status: Int(response.status.code), code: failure?.error.code ?? "HTTP_\(response.status.code)",
                message: failure?.error.message ?? String(decoding: data.prefix(500), as: UTF8.self))
        }
        return try JSONDecoder().decode(Value.self, from: data)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
    }

    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }
}

/// An answer of the API that was not a success: its HTTP status and error code.
public struct ReelClientError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String

    public var description: String { "\(code): \(message)" }

    static func waitTimedOut(_ job: RemoteJob, after timeout: Duration) -> ReelClientError {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let state = [job.status, job.stage].compactMap { $0 }.joined(separator: ", ")
        return ReelClientError(
            status: 0, code: "WAIT_TIMED_OUT",
            message: "gave up waiting for job \(job.id) after \(String(format: "%g", seconds)) s; it was \(state) at \(String(format: "%.0f", job.progress))%")
    }
}
