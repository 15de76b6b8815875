import Foundation
import Logging
import PostgresNIO

/// The shared store: PostgreSQL through postgres-nio's `PostgresClient`, whose pool reconnects on
/// its own, so that several Reel nodes can work on one database. The store runs the client for as
/// long as it lives; every operation is retried while the connection is being restored, within a deadline.
public final class PostgresStore: Store {
    let client: PostgresClient
    let logger: Logger
    let listener: PostgresListener
    private let running: Task<Void, Never>

    /// Connects to the database `url` names (``PostgresAddress``) and brings its schema up to date.
    public init(url: String, logger: Logger = Logger(label: "reel.postgres")) async throws {
        let address = try PostgresAddress(url)
        let client = PostgresClient(configuration: address.clientConfiguration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        listener = PostgresListener(address: address, logger: logger)
        running = Task { await client.run() }
        do {
            try await write { connection in try await PostgresMigrations.migrate(connection) }
        } catch {
            running.cancel()
            throw error
        }
    }

    deinit {
        running.cancel()
        listener.stop()
    }

    /// Closes every connection; the store answers nothing afterwards.
    public func close() async {
        listener.stop()
        running.cancel()
        await running.value
    }

    /// Whether the database URL names PostgreSQL rather than a SQLite file.
    public static func handles(url: String) -> Bool {
        ["postgres://", "postgresql://"].contains { url.lowercased().hasPrefix($0) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying(body)
    }

    /// Runs `body` in a transaction (read committed; the writes that must see a stable account or job lock its row).
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying { connection in
            try await connection.query("BEGIN", logger: self.logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: self.logger)
                return result
            } catch {
                // The store's own errors (insufficient credits, …) reach the caller as they are.
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }
}

public enum PostgresStoreError: Error, Sendable, Equatable {
    /// PostgreSQL did not answer in time, even after reconnecting.
    case timedOut
    /// No connection came from the pool in time: the attempt did nothing, and is made again.
    case noConnection
    /// The attempt's connection closed before it was answered.
    case connectionLost
    case invalidURL(String)
}
