import Foundation
import GRDB

/// A terminal job event waiting to be POSTed to the job's callback: the outbox
/// row is written in the same transaction that ends the job, so no end is lost.
public struct WebhookEvent: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhook_events"

    public enum State: String, Codable, Sendable {
        case pending, delivered, failed
    }

    public var id: String
    public var accountID: String
    public var jobID: String
    /// `render.completed`, `render.failed` or `render.canceled`.
    public var type: String
    public var url: String
    public var attempts: Int
    public var state: State
    public var nextAttemptAt: Date
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, type, url, attempts, state
        case accountID = "account_id"
        case jobID = "job_id"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
    }

    /// The receiver, `host:port`: deliveries are limited per destination so that one slow receiver
    /// cannot take every delivery slot.
    public var destination: String {
        guard let url = URL(string: url), let host = url.host?.lowercased() else { return url }
        return "\(host):\(url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80))"
    }
}

/// One attempt at sending a webhook event, as the delivery log shows it.
public struct WebhookDelivery: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhook_deliveries"

    public var id: String
    public var eventID: String
    public var accountID: String
    public var jobID: String
    public var type: String
    public var url: String
    public var attempt: Int
    public var statusCode: Int?
    public var error: String?
    public var durationMs: Double
    public var success: Bool
    public var createdAt: Date

    public init(event: WebhookEvent, attempt: Int, statusCode: Int?, error: String?, durationMs: Double, success: Bool, createdAt: Date) {
        id = Identifier.make("dlv", at: createdAt)
        eventID = event.id
        accountID = event.accountID
        jobID = event.jobID
        type = event.type
        url = event.url
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
        self.success = success
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, url, attempt, error, success
        case eventID = "event_id"
        case accountID = "account_id"
        case jobID = "job_id"
        case statusCode = "status_code"
        case durationMs = "duration_ms"
        case createdAt = "created_at"
    }
}
