import Foundation
import GRDB

extension SQLiteJobStore {
    public func claimWebhooks(now: Date, hold: TimeInterval, limit: Int) async throws -> [WebhookEvent] {
        try await pool.write { db in
            var events = try WebhookEvent.filter(Column("state") == WebhookEvent.State.pending.rawValue && Column("next_attempt_at") <= now)
                .order(Column("next_attempt_at")).limit(limit).fetchAll(db)
            for index in events.indices {
                events[index].nextAttemptAt = now.addingTimeInterval(hold)
                try events[index].update(db)
            }
            return events
        }
    }

    public func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws {
        try await pool.write { db in
            try delivery.insert(db)
            guard var event = try WebhookEvent.fetchOne(db, key: delivery.eventID) else { return }
            event.attempts = max(event.attempts, delivery.attempt)
            if delivery.success {
                event.state = .delivered
            } else if let retryAt {
                event.nextAttemptAt = retryAt
            } else {
                event.state = .failed
            }
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
}
