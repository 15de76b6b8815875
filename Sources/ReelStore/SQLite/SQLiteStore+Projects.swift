import Foundation
import GRDB

extension SQLiteStore {
    public func createProject(_ fields: ProjectFields, accountID: String, now: Date) async throws -> Project {
        let project = Project(id: Identifier.make("prj", at: now), accountID: accountID, fields: fields, version: 1, createdAt: now, updatedAt: now)
        try await pool.write { db in try project.insert(db) }
        return project
    }

    public func project(id: String, accountID: String) async throws -> Project? {
        try await pool.read { db in try Self.owned(id, accountID, db).map { try Self.withJobs($0, db) } }
    }

    public func project(id: String) async throws -> Project? {
        try await pool.read { db in try Project.fetchOne(db, key: id).map { try Self.withJobs($0, db) } }
    }

    public func projects(accountID: String, status: Project.Status?, before: String?, limit: Int) async throws -> [Project] {
        try await pool.read { db in
            // Each project joined with its latest job, whose status is the project's.
            var sql = """
                SELECT projects.* FROM projects
                LEFT JOIN jobs ON jobs.id = (SELECT id FROM jobs WHERE project_id = projects.id ORDER BY id DESC LIMIT 1)
                WHERE projects.account_id = ?
                """
            var arguments: StatementArguments = [accountID]
            if let before {
                sql += " AND projects.id < ?"
                arguments += [before]
            }
            if let status {
                let statuses = status.jobStatuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                sql += statuses.isEmpty ? " AND jobs.id IS NULL" : " AND jobs.status IN (\(statuses))"
            }
            sql += " ORDER BY projects.id DESC LIMIT ?"
            arguments += [limit]
            return try Project.fetchAll(db, sql: sql, arguments: arguments).map { try Self.withJobs($0, db) }
        }
    }

    public func updateProject(id: String, accountID: String, with fields: ProjectFields, now: Date) async throws -> Project {
        try await pool.write { db in
            guard var project = try Self.owned(id, accountID, db) else { throw StoreError.projectNotFound }
            project.fields = fields
            project.version += 1
            project.updatedAt = now
            try project.update(db)
            return try Self.withJobs(project, db)
        }
    }

    public func deleteProject(id: String, accountID: String) async throws -> [Job] {
        try await pool.write { db in
            guard let project = try Self.owned(id, accountID, db) else { throw StoreError.projectNotFound }
            try project.delete(db)
            return try Job.filter(Column("project_id") == id).order(Column("id").desc).fetchAll(db)
        }
    }

    public func projectJobs(projectID: String, accountID: String, before: String?, limit: Int) async throws -> [Job] {
        try await pool.read { db in
            var query = Job.filter(Column("account_id") == accountID && Column("project_id") == projectID)
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// Within a submission's transaction: the project's completed job that the render would make
    /// again, if it is the latest one. Writes are serialized, so no other render of the project can
    /// be queued between this check and the new job's insert.
    static func earlierRender(of project: (id: String, version: Int, contentKey: String), accountID: String, _ db: Database) throws -> Job? {
        guard try owned(project.id, accountID, db) != nil else { throw StoreError.projectNotFound }
        let jobs = Job.filter(Column("project_id") == project.id)
        let unfinished = [Job.Status.queued, .processing].map(\.rawValue)
        if let running = try jobs.filter(unfinished.contains(Column("status"))).order(Column("id").desc).fetchOne(db) {
            throw StoreError.alreadyRendering(jobID: running.id)
        }
        let completed = try jobs.filter(Column("status") == Job.Status.completed.rawValue).order(Column("id").desc).fetchOne(db)
        return completed?.contentKey == project.contentKey ? completed : nil
    }

    private static func owned(_ id: String, _ accountID: String, _ db: Database) throws -> Project? {
        try Project.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db)
    }

    private static func withJobs(_ project: Project, _ db: Database) throws -> Project {
        var project = project
        let jobs = Job.filter(Column("project_id") == project.id).order(Column("id").desc)
        project.latestJob = try jobs.fetchOne(db)
        project.latestCompletedJob =
            project.latestJob?.status == .completed ? project.latestJob : try jobs.filter(Column("status") == Job.Status.completed.rawValue).fetchOne(db)
        return project
    }
}
