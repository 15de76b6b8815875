import Foundation
import PostgresNIO

extension PostgresStore {
    public func job(id: String, accountID: String) async throws -> Job? {
        try await read { connection in
            try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(id) AND account_id = \(accountID)")
        }
    }

    public func job(id: String) async throws -> Job? {
        try await read { connection in try await connection.one(Job.self, "SELECT * FROM jobs WHERE id = \(id)") }
    }

    public func jobs(accountID: String, status: Job.Status?, before: String?, limit: Int) async throws -> [Job] {
        try await read { connection in
            try await connection.all(
                Job.self,
                """
                SELECT * FROM jobs WHERE account_id = \(accountID) AND lane = 'render'
                AND (\(status?.rawValue)::TEXT IS NULL OR status = \(status?.rawValue))
                AND (\(before)::TEXT IS NULL OR id < \(before))
                ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    public func jobs(accountID: String, surface: String, through: Bool, projectID: String?, before: String?, limit: Int) async throws -> [Job] {
        try await read { connection in
            try await connection.all(
                Job.self,
                """
                SELECT * FROM jobs WHERE account_id = \(accountID) AND lane = 'render'
                AND (compat_surface IS NOT DISTINCT FROM \(surface)) = \(through)
                AND (\(projectID)::TEXT IS NULL OR project_id = \(projectID))
                AND (\(before)::TEXT IS NULL OR id < \(before))
                ORDER BY id DESC LIMIT \(limit)
                """)
        }
    }

    public func jobCounts() async throws -> [Job.Status: Int] {
        try await read { connection in
            var counts = Dictionary(uniqueKeysWithValues: Job.Status.allCases.map { ($0, 0) })
            for try await (status, count) in try await connection.rows("SELECT status, COUNT(*) FROM jobs GROUP BY status").decode((String, Int).self) {
                if let status = Job.Status(rawValue: status) { counts[status] = count }
            }
            return counts
        }
    }
}
