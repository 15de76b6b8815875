import Foundation
import GRDB

extension SQLiteStore {
    public func claimWebhooks(now: Date, hold: TimeInterval, limit: Int, perDestination: Int, busy: [String: Int]) async throws -> [WebhookEvent] {
        try await pool.write { db in
            var counts = busy
            var claimed: [WebhookEvent] = []
            // A destination at its limit is skipped, not waited for; the scan is bounded so that a
            // backlog for one slow receiver costs each claim little.
            let due = try WebhookEvent.filter(Column("state") == WebhookEvent.State.pending.rawValue && Column("next_attempt_at") <= now)
                .order(Column("next_attempt_at")).limit(max(limit, 1) * 16).fetchCursor(db)
            while claimed.count < limit, var event = try due.next() {
                guard counts[event.destination, default: 0] < perDestination else { continue }
                counts[event.destination, default: 0] += 1
                event.attempts += 1
                event.nextAttemptAt = now.addingTimeInterval(hold)
                claimed.append(event)
            }
            for event in claimed { try event.update(db) }
            return claimed
        }
    }

    public func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws {
        try await pool.write { db in
            try delivery.insert(db)
            guard var event = try WebhookEvent.fetchOne(db, key: delivery.eventID), event.attempts == delivery.attempt,
                event.state == .pending
            else { return }
            event.record(delivery, retryAt: retryAt)
            try event.update(db)
        }
    }

    public func deliveries(accountID: String, jobID: String?, before: String?, limit: Int) async throws -> [WebhookDelivery] {
        try await pool.read { db in
            var query = WebhookDelivery.filter(Column("account_id") == accountID)
            if let jobID { query = query.filter(Column("job_id") == jobID) }
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func nextWebhookDue() async throws -> Date? {
        try await pool.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM webhook_events WHERE state = 'pending'")
        }
    }

    /// Puts the job's terminal event in the webhook outbox, once per job.
    static func announce(_ job: Job, _ db: Database, now: Date) throws {
        guard let url = job.callback, job.status.isTerminal else { return }
        let event = WebhookEvent(
            id: Identifier.make("evt", at: now), accountID: job.accountID, jobID: job.id, type: "render.\(job.status.rawValue)", url: url,
            attempts: 0, state: .pending, nextAttemptAt: now, createdAt: now)
        try event.insert(db, onConflict: .ignore)
    }
}
