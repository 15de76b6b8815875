import Foundation

/// The webhook outbox: events are added by the job store when a job with a
/// callback ends, and taken from here by the dispatcher.
public protocol WebhookStore: Sendable {
    /// Due events, each held for `hold` seconds so that no other dispatcher sends it meanwhile.
    func claimWebhooks(now: Date, hold: TimeInterval, limit: Int) async throws -> [WebhookEvent]
    /// Logs an attempt; the event is then delivered, retried at `retryAt`, or given up when both are absent.
    func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws
    /// The account's delivery attempts, newest first.
    func deliveries(accountID: String, jobID: String?, before: String?, limit: Int) async throws -> [WebhookDelivery]
    /// When the next pending event is due, if any is.
    func nextWebhookDue() async throws -> Date?
}
