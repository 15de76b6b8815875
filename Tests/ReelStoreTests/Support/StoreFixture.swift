import Foundation
import ReelStore
import Testing

/// The backends every store test runs against.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }
}

/// A store of one backend, on data of its own.
struct StoreFixture {
    let backend: StoreBackend
    let folder: URL
    let store: any Store

    init(_ backend: StoreBackend) throws {
        self.backend = backend
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Self.open(backend, folder)
    }

    /// A second connection to the same data, as another process would have.
    func reopen() throws -> any Store { try Self.open(backend, folder) }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    /// An account with unlimited credits.
    func account(_ name: String) async throws -> Account {
        try await store.createAccount(name: name, credits: 0, unlimited: true)
    }

    func submit(_ account: Account, credits: Int = 5, now: Date = Date()) async throws -> Job {
        try await store.submit(JobSubmission(accountID: account.id, request: "{}", credits: credits), now: now).job
    }

    private static func open(_ backend: StoreBackend, _ folder: URL) throws -> any Store {
        switch backend {
        case .sqlite: try SQLiteStore(path: folder.appendingPathComponent("reel.sqlite").path)
        }
    }
}
