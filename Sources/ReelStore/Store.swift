/// Everything Reel keeps, by concern; each backend implements every part. The SQLite backend
/// is `SQLiteStore`.
public typealias Store = AccountStore & JobQueue & JobReads & Ledger & WebhookStore & TemplateStore

public enum StoreError: Error, Sendable, Equatable {
    case accountNotFound
    case insufficientCredits(balance: Int, needed: Int)
    case jobNotFound
    case notCancelable(Job.Status)
    /// The idempotency key was used within 24 h with another body.
    case idempotencyConflict
    case templateNotFound
    /// Another template of the account has this slug.
    case slugTaken(String)
}
