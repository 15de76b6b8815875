/// Everything Reel keeps, by concern; each backend implements every part. The SQLite backend
/// is `SQLiteStore`.
public typealias Store = AccountStore & JobQueue & JobReads & Ledger & WebhookStore & UploadStore & TemplateStore & ProjectStore & PreviewStore & ChunkStore

public enum StoreError: Error, Sendable, Equatable {
    case accountNotFound
    case insufficientCredits(balance: Int, needed: Int)
    case jobNotFound
    case notCancelable(Job.Status)
    /// The idempotency key was used within 24 h with another body.
    case idempotencyConflict
    case storageLimitExceeded(used: Int64, quota: Int64, adding: Int64)
    /// A job's upload was deleted between its check and the job's creation.
    case uploadNotFound(id: String)
    /// Queued or running jobs use the upload.
    case assetInUse(jobs: [String])
    case templateNotFound
    /// Another template of the account has this slug.
    case slugTaken(String)
    case projectNotFound
    /// A render of the project is queued or running: this job.
    case alreadyRendering(jobID: String)
    case previewNotFound
    /// The account has this many previews queued or rendering, its limit.
    case tooManyPreviews(limit: Int)
}
