import Foundation
import Logging
import PostgresNIO

/// A database of its own on the test cluster that `scripts/postgres.sh` starts and `scripts/test.sh`
/// names in `REEL_TEST_POSTGRES_URL`; dropped by ``drop()``.
public struct TestDatabase: Sendable {
    public struct Unconfigured: Error, CustomStringConvertible {
        public var description: String {
            "REEL_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, or start a cluster with scripts/postgres.sh start and export the URL it prints"
        }
    }

    /// The new database's URL, for the store or a `reel` process.
    public let url: String
    private let name: String
    private let server: URLComponents

    /// The database at `url`, made earlier by ``create()``.
    public init?(existing url: String) {
        guard let components = URLComponents(string: url), let base = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_URL"],
            let server = URLComponents(string: base)
        else { return nil }
        self.init(url: url, name: String(components.path.dropFirst()), server: server)
    }

    private init(url: String, name: String, server: URLComponents) {
        self.url = url
        self.name = name
        self.server = server
    }

    public static func create() async throws -> TestDatabase {
        guard let base = ProcessInfo.processInfo.environment["REEL_TEST_POSTGRES_URL"], let server = URLComponents(string: base) else {
            throw Unconfigured()
        }
        let name = "reel_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await run("CREATE DATABASE \(name)", on: server)
        var database = server
        database.path = "/\(name)"
        return TestDatabase(url: database.string ?? base, name: name, server: server)
    }

    /// Drops it, ending whatever connections still use it.
    public func drop() async {
        try? await Self.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
    }

    /// Ends every connection to the database, as a PostgreSQL restart or an administrator would.
    public func endConnections() async throws {
        try await Self.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()", on: server)
    }

    /// Runs a statement on the cluster's maintenance database: names are made here, never taken from outside.
    private static func run(_ sql: String, on server: URLComponents) async throws {
        let configuration = PostgresConnection.Configuration(
            host: server.host ?? "127.0.0.1", port: server.port ?? 5432, username: server.user ?? "postgres", password: server.password,
            database: "postgres", tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: Logger(label: "reel.tests"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "reel.tests"))
        } catch {
            try? await connection.close().get()
            throw error
        }
        try? await connection.close().get()
    }
}
