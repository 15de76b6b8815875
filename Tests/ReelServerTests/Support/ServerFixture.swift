import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReelServer
import ReelStore
import ReelTestSupport
import Testing

/// A server's settings and data folder, and a second connection to its database for arranging
/// accounts and checking what was written.
struct ServerFixture {
    let folder: URL
    let store: any Store
    var settings: [String: ConfigContent]

    init(_ overrides: [String: ConfigContent] = [:]) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        settings = ["dataDir": .string(folder.path), "workers": .int(0), "allowPrivateUrls": .bool(true), "leaseSeconds": .double(3)]
        if let database = try await TestDatabases.database(for: folder) { settings["databaseUrl"] = .string(database.url) }
        settings.merge(overrides) { $1 }
        store = try await TestDatabases.store(for: folder)
    }

    var reader: ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, content) in settings { values[AbsoluteConfigKey(["reel", key])] = ConfigValue(content, isSecret: false) }
        return ConfigReader(provider: InMemoryProvider(values: values))
    }

    func account(credits: Int = 0, unlimited: Bool = true, name: String = "test") async throws -> (account: Account, key: String) {
        let created = try await APIKeys.createAccount(in: store, name: name, credits: credits, unlimited: unlimited)
        return (created.account, created.secret)
    }

    /// Runs `test` against the application over real loopback sockets.
    func live<Value: Sendable>(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = try await buildApplication(reader: reader)
        return try await app.test(.live) { client in try await test(client) }
    }

    /// Removes the data; a PostgreSQL database is dropped in the background, as a `defer` cannot wait.
    func cleanUp() {
        let remembered = try? String(contentsOf: folder.appendingPathComponent(TestDatabases.remembered), encoding: .utf8)
        try? FileManager.default.removeItem(at: folder)
        guard let database = remembered.flatMap(TestDatabase.init(existing:)) else { return }
        let store = store as? PostgresStore
        Task {
            await store?.close()
            await database.drop()
        }
    }
}

/// A small color-only timeline: nothing to download, renders in well under a second at preview size.
func colorTimeline(seconds: Double = 1, color: String = "#ff0000", resolution: String = "preview", extra: String = "") -> String {
    ##"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"color","color":"\##(color)"},"start":0,"length":\##(seconds)}]}]},"output":{"format":"mp4","resolution":"\##(resolution)"}\##(extra)}"##
}

extension TestClientProtocol {
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, key: String? = nil, headers: HTTPFields = [:], body: String? = nil) async throws -> TestResponse {
        var fields = headers
        if let key { fields[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    /// Polls the job until it is terminal and requires it to have ended `expected`; fails the test with
    /// the job as last seen if it ended otherwise or `timeout` passed first.
    func waitForJob(_ id: String, key: String, toEnd expected: String = "completed", timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = Deadline(timeout, "job \(id) to end \(expected)")
        while true {
            let job = try await call(.get, "/v1/jobs/\(id)", key: key).json()
            let status = job["status"] as? String ?? ""
            if ["completed", "failed", "canceled"].contains(status) {
                try #require(status == expected, "job \(id) ended \(status), not \(expected): \(job)")
                return job
            }
            try deadline.check(seen: "\(job)")
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// The end of a wait: past it, the test fails with what the wait saw last, instead of hanging or
/// going on with a state it never reached.
struct Deadline {
    let timeout: Duration
    let what: String
    private let end: ContinuousClock.Instant

    init(_ timeout: Duration, _ what: String) {
        self.timeout = timeout
        self.what = what
        end = .now + timeout
    }

    func check(seen: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard ContinuousClock.now >= end else { return }
        try #require(ContinuousClock.now < end, "waited \(timeout) for \(what); last seen: \(seen())", sourceLocation: sourceLocation)
    }
}

extension TestResponse {
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any], "not a JSON object: \(String(buffer: body))")
    }

    var errorCode: String? { (try? json())?["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } }
}

/// The path and query of a signed URL, for the test client which knows its own host.
func pathAndQuery(_ url: String) throws -> String {
    let components = try #require(URLComponents(string: url))
    return components.path + (components.query.map { "?" + $0 } ?? "")
}
