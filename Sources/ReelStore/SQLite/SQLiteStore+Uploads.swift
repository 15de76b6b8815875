import Foundation
import GRDB

extension SQLiteStore {
    public func addUploads(_ uploads: [Upload], accountID: String, defaultQuota: Int64) async throws {
        try await pool.write { db in
            guard var account = try Account.fetchOne(db, key: accountID) else { throw StoreError.accountNotFound }
            let adding = uploads.reduce(0) { $0 + $1.size }
            let quota = account.storageQuota ?? defaultQuota
            // Checked and added in one write transaction: concurrent uploads queue here, so
            // together they can never end above the quota.
            guard account.storageUsed + adding <= quota else {
                throw StoreError.storageLimitExceeded(used: account.storageUsed, quota: quota, adding: adding)
            }
            account.storageUsed += adding
            try account.update(db)
            for upload in uploads { try upload.insert(db) }
        }
    }

    public func upload(id: String, accountID: String) async throws -> Upload? {
        try await pool.read { db in
            try Upload.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db)
        }
    }

    public func upload(id: String) async throws -> Upload? {
        try await pool.read { db in try Upload.fetchOne(db, key: id) }
    }

    public func uploads(accountID: String, type: String?, before: String?, limit: Int) async throws -> [Upload] {
        try await pool.read { db in
            var query = Upload.filter(Column("account_id") == accountID)
            if let type { query = query.filter(Column("type") == type) }
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func deleteUpload(id: String, accountID: String) async throws -> Upload? {
        try await pool.write { db in
            guard let upload = try Upload.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db) else { return nil }
            let users = try String.fetchAll(
                db,
                sql: """
                    SELECT jobs.id FROM job_uploads JOIN jobs ON jobs.id = job_uploads.job_id
                    WHERE job_uploads.upload_id = ? AND jobs.status IN ('queued', 'processing') ORDER BY jobs.id LIMIT 10
                    """, arguments: [id])
            guard users.isEmpty else { throw StoreError.assetInUse(jobs: users) }
            try db.execute(sql: "DELETE FROM job_uploads WHERE upload_id = ?", arguments: [id])
            try upload.delete(db)
            try db.execute(sql: "UPDATE accounts SET storage_used = MAX(0, storage_used - ?) WHERE id = ?", arguments: [upload.size, accountID])
            return upload
        }
    }
}
