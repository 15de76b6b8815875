import Foundation
import PostgresNIO

extension PostgresStore {
    public func addUploads(_ uploads: [Upload], accountID: String, defaultQuota: Int64) async throws {
        try await write { connection in
            // Checked and added under the account's lock: concurrent uploads queue here, so together
            // they can never end above the quota.
            var account = try await Self.lockedAccount(accountID, connection)
            let adding = uploads.reduce(0) { $0 + $1.size }
            let quota = account.storageQuota ?? defaultQuota
            guard account.storageUsed + adding <= quota else {
                throw StoreError.storageLimitExceeded(used: account.storageUsed, quota: quota, adding: adding)
            }
            account.storageUsed += adding
            try await connection.update(account)
            for upload in uploads { try await connection.insert(upload) }
        }
    }

    public func upload(id: String, accountID: String) async throws -> Upload? {
        try await read { connection in
            try await connection.one(Upload.self, "SELECT * FROM uploads WHERE id = \(id) AND account_id = \(accountID)")
        }
    }

    public func upload(id: String) async throws -> Upload? {
        try await read { connection in try await connection.one(Upload.self, "SELECT * FROM uploads WHERE id = \(id)") }
    }

    public func uploads(accountID: String, type: String?, before: String?, limit: Int) async throws -> [Upload] {
        try await read { connection in
            try await connection.all(
                Upload.self,
                """
                SELECT * FROM uploads WHERE account_id = \(accountID) AND (\(type)::TEXT IS NULL OR type = \(type))
                AND (\(before)::TEXT IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    public func deleteUpload(id: String, accountID: String) async throws -> Upload? {
        try await write { connection in
            // The upload's lock orders the delete with the submissions that would use it (they hold it shared).
            guard let upload = try await connection.one(Upload.self, "SELECT * FROM uploads WHERE id = \(id) AND account_id = \(accountID) FOR UPDATE")
            else { return nil }
            var users: [String] = []
            let rows = try await connection.rows(
                """
                SELECT jobs.id FROM job_uploads JOIN jobs ON jobs.id = job_uploads.job_id
                WHERE job_uploads.upload_id = \(id) AND jobs.status IN ('queued', 'processing') ORDER BY jobs.id LIMIT 10
                """)
            for try await user in rows.decode(String.self) { users.append(user) }
            guard users.isEmpty else { throw StoreError.assetInUse(jobs: users) }
            try await connection.run("DELETE FROM job_uploads WHERE upload_id = \(id)")
            try await connection.run("DELETE FROM uploads WHERE id = \(id)")
            try await connection.run("UPDATE accounts SET storage_used = GREATEST(0, storage_used - \(upload.size)) WHERE id = \(accountID)")
            return upload
        }
    }
}
