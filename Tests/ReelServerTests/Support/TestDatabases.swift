import Foundation
import ReelStore
import ReelTestSupport

/// With `REEL_TEST_DATABASE=postgres`, a data folder's servers and commands keep their data in a
/// PostgreSQL database of the folder's own rather than in the folder's SQLite file.
enum TestDatabases {
    static let onPostgres = ProcessInfo.processInfo.environment["REEL_TEST_DATABASE"] == "postgres"
    /// Databases are made and migrated a few at a time: the whole API suite's at once, beside its renders and
    /// on a loaded machine, outlasted the store's 30 s of retries.
    private static let settingUp = Gate(limit: 3)

    /// The file in the data folder that names its database.
    static let remembered = "test-database-url"

    /// The folder's database, made on first use and remembered in the folder; nil on SQLite.
    static func database(for folder: URL) async throws -> TestDatabase? {
        guard onPostgres else { return nil }
        let remembered = folder.appendingPathComponent(remembered)
        if let url = try? String(contentsOf: remembered, encoding: .utf8) { return TestDatabase(existing: url) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try await settingUp.run { try await TestDatabase.create() }
        try database.url.write(to: remembered, atomically: true, encoding: .utf8)
        return database
    }

    /// A connection of the test's own to the folder's store, the one its servers use.
    static func store(for folder: URL) async throws -> any Store {
        if let database = try await database(for: folder) { return try await settingUp.run { try await PostgresStore(url: database.url) } }
        return try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
    }

    /// The environment that points a `reel` command at the folder's database.
    static func environment(for folder: URL) async throws -> [String: String] {
        guard let database = try await database(for: folder) else { return [:] }
        return ["REEL_DATABASE_URL": database.url]
    }
}

/// Lets `limit` callers run at once; the others wait their turn, first come first served.
private actor Gate {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if free > 0 {
            free -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { leave() }
        return try await body()
    }

    private func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
