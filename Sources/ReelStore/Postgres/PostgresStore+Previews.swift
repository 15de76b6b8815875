import Foundation
import PostgresNIO

extension PostgresStore {
    public func submitPreview(_ submission: PreviewSubmission, now: Date) async throws -> (Preview, Job) {
        try await write { connection in
            // Locked: two previews submitted at once cannot both take the account's last free place.
            _ = try await Self.lockedAccount(submission.accountID, connection)
            let running =
                try await connection.value(
                    Int.self,
                    """
                    SELECT COUNT(*) FROM jobs
                    WHERE account_id = \(submission.accountID) AND lane = 'preview' AND status IN ('queued', 'processing')
                    """) ?? 0
            guard running < submission.concurrencyLimit else { throw StoreError.tooManyPreviews(limit: submission.concurrencyLimit) }
            try await Self.holdUploads(submission.uploadIDs, of: submission.accountID, connection)
            let job = Job(previewing: submission, now: now)
            try await connection.insert(job)
            try await Self.link(job, to: submission.uploadIDs, connection)
            let preview = Preview(
                id: Identifier.make("prv", at: now), accountID: submission.accountID, jobID: job.id, request: submission.request,
                projectID: submission.projectID, templateID: submission.templateID, duration: submission.duration, createdAt: now,
                expiresAt: now.addingTimeInterval(submission.lifetime), deletedAt: nil, filesRemoved: false)
            try await connection.insert(preview)
            try await Self.notifyChange(of: job, connection)
            return (preview, job)
        }
    }

    public func preview(id: String, accountID: String) async throws -> Preview? {
        try await read { connection in
            try await connection.one(Preview.self, "SELECT * FROM previews WHERE id = \(id) AND account_id = \(accountID) AND deleted_at IS NULL")
        }
    }

    public func preview(id: String) async throws -> Preview? {
        try await read { connection in try await connection.one(Preview.self, "SELECT * FROM previews WHERE id = \(id)") }
    }

    public func deletePreview(id: String, accountID: String, now: Date) async throws -> Preview {
        try await write { connection in
            guard
                let preview = try await connection.one(
                    Preview.self,
                    "UPDATE previews SET deleted_at = \(now) WHERE id = \(id) AND account_id = \(accountID) AND deleted_at IS NULL RETURNING *")
            else { throw StoreError.previewNotFound }
            return preview
        }
    }

    public func previewsToRemove(now: Date) async throws -> [Preview] {
        try await read { connection in
            try await connection.all(
                Preview.self, "SELECT * FROM previews WHERE NOT files_removed AND (expires_at <= \(now) OR deleted_at IS NOT NULL)")
        }
    }

    public func markPreviewFilesRemoved(id: String) async throws {
        try await write { connection in try await connection.run("UPDATE previews SET files_removed = TRUE WHERE id = \(id)") }
    }
}
