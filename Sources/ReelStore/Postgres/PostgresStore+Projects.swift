import Foundation
import PostgresNIO

extension PostgresStore {
    public func createProject(_ fields: ProjectFields, accountID: String, now: Date) async throws -> Project {
        let project = Project(id: Identifier.make("prj", at: now), accountID: accountID, fields: fields, version: 1, createdAt: now, updatedAt: now)
        try await write { connection in try await connection.insert(project) }
        return project
    }

    public func project(id: String, accountID: String) async throws -> Project? {
        try await read { connection in
            guard let project = try await Self.owned(id, accountID, connection) else { return nil }
            return try await Self.withJobs(project, connection)
        }
    }

    public func project(id: String) async throws -> Project? {
        try await read { connection in
            guard let project = try await connection.one(Project.self, "SELECT * FROM projects WHERE id = \(id)") else { return nil }
            return try await Self.withJobs(project, connection)
        }
    }

    public func projects(accountID: String, status: Project.Status?, before: String?, limit: Int) async throws -> [Project] {
        try await read { connection in
            // Each project joined with its latest job, whose status is the project's; no status filter
            // when `status` is nil, "no job" for `created`.
            let statuses = status?.jobStatuses.map(\.rawValue)
            let projects = try await connection.all(
                Project.self,
                """
                SELECT projects.* FROM projects
                LEFT JOIN jobs ON jobs.id = (SELECT id FROM jobs WHERE project_id = projects.id ORDER BY id DESC LIMIT 1)
                WHERE projects.account_id = \(accountID) AND (\(before)::TEXT IS NULL OR projects.id < \(before))
                AND (\(statuses)::TEXT[] IS NULL OR (cardinality(\(statuses)::TEXT[]) = 0 AND jobs.id IS NULL) OR jobs.status = ANY(\(statuses)::TEXT[]))
                ORDER BY projects.id DESC LIMIT \(limit)
                """)
            var withJobs: [Project] = []
            for project in projects { withJobs.append(try await Self.withJobs(project, connection)) }
            return withJobs
        }
    }

    public func updateProject(id: String, accountID: String, with fields: ProjectFields, now: Date) async throws -> Project {
        try await write { connection in
            guard var project = try await Self.owned(id, accountID, connection, locked: true) else { throw StoreError.projectNotFound }
            project.fields = fields
            project.version += 1
            project.updatedAt = now
            try await connection.update(project)
            return try await Self.withJobs(project, connection)
        }
    }

    public func deleteProject(id: String, accountID: String) async throws -> [Job] {
        try await write { connection in
            // The project's lock orders the delete with its renders: a render either comes first and is listed, or is refused.
            guard try await Self.owned(id, accountID, connection, locked: true) != nil else { throw StoreError.projectNotFound }
            try await connection.run("DELETE FROM projects WHERE id = \(id)")
            return try await connection.all(Job.self, "SELECT * FROM jobs WHERE project_id = \(id) ORDER BY id DESC")
        }
    }

    public func projectJobs(projectID: String, accountID: String, before: String?, limit: Int) async throws -> [Job] {
        try await read { connection in
            try await connection.all(
                Job.self,
                """
                SELECT * FROM jobs WHERE account_id = \(accountID) AND project_id = \(projectID)
                AND (\(before)::TEXT IS NULL OR id < \(before)) ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    /// Within a submission's transaction, which holds the account's lock: the project's completed job
    /// that the render would make again, if it is the latest one. No other render of the project can
    /// be queued between this check and the new job's insert.
    static func earlierRender(
        of project: (id: String, version: Int, contentKey: String), accountID: String, _ connection: PostgresConnection
    ) async throws -> Job? {
        // Locked: one render of a project at a time passes the checks below.
        guard try await owned(project.id, accountID, connection, locked: true) != nil else { throw StoreError.projectNotFound }
        if let running = try await connection.value(
            String.self, "SELECT id FROM jobs WHERE project_id = \(project.id) AND status IN ('queued', 'processing') ORDER BY id DESC LIMIT 1")
        {
            throw StoreError.alreadyRendering(jobID: running)
        }
        let completed = try await connection.one(
            Job.self, "SELECT * FROM jobs WHERE project_id = \(project.id) AND status = 'completed' ORDER BY id DESC LIMIT 1")
        return completed?.contentKey == project.contentKey ? completed : nil
    }

    private static func owned(_ id: String, _ accountID: String, _ connection: PostgresConnection, locked: Bool = false) async throws -> Project? {
        let lock = locked ? " FOR UPDATE" : ""
        return try await connection.one(Project.self, "SELECT * FROM projects WHERE id = \(id) AND account_id = \(accountID)\(unescaped: lock)")
    }

    private static func withJobs(_ project: Project, _ connection: PostgresConnection) async throws -> Project {
        var project = project
        project.latestJob = try await connection.one(Job.self, "SELECT * FROM jobs WHERE project_id = \(project.id) ORDER BY id DESC LIMIT 1")
        project.latestCompletedJob =
            project.latestJob?.status == .completed
            ? project.latestJob
            : try await connection.one(Job.self, "SELECT * FROM jobs WHERE project_id = \(project.id) AND status = 'completed' ORDER BY id DESC LIMIT 1")
        return project
    }
}
