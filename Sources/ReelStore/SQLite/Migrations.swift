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
        migrator.registerMigration("v3: idempotency, webhooks, stills") { db in
            try db.alter(table: "jobs") { table in
                table.add(column: "canceled_at", .datetime)
                table.add(column: "poster_path", .text)
                table.add(column: "thumbnail_path", .text)
            }
            try db.create(table: "idempotency_keys") { table in
                table.column("account_id", .text).notNull().references("accounts")
                table.column("key", .text).notNull()
                table.column("request_hash", .text).notNull()
                table.column("job_id", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.primaryKey(["account_id", "key"])
            }
            try db.create(table: "webhook_events") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                // One terminal event per job, however often the job's end is recorded.
                table.column("job_id", .text).notNull().unique()
                table.column("type", .text).notNull()
                table.column("url", .text).notNull()
                table.column("attempts", .integer).notNull()
                table.column("state", .text).notNull()
                table.column("next_attempt_at", .datetime).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "webhook_events_due", on: "webhook_events", columns: ["state", "next_attempt_at"])
            try db.create(table: "webhook_deliveries") { table in
                table.primaryKey("id", .text)
                table.column("event_id", .text).notNull().references("webhook_events")
                table.column("account_id", .text).notNull()
                table.column("job_id", .text).notNull()
                table.column("type", .text).notNull()
                table.column("url", .text).notNull()
                table.column("attempt", .integer).notNull()
                table.column("status_code", .integer)
                table.column("error", .text)
                table.column("duration_ms", .double).notNull()
                table.column("success", .boolean).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "webhook_deliveries_by_account", on: "webhook_deliveries", columns: ["account_id", "id"])
        }
        migrator.registerMigration("v4: uploads, storage quotas") { db in
            try db.alter(table: "accounts") { table in
                table.add(column: "storage_used", .integer).notNull().defaults(to: 0)
                table.add(column: "storage_quota", .integer)
            }
            try db.create(table: "uploads") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("name", .text).notNull()
                table.column("type", .text).notNull()
                table.column("mime_type", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("sha256", .text).notNull()
                table.column("width", .integer)
                table.column("height", .integer)
                table.column("duration", .double)
                table.column("storage_key", .text).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "uploads_by_account", on: "uploads", columns: ["account_id", "type", "id"])
            try db.create(table: "job_uploads") { table in
                table.column("job_id", .text).notNull().references("jobs")
                table.column("upload_id", .text).notNull()
                table.primaryKey(["upload_id", "job_id"])
            }
        }
        migrator.registerMigration("v5: templates") { db in
            try db.create(table: "templates") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("name", .text).notNull()
                table.column("slug", .text)
                table.column("description", .text)
                table.column("timeline", .text).notNull()
                table.column("output", .text).notNull()
                table.column("inputs", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            // One template per slug in an account; templates without one never collide (NULLs are distinct).
            try db.create(index: "templates_by_slug", on: "templates", columns: ["account_id", "slug"], unique: true)
            try db.create(index: "templates_by_account", on: "templates", columns: ["account_id", "id"])
            // No reference: a job keeps the request it was made with, and outlives its template.
            try db.alter(table: "jobs") { table in table.add(column: "template_id", .text) }
        }
        migrator.registerMigration("v6: projects") { db in
            try db.create(table: "projects") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("name", .text)
                table.column("version", .integer).notNull()
                table.column("request", .text).notNull()
                table.column("metadata", .text)
                table.column("credits", .integer).notNull()
                table.column("duration", .double).notNull()
                table.column("width", .integer)
                table.column("height", .integer)
                table.column("fps", .double)
                table.column("format", .text).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "projects_by_account", on: "projects", columns: ["account_id", "id"])
            // No reference: a job outlives its project, as it does its template.
            try db.alter(table: "jobs") { table in
                table.add(column: "project_id", .text)
                table.add(column: "project_version", .integer)
                table.add(column: "content_key", .text)
            }
            // A project's latest job, its running one and its latest completed one.
            try db.create(index: "jobs_by_project", on: "jobs", columns: ["project_id", "id"])
        }
        migrator.registerMigration("v7: previews") { db in
            try db.alter(table: "jobs") { table in table.add(column: "lane", .text).notNull().defaults(to: "render") }
            try db.create(index: "jobs_by_lane", on: "jobs", columns: ["lane", "status", "run_after"])
            try db.create(table: "previews") { table in
                table.primaryKey("id", .text)
                table.column("account_id", .text).notNull().references("accounts")
                table.column("job_id", .text).notNull().references("jobs")
                table.column("request", .text).notNull()
                table.column("project_id", .text)
                table.column("template_id", .text)
                table.column("duration", .double).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("expires_at", .datetime).notNull()
                table.column("deleted_at", .datetime)
                table.column("files_removed", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "previews_by_account", on: "previews", columns: ["account_id", "id"])
            try db.create(index: "previews_to_remove", on: "previews", columns: ["files_removed", "expires_at"])
        }
        migrator.registerMigration("v8: compat surface") { db in
            try db.alter(table: "jobs") { table in table.add(column: "compat_surface", .text) }
        }
        migrator.registerMigration("v9: chunks") { db in
            try db.alter(table: "jobs") { table in table.add(column: "chunk_count", .integer).notNull().defaults(to: 0) }
            try db.create(table: "job_chunks") { table in
                table.column("job_id", .text).notNull().references("jobs")
                table.column("chunk_index", .integer).notNull()
                table.column("start_frame", .integer).notNull()
                table.column("end_frame", .integer).notNull()
                table.column("start_seconds", .double).notNull()
                table.column("end_seconds", .double).notNull()
                table.column("status", .text).notNull()
                table.column("progress", .double).notNull()
                table.column("worker", .text)
                table.column("lease_expires_at", .datetime)
                table.column("attempts", .integer).notNull()
                table.column("error_message", .text)
                table.primaryKey(["job_id", "chunk_index"])
            }
            try db.create(index: "job_chunks_by_status", on: "job_chunks", columns: ["status", "lease_expires_at"])
            try db.create(table: "workers") { table in
                table.primaryKey("id", .text)
                table.column("slots", .integer).notNull()
                table.column("seen_at", .datetime).notNull()
            }
        }
        return migrator
    }
}
