import Foundation
import ReelStorage
import Testing

/// The backends every storage test runs against; each S3 test has a bucket of its own.
enum StorageBackend: String, CaseIterable, CustomTestStringConvertible {
    case folder
    case s3

    var testDescription: String { rawValue }

    func open(_ scratch: URL) async throws -> any FileStorage {
        switch self {
        case .folder: FolderStorage(root: scratch.appendingPathComponent("storage"))
        case .s3: try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"))
        }
    }
}

/// What uploads and outputs rely on, held by every storage backend.
@Suite struct StorageTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-storage-\(UUID().uuidString)")

    private func file(_ name: String, _ text: String) throws -> URL {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test(arguments: StorageBackend.allCases) func aPutFileIsReadBackWholeAndReplacedWhole(_ backend: StorageBackend) async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await backend.open(scratch)
        try await storage.put(try file("a", "first"), at: "outputs/job_1/output.mp4")
        let stored = try #require(try await storage.localFile(at: "outputs/job_1/output.mp4"))
        #expect(try String(contentsOf: stored, encoding: .utf8) == "first")
        try await storage.put(try file("b", "second"), at: "outputs/job_1/output.mp4")
        #expect(try String(contentsOf: try #require(try await storage.localFile(at: "outputs/job_1/output.mp4")), encoding: .utf8) == "second")
        #expect(try await storage.localFile(at: "outputs/job_1") == nil, "a folder of keys is not a file")
        #expect(try await storage.localFile(at: "outputs/job_2/output.mp4") == nil)
    }

    @Test(arguments: StorageBackend.allCases) func aFolderOfKeysIsListedAndRemovedAsOne(_ backend: StorageBackend) async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await backend.open(scratch)
        let before = Date().addingTimeInterval(-5)
        for job in ["job_1", "job_2"] {
            try await storage.put(try file("\(job)-v", "video"), at: "outputs/\(job)/output.mp4")
            try await storage.put(try file("\(job)-p", "poster"), at: "outputs/\(job)/poster.jpg")
        }
        let entries = try await storage.entries(under: "outputs")
        #expect(Set(entries.map(\.key)) == ["outputs/job_1", "outputs/job_2"])
        #expect(entries.allSatisfy { $0.written > before && $0.written < Date().addingTimeInterval(5) })
        try await storage.remove("outputs/job_1")
        try await storage.remove("outputs/job_9")
        #expect(try await storage.localFile(at: "outputs/job_1/poster.jpg") == nil)
        #expect(try await storage.localFile(at: "outputs/job_2/poster.jpg") != nil)
        #expect(try await storage.entries(under: "outputs").map(\.key) == ["outputs/job_2"])
    }

    @Test(arguments: StorageBackend.allCases) func aKeyThatCouldLeaveTheStorageIsRefused(_ backend: StorageBackend) async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await backend.open(scratch)
        let source = try file("x", "x")
        for key in ["", "/etc/passwd", "../x", "uploads/../../x", "uploads//x", "uploads/./x", "uploads/x/", "a\0b"] {
            await #expect(throws: StorageError.invalidKey(key)) { try await storage.put(source, at: key) }
            await #expect(throws: StorageError.invalidKey(key)) { try await storage.remove(key) }
        }
        #expect(FileManager.default.fileExists(atPath: source.path), "a refused put leaves its file alone")
    }
}
