import Foundation

/// The webhook outbox: events are added by the job store when a job with a
/// callback ends, and taken from here by the dispatcher.
public protocol WebhookStore: Sendable {
    /// Due events, oldest first, each held for `hold` seconds so that no other dispatcher sends it
    /// meanwhile, its `attempts` counting this claim. No more than `perDestination` events of one
    /// destination (``WebhookEvent/destination``) are claimed, counting `busy`, those already in flight.
    func claimWebhooks(now: Date, hold: TimeInterval, limit: Int, perDestination: Int, busy: [String: Int]) async throws -> [WebhookEvent]
    /// Logs an attempt; the event is then delivered, retried at `retryAt`, or given up when both are
    /// absent. An attempt whose claim was superseded by a later one is logged and changes nothing else.
    func recordAttempt(_ delivery: WebhookDelivery, retryAt: Date?) async throws
    /// The account's delivery attempts, newest first.
    func deliveries(accountID: String, jobID: String?, before: String?, limit: Int) async throws -> [WebhookDelivery]
    /// When the next pending event is due, if any is.
    func nextWebhookDue() async throws -> Date?
}
