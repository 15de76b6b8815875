import Foundation

/// What a new preview needs: the request as asked and the proxy request its job renders.
public struct PreviewSubmission: Sendable {
    public var accountID: String
    public var request: String
    public var proxyRequest: String
    public var uploadIDs: Set<String>
    public var projectID: String?
    public var templateID: String?
    public var duration: Double
    public var lifetime: TimeInterval
    /// How many of the account's previews may be queued or rendering at once, this one included.
    public var concurrencyLimit: Int

    public init(
        accountID: String, request: String, proxyRequest: String, uploadIDs: Set<String>, projectID: String? = nil, templateID: String? = nil,
        duration: Double, lifetime: TimeInterval, concurrencyLimit: Int
    ) {
        self.accountID = accountID
        self.request = request
        self.proxyRequest = proxyRequest
        self.uploadIDs = uploadIDs
        self.projectID = projectID
        self.templateID = templateID
        self.duration = duration
        self.lifetime = lifetime
        self.concurrencyLimit = concurrencyLimit
    }
}

/// Previews and their jobs. A deleted or expired preview keeps its row, so that its page can say it is gone.
public protocol PreviewStore: Sendable {
    /// Creates the preview and its job (preview lane, no credits) in one transaction, refusing with
    /// `tooManyPreviews` when the account already has its limit queued or rendering.
    func submitPreview(_ submission: PreviewSubmission, now: Date) async throws -> (Preview, Job)
    /// The account's preview, unless deleted.
    func preview(id: String, accountID: String) async throws -> Preview?
    /// Any preview, deleted ones too: for its public page.
    func preview(id: String) async throws -> Preview?
    /// Marks it deleted; its page answers 410 from then on. Throws `previewNotFound`.
    func deletePreview(id: String, accountID: String, now: Date) async throws -> Preview
    /// Expired or deleted previews whose files are still kept.
    func previewsToRemove(now: Date) async throws -> [Preview]
    func markPreviewFilesRemoved(id: String) async throws
}
