import Foundation
import GRDB

extension SQLiteStore {
    public func submitPreview(_ submission: PreviewSubmission, now: Date) async throws -> (Preview, Job) {
        try await pool.write { db in
            guard try Account.fetchOne(db, key: submission.accountID) != nil else { throw StoreError.accountNotFound }
            let running = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM jobs WHERE account_id = ? AND lane = 'preview' AND status IN ('queued', 'processing')",
                arguments: [submission.accountID]) ?? 0
            guard running < submission.concurrencyLimit else { throw StoreError.tooManyPreviews(limit: submission.concurrencyLimit) }
            for id in submission.uploadIDs.sorted()
            where try Upload.filter(Column("id") == id && Column("account_id") == submission.accountID).fetchCount(db) == 0 {
                throw StoreError.uploadNotFound(id: id)
            }
            let job = Job(previewing: submission, now: now)
            try job.insert(db)
            for id in submission.uploadIDs {
                try db.execute(sql: "INSERT INTO job_uploads (job_id, upload_id) VALUES (?, ?)", arguments: [job.id, id])
            }
            let preview = Preview(
                id: Identifier.make("prv", at: now), accountID: submission.accountID, jobID: job.id, request: submission.request,
                projectID: submission.projectID, templateID: submission.templateID, duration: submission.duration, createdAt: now,
                expiresAt: now.addingTimeInterval(submission.lifetime), deletedAt: nil, filesRemoved: false)
            try preview.insert(db)
            return (preview, job)
        }
    }

    public func preview(id: String, accountID: String) async throws -> Preview? {
        try await pool.read { db in
            try Preview.filter(Column("id") == id && Column("account_id") == accountID && Column("deleted_at") == nil).fetchOne(db)
        }
    }

    public func preview(id: String) async throws -> Preview? {
        try await pool.read { db in try Preview.fetchOne(db, key: id) }
    }

    public func deletePreview(id: String, accountID: String, now: Date) async throws -> Preview {
        try await pool.write { db in
            guard var preview = try Preview.filter(Column("id") == id && Column("account_id") == accountID && Column("deleted_at") == nil).fetchOne(db)
            else { throw StoreError.previewNotFound }
            preview.deletedAt = now
            try preview.update(db)
            return preview
        }
    }

    public func previewsToRemove(now: Date) async throws -> [Preview] {
        try await pool.read { db in
            try Preview.filter(Column("files_removed") == false && (Column("expires_at") <= now || Column("deleted_at") != nil)).fetchAll(db)
        }
    }

    public func markPreviewFilesRemoved(id: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE previews SET files_removed = 1 WHERE id = ?", arguments: [id])
        }
    }
}
