import Foundation

/// How a job is made and how each queue operation changes it, the same for every backend; the
/// backend finds the job, checks the worker's lease, and writes the result with whatever else the operation records.
extension Job {
    /// A full render of the submission, queued from `now`.
    init(queuing submission: JobSubmission, now: Date) {
        self.init(
            id: Identifier.make("job", at: now), accountID: submission.accountID, type: "render", status: .queued, stage: nil,
            progress: 0, request: submission.request, callback: submission.callback, metadata: submission.metadata,
            creditsUsed: submission.credits, attempts: 0, runAfter: now, cancelRequested: false, createdAt: now,
            templateID: submission.templateID, projectID: submission.project?.id, projectVersion: submission.project?.version,
            contentKey: submission.project?.contentKey, compatSurface: submission.compatSurface)
    }

    /// A preview's render: its proxy request, free, in the preview lane.
    init(previewing submission: PreviewSubmission, now: Date) {
        self.init(
            id: Identifier.make("job", at: now), accountID: submission.accountID, type: "render", status: .queued, stage: nil,
            progress: 0, request: submission.proxyRequest, callback: nil, metadata: nil, creditsUsed: 0, attempts: 0, runAfter: now,
            cancelRequested: false, createdAt: now, templateID: submission.templateID, lane: .preview)
    }

    mutating func claim(by worker: String, lease: TimeInterval, now: Date) {
        status = .processing
        leaseOwner = worker
        leaseExpiresAt = now.addingTimeInterval(lease)
        attempts += 1
        startedAt = startedAt ?? now
    }

    /// Progress never goes down.
    mutating func report(stage: String, progress: Double) {
        self.stage = stage
        self.progress = max(self.progress, min(progress, 100))
    }

    mutating func complete(with outcome: RenderOutcome, now: Date) {
        status = .completed
        stage = nil
        progress = 100
        duration = outcome.duration
        resolution = outcome.resolution
        fps = outcome.fps
        format = outcome.format
        fileSize = outcome.fileSize
        outputPath = outcome.outputPath
        posterPath = outcome.posterPath
        thumbnailPath = outcome.thumbnailPath
        renderTime = outcome.renderTime
        completedAt = now
        leaseOwner = nil
        leaseExpiresAt = nil
    }

    /// Queued again until `retryAt`, or failed for good without it (the caller refunds it).
    mutating func fail(code: String, message: String, retryAt: Date?, now: Date) {
        leaseOwner = nil
        leaseExpiresAt = nil
        errorCode = code
        errorMessage = message
        stage = nil
        if let retryAt {
            status = .queued
            runAfter = retryAt
            // The next attempt splits the render afresh; the store removes the chunks.
            chunkCount = 0
        } else {
            status = .failed
            failedAt = now
        }
    }

    mutating func release() {
        status = .queued
        stage = nil
        leaseOwner = nil
        leaseExpiresAt = nil
        // The interrupted attempt was not the job's fault.
        attempts = max(0, attempts - 1)
    }

    /// The caller refunds it.
    mutating func cancel(now: Date) {
        status = .canceled
        stage = nil
        cancelRequested = true
        canceledAt = now
        leaseOwner = nil
        leaseExpiresAt = nil
    }
}

extension WebhookEvent {
    /// An attempt's outcome: delivered, retried at `retryAt`, or given up when both are absent.
    mutating func record(_ delivery: WebhookDelivery, retryAt: Date?) {
        if delivery.success {
            state = .delivered
        } else if let retryAt {
            nextAttemptAt = retryAt
        } else {
            state = .failed
        }
    }
}
