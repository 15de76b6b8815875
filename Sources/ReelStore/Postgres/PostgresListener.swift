import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One connection of its own that LISTENs to the store's channel and hands each notification to
/// every subscriber; when the connection is lost it reconnects and listens again.
final class PostgresListener: Sendable {
    static let channel = "reel_jobs"
    private static let reconnectPause = Duration.seconds(1)
    /// A quiet connection is asked to answer this often, and is ended when it does not answer in
    /// `answerWait`: a server that went away silently would otherwise never be noticed.
    private static let checkInterval = Duration.seconds(30)
    private static let answerWait = Duration.seconds(10)

    private struct State {
        var subscribers: [UUID: AsyncStream<StoreNotification>.Continuation] = [:]
        var task: Task<Void, Never>?
        var stopped = false
    }

    private let address: PostgresAddress
    private let logger: Logger
    private let state = Mutex(State())

    init(address: PostgresAddress, logger: Logger) {
        self.address = address
        self.logger = logger
    }

    func subscribe() -> AsyncStream<StoreNotification> {
        // A subscriber that falls far behind loses the oldest: a later notification wakes the same waiters.
        let (stream, continuation) = AsyncStream.makeStream(of: StoreNotification.self, bufferingPolicy: .bufferingNewest(1024))
        let id = UUID()
        let subscribed = state.withLock { state in
            guard !state.stopped else { return false }
            state.subscribers[id] = continuation
            if state.task == nil { state.task = Task { await self.listen() } }
            return true
        }
        guard subscribed else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) } }
        return stream
    }

    func stop() {
        let (task, subscribers) = state.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return (state.task, Array(state.subscribers.values))
        }
        task?.cancel()
        for subscriber in subscribers { subscriber.finish() }
    }

    private func publish(_ notification: StoreNotification) {
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.yield(notification) }
    }

    /// Ends the connection, and so the notifications read from it, once the server stops answering.
    private func keepChecking(_ connection: PostgresConnection) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.checkInterval)
                guard !Task.isCancelled else { return }
                let deadline = Task {
                    try? await Task.sleep(for: Self.answerWait)
                    if !Task.isCancelled { try? await connection.close() }
                }
                _ = try? await connection.run("SELECT 1")
                deadline.cancel()
            }
        }
    }

    private func listen() async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: address.connectionConfiguration(), id: 0, logger: logger)
                let checks = keepChecking(connection)
                defer { checks.cancel() }
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        publish(.listening)
                        for try await notification in notifications {
                            if let change = JobChangePayload.decode(notification.payload) { publish(.job(change)) }
                        }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch where !Task.isCancelled {
                logger.warning("lost the notification connection, reconnecting: \(error)")
            } catch {
                return
            }
            try? await Task.sleep(for: Self.reconnectPause)
        }
    }
}
