import PostgresNIO

/// The schema, step by step as SQLite's `Migrations` (the same versions, tables and keys); each step
/// is applied once, recorded in `schema_migrations`.
enum PostgresMigrations {
    /// Any number that no other user of the database takes as an advisory lock.
    private static let lockKey: Int64 = 0x7265_656C_6D69_67

    /// Within the caller's transaction: the advisory lock makes nodes that start at once apply each step once, one after another.
    static func migrate(_ connection: PostgresConnection) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(\(lockKey))")
        try await connection.run("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY)")
        for (version, statements) in steps {
            let applied = try await connection.value(Int.self, "SELECT 1 FROM schema_migrations WHERE version = \(version)")
            guard applied == nil else { continue }
            for statement in statements { try await connection.run(PostgresQuery(unsafeSQL: statement)) }
            try await connection.run("INSERT INTO schema_migrations (version) VALUES (\(version))")
        }
    }

    // Ids sort by their bytes, as they do in SQLite: pages go by id, and ids are time-ordered.
    private static let steps: [(String, [String])] = [
        (
            "v1: accounts, jobs, ledger",
            [
                """
                CREATE TABLE accounts (
                    id TEXT COLLATE "C" PRIMARY KEY, name TEXT NOT NULL, credits BIGINT NOT NULL, unlimited BOOLEAN NOT NULL,
                    webhook_secret TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
                """,
                """
                CREATE TABLE jobs (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, type TEXT NOT NULL, status TEXT NOT NULL,
                    stage TEXT, progress DOUBLE PRECISION NOT NULL, request TEXT NOT NULL, callback TEXT, metadata TEXT,
                    credits_used BIGINT NOT NULL, duration DOUBLE PRECISION, resolution TEXT, fps DOUBLE PRECISION, format TEXT,
                    file_size BIGINT, output_path TEXT, error_code TEXT, error_message TEXT, attempts BIGINT NOT NULL,
                    lease_owner TEXT, lease_expires_at TIMESTAMPTZ, run_after TIMESTAMPTZ NOT NULL, cancel_requested BOOLEAN NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL, started_at TIMESTAMPTZ, completed_at TIMESTAMPTZ, failed_at TIMESTAMPTZ,
                    render_time DOUBLE PRECISION)
                """,
                // The claim query: the oldest queued job that may run, or a processing one whose lease lapsed.
                "CREATE INDEX jobs_by_status_and_run_after ON jobs (status, run_after)",
                "CREATE INDEX jobs_by_account ON jobs (account_id, id)",
                """
                CREATE TABLE credit_ledger (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts,
                    job_id TEXT NOT NULL, kind TEXT NOT NULL, amount BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
                    UNIQUE (job_id, kind))
                """,
            ]
        ),
        (
            "v2: api keys",
            [
                """
                CREATE TABLE api_keys (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, name TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, active BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL)
                """
            ]
        ),
        (
            "v3: idempotency, webhooks, stills",
            [
                "ALTER TABLE jobs ADD COLUMN canceled_at TIMESTAMPTZ, ADD COLUMN poster_path TEXT, ADD COLUMN thumbnail_path TEXT",
                """
                CREATE TABLE idempotency_keys (
                    account_id TEXT NOT NULL REFERENCES accounts, key TEXT NOT NULL, request_hash TEXT NOT NULL,
                    job_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (account_id, key))
                """,
                """
                CREATE TABLE webhook_events (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, job_id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL, url TEXT NOT NULL, attempts BIGINT NOT NULL, state TEXT NOT NULL,
                    next_attempt_at TIMESTAMPTZ NOT NULL, created_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX webhook_events_due ON webhook_events (state, next_attempt_at)",
                """
                CREATE TABLE webhook_deliveries (
                    id TEXT COLLATE "C" PRIMARY KEY, event_id TEXT NOT NULL REFERENCES webhook_events, account_id TEXT NOT NULL,
                    job_id TEXT NOT NULL, type TEXT NOT NULL, url TEXT NOT NULL, attempt BIGINT NOT NULL, status_code BIGINT,
                    error TEXT, duration_ms DOUBLE PRECISION NOT NULL, success BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX webhook_deliveries_by_account ON webhook_deliveries (account_id, id)",
            ]
        ),
        (
            "v4: uploads, storage quotas",
            [
                "ALTER TABLE accounts ADD COLUMN storage_used BIGINT NOT NULL DEFAULT 0, ADD COLUMN storage_quota BIGINT",
                """
                CREATE TABLE uploads (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, name TEXT NOT NULL, type TEXT NOT NULL,
                    mime_type TEXT NOT NULL, size BIGINT NOT NULL, sha256 TEXT NOT NULL, width BIGINT, height BIGINT,
                    duration DOUBLE PRECISION, storage_key TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX uploads_by_account ON uploads (account_id, type, id)",
                """
                CREATE TABLE job_uploads (
                    job_id TEXT NOT NULL REFERENCES jobs, upload_id TEXT NOT NULL, PRIMARY KEY (upload_id, job_id))
                """,
            ]
        ),
        (
            "v5: templates",
            [
                """
                CREATE TABLE templates (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, name TEXT NOT NULL, slug TEXT,
                    description TEXT, timeline TEXT NOT NULL, output TEXT NOT NULL, inputs TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
                """,
                // One template per slug in an account; templates without one never collide (NULLs are distinct).
                "CREATE UNIQUE INDEX templates_by_slug ON templates (account_id, slug)",
                "CREATE INDEX templates_by_account ON templates (account_id, id)",
                // No reference: a job keeps the request it was made with, and outlives its template.
                "ALTER TABLE jobs ADD COLUMN template_id TEXT",
            ]
        ),
        (
            "v6: projects",
            [
                """
                CREATE TABLE projects (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, name TEXT, version BIGINT NOT NULL,
                    request TEXT NOT NULL, metadata TEXT, credits BIGINT NOT NULL, duration DOUBLE PRECISION NOT NULL,
                    width BIGINT, height BIGINT, fps DOUBLE PRECISION, format TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL)
                """,
                "CREATE INDEX projects_by_account ON projects (account_id, id)",
                // No reference: a job outlives its project, as it does its template.
                "ALTER TABLE jobs ADD COLUMN project_id TEXT, ADD COLUMN project_version BIGINT, ADD COLUMN content_key TEXT",
                // A project's latest job, its running one and its latest completed one.
                "CREATE INDEX jobs_by_project ON jobs (project_id, id)",
            ]
        ),
        (
            "v7: previews",
            [
                "ALTER TABLE jobs ADD COLUMN lane TEXT NOT NULL DEFAULT 'render'",
                "CREATE INDEX jobs_by_lane ON jobs (lane, status, run_after)",
                """
                CREATE TABLE previews (
                    id TEXT COLLATE "C" PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts, job_id TEXT NOT NULL REFERENCES jobs,
                    request TEXT NOT NULL, project_id TEXT, template_id TEXT, duration DOUBLE PRECISION NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, deleted_at TIMESTAMPTZ,
                    files_removed BOOLEAN NOT NULL DEFAULT FALSE)
                """,
                "CREATE INDEX previews_by_account ON previews (account_id, id)",
                "CREATE INDEX previews_to_remove ON previews (files_removed, expires_at)",
            ]
        ),
        ("v8: compat surface", ["ALTER TABLE jobs ADD COLUMN compat_surface TEXT"]),
        (
            "v9: chunks",
            [
                "ALTER TABLE jobs ADD COLUMN chunk_count BIGINT NOT NULL DEFAULT 0",
                """
                CREATE TABLE job_chunks (
                    job_id TEXT COLLATE "C" NOT NULL REFERENCES jobs, chunk_index BIGINT NOT NULL,
                    start_frame BIGINT NOT NULL, end_frame BIGINT NOT NULL,
                    start_seconds DOUBLE PRECISION NOT NULL, end_seconds DOUBLE PRECISION NOT NULL,
                    status TEXT NOT NULL, progress DOUBLE PRECISION NOT NULL, worker TEXT, lease_expires_at TIMESTAMPTZ,
                    attempts BIGINT NOT NULL, error_message TEXT, PRIMARY KEY (job_id, chunk_index))
                """,
                "CREATE INDEX job_chunks_by_status ON job_chunks (status, lease_expires_at)",
                "CREATE TABLE workers (id TEXT PRIMARY KEY, slots BIGINT NOT NULL, seen_at TIMESTAMPTZ NOT NULL)",
            ]
        ),
    ]
}
