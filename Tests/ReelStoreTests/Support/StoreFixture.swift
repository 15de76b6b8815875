import Foundation
import ReelStore
import ReelTestSupport
import Testing

/// The backends every store test runs against.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    /// A database of its own on the test cluster; fails when `REEL_TEST_POSTGRES_URL` is not set.
    case postgres

    var testDescription: String { rawValue }
}

/// A store of one backend, on data of its own.
struct StoreFixture {
    let backend: StoreBackend
    let folder: URL
    let database: TestDatabase?
    let store: any Store

    init(_ backend: StoreBackend) async throws {
        self.backend = backend
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = backend == .postgres ? try await TestDatabase.create() : nil
        store = try await Self.open(backend, folder, database)
    }

    /// A second connection to the same data, as another process would have.
    func reopen() async throws -> any Store { try await Self.open(backend, folder, database) }

    /// Removes the data; a PostgreSQL database is dropped in the background, as a `defer` cannot wait.
    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
        guard let database else { return }
        let store = store as? PostgresStore
        Task {
            await store?.close()
            await database.drop()
        }
    }

    /// An account with unlimited credits.
    func account(_ name: String) async throws -> Account {
        try await store.createAccount(name: name, credits: 0, unlimited: true)
    }

    func submit(_ account: Account, credits: Int = 5, now: Date = Date()) async throws -> Job {
        try await store.submit(JobSubmission(accountID: account.id, request: "{}", credits: credits), now: now).job
    }

    private static func open(_ backend: StoreBackend, _ folder: URL, _ database: TestDatabase?) async throws -> any Store {
        switch backend {
        case .sqlite: try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
        case .postgres: try await PostgresStore(url: database!.url)
        }
    }
}
