import Foundation
import PostgresNIO
import Synchronization

extension PostgresStore {
    /// How long an attempt waits for a connection from the pool before it is abandoned and made again.
    private static let connectionWait = Duration.seconds(5)
    /// How often an attempt under way looks whether its connection closed under it.
    private static let closeCheck = Duration.milliseconds(500)

    /// Runs `body` on a pooled connection, again while the failure is one that passes: a connection
    /// lost or refused while PostgreSQL restarts, a backend ended by an administrator, a deadlock, no
    /// connection from the pool in time. Nothing waits past `deadline`, however the server behaves.
    func retrying<T: Sendable>(
        deadline: Duration = .seconds(30), _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let end = ContinuousClock.now + deadline
        var pause = Duration.milliseconds(50)
        while true {
            do {
                return try await attempt(until: end, body)
            } catch where Self.passes(error) && ContinuousClock.now + pause < end {
                logger.notice("retrying after \(String(reflecting: error))")
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }

    /// One attempt in a task of its own, so that a wait PostgresNIO does not end on cancellation
    /// still ends here: without a connection within `connectionWait`, when its connection closed
    /// (a query sent as the server ended the backend may never be answered), or unfinished at `end`.
    private func attempt<T: Sendable>(until end: ContinuousClock.Instant, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let work = Task {
                    do {
                        let value = try await self.client.withConnection { connection in
                            race.connected(connection)
                            return try await body(connection)
                        }
                        race.finish(.success(value))
                    } catch {
                        race.finish(.failure(error))
                    }
                }
                let watch = Task {
                    try? await Task.sleep(until: min(end, .now + Self.connectionWait))
                    if race.connection == nil, race.finish(.failure(PostgresStoreError.noConnection)) { work.cancel() }
                    while race.isWaiting, ContinuousClock.now < end {
                        try? await Task.sleep(until: min(end, .now + Self.closeCheck))
                        if race.connection?.isClosed == true, race.finish(.failure(PostgresStoreError.connectionLost)) { work.cancel() }
                    }
                    if race.finish(.failure(PostgresStoreError.timedOut)) { work.cancel() }
                }
                // The watch ends with the attempt rather than sleeping on.
                Task {
                    _ = await work.result
                    watch.cancel()
                }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    static func passes(_ error: any Error) -> Bool {
        if let error = error as? PostgresStoreError { return error == .noConnection || error == .connectionLost }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        // A connection the server ended is closed by the client too, and reported as that.
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return true
        case .server:
            // Connection exceptions, serialization failures and deadlocks, and an administrator's or a restart's end of the backend.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["40001", "40P01", "57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }
}

/// The first of an attempt's outcomes: its result, or a timer's or a cancel's end of the wait.
private final class Race<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, any Error>?, connection: PostgresConnection?)>((nil, nil))

    /// The connection the attempt got, once it got one.
    var connection: PostgresConnection? { state.withLock { $0.connection } }

    var isWaiting: Bool { state.withLock { $0.continuation != nil } }

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func connected(_ connection: PostgresConnection) {
        state.withLock { $0.connection = connection }
    }

    /// Resumes the waiter unless another outcome came first; returns whether this one did.
    @discardableResult
    func finish(_ outcome: Result<T, any Error>) -> Bool {
        let continuation = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: outcome)
        return continuation != nil
    }
}
