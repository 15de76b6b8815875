import Foundation
import PostgresNIO

extension PostgresStore {
    public func claimWebhooks(now: Date, hold: TimeInterval, limit: Int, perDestination: Int, busy: [String: Int]) async throws -> [WebhookEvent] {
        try await write { connection in
            var counts = busy
            var claimed: [WebhookEvent] = []
            // A destination at its limit is skipped, not waited for; the scan is bounded so that a
            // backlog for one slow receiver costs each claim little. Events another node is claiming are skipped too.
            let due = try await connection.all(
                WebhookEvent.self,
                """
                SELECT * FROM webhook_events WHERE state = 'pending' AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at LIMIT \(max(limit, 1) * 16) FOR UPDATE SKIP LOCKED
                """)
            for var event in due where claimed.count < limit && counts[event.destination, default: 0] < perDestination {
                counts[event.destination, default: 0] += 1
                event.attempts += 1
                event.nextAttemptAt = now.addingTimeInterval(hold)
                claimed.append(event)
            }
            for event in claimed { try await connection.update(event) }
            return claimed
        }
    }

    public func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws {
        try await write { connection in
            try await connection.insert(delivery)
            guard
                var event = try await connection.one(WebhookEvent.self, "SELECT * FROM webhook_events WHERE id = \(delivery.eventID) FOR UPDATE"),
                event.attempts == delivery.attempt, event.state == .pending
            else { return }
            event.record(delivery, retryAt: retryAt)
            try await connection.update(event)
        }
    }

    public func deliveries(accountID: String, jobID: String?, before: String?, limit: Int) async throws -> [WebhookDelivery] {
        try await read { connection in
            try await connection.all(
                WebhookDelivery.self,
                """
                SELECT * FROM webhook_deliveries WHERE account_id = \(accountID) AND (\(jobID)::TEXT IS NULL OR job_id = \(jobID))
                AND (\(before)::TEXT IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    public func nextWebhookDue() async throws -> Date? {
        try await read { connection in
            try await connection.value(Date.self, "SELECT MIN(next_attempt_at) FROM webhook_events WHERE state = 'pending'")
        }
    }

    /// Puts the job's terminal event in the webhook outbox, once per job.
    static func announce(_ job: Job, _ connection: PostgresConnection, now: Date) async throws {
        guard let url = job.callback, job.status.isTerminal else { return }
        let event = WebhookEvent(
            id: Identifier.make("evt", at: now), accountID: job.accountID, jobID: job.id, type: "render.\(job.status.rawValue)", url: url,
            attempts: 0, state: .pending, nextAttemptAt: now, createdAt: now)
        try await connection.insert(event, ignoringConflicts: true)
    }
}
