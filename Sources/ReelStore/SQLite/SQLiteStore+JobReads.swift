import Foundation
import GRDB

extension SQLiteStore {
    public func job(id: String, accountID: String) async throws -> Job? {
        try await pool.read { db in
            try Job.filter(Column("id") == id && Column("account_id") == accountID).fetchOne(db)
        }
    }

    public func job(id: String) async throws -> Job? {
        try await pool.read { db in try Job.fetchOne(db, key: id) }
    }

    public func jobs(accountID: String, status: Job.Status?, before: String?, limit: Int) async throws -> [Job] {
        try await pool.read { db in
            var query = Job.filter(Column("account_id") == accountID && Column("lane") == Job.Lane.render.rawValue)
            if let status { query = query.filter(Column("status") == status.rawValue) }
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func jobs(accountID: String, surface: String, through: Bool, projectID: String?, before: String?, limit: Int) async throws -> [Job] {
        try await pool.read { db in
            var query = Job.filter(Column("account_id") == accountID && Column("lane") == Job.Lane.render.rawValue)
            let submitted = Column("compat_surface") == surface
            query = query.filter(through ? submitted : (Column("compat_surface") == nil || !submitted))
            if let projectID { query = query.filter(Column("project_id") == projectID) }
            if let before { query = query.filter(Column("id") < before) }
            return try query.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func jobCounts() async throws -> [Job.Status: Int] {
        try await pool.read { db in
            var counts = Dictionary(uniqueKeysWithValues: Job.Status.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS count FROM jobs GROUP BY status") {
                if let status = Job.Status(rawValue: row["status"]) { counts[status] = row["count"] }
            }
            return counts
        }
    }
}
