import Foundation
import PostgresNIO

extension PostgresStore {
    /// Every job write committed from now on, by any node, and a ``StoreNotification/listening`` each
    /// time the listener (re)connects. The listener connects on the first call and stops with the store.
    public func notifications() -> AsyncStream<StoreNotification> {
        listener.subscribe()
    }

    /// Within the write's transaction: PostgreSQL delivers the notification when, and only if, it commits.
    static func notifyChange(of job: Job, _ connection: PostgresConnection) async throws {
        let payload = JobChangePayload.encode(JobChange(job))
        try await connection.run("SELECT pg_notify(\(PostgresListener.channel), \(payload))")
    }
}

/// A change as a notification's payload: `status callback id`, e.g. `queued 1 job_…`.
enum JobChangePayload {
    static func encode(_ change: JobChange) -> String {
        "\(change.status.rawValue) \(change.hasCallback ? 1 : 0) \(change.jobID)"
    }

    static func decode(_ payload: String) -> JobChange? {
        let parts = payload.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let status = Job.Status(rawValue: parts[0]) else { return nil }
        return JobChange(jobID: parts[2], status: status, hasCallback: parts[1] == "1")
    }
}
