import GRDB

enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, jobs, ledger") { db in
            try db.create(table: "accounts") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("credits", .integer).notNull()
                table.column("unlimited", .boolean).notNull()
                table.column("webhook_secret", .text).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "jobs") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("type", .text).notNull()
                table.column("status", .text).notNull()
                table.column("stage", .text)
                table.column("progress", .double).notNull()
                table.column("request", .text).notNull()
                table.column("callback", .text)
                table.column("metadata", .text)
                table.column("credits_used", .integer).notNull()
                table.column("duration", .double)
                table.column("resolution", .text)
                table.column("fps", .double)
                table.column("format", .text)
                table.column("file_size", .integer)
                table.column("output_path", .text)
                table.column("error_code", .text)
                table.column("error_message", .text)
                table.column("attempts", .integer).notNull()
                table.column("lease_owner", .text)
                table.column("lease_expires_at", .datetime)
                table.column("run_after", .datetime).notNull()
                table.column("cancel_requested", .boolean).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("started_at", .datetime)
                table.column("completed_at", .datetime)
                table.column("failed_at", .datetime)
                table.column("render_time", .double)
            }
            // The claim query: the oldest queued job that may run, or a processing one whose lease lapsed.
            try db.create(index: "jobs_by_status_and_run_after", on: "jobs", columns: ["status", "run_after"])
            try db.create(index: "jobs_by_account", on: "jobs", columns: ["account_id", "id"])
            try db.create(table: "credit_ledger") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("account_id", .text).notNull().references("accounts")
                table.column("job_id", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("amount", .integer).notNull()
                table.column("created_at", .datetime).notNull()
                // One charge and at most one refund per job, whatever retries happen.
                table.uniqueKey(["job_id", "kind"])
            }
        }
        migrator.registerMigration("v2: api keys") { db in
            try db.create(table: "api_keys") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("name", .text).notNull()
                table.column("key_hash", .text).notNull().unique()
                table.column("prefix", .text).notNull()
                table.column("active", .boolean).notNull()
                table.column("created_at", .datetime).notNull()
            }
        }
        return migrator
    }
}
