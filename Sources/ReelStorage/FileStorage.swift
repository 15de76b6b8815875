import Foundation

/// Where uploads and outputs live, by key: `uploads/ACCOUNT/ID`, `outputs/JOB/output.mp4`. Keys are
/// made by Reel from its own ids, never from a client's words. Backends: a folder, and an
/// S3-compatible bucket (the README's "How it works").
public protocol FileStorage: Sendable {
    /// Takes a finished local file into storage under `key`, replacing what was there; the file
    /// is moved where the backend allows it, so a large file is never copied on one disk.
    func put(_ file: URL, at key: String) async throws
    /// A local file for `key` that ffmpeg and the file server can read, or nil if there is none.
    func localFile(at key: String) async throws -> URL?
    /// Removes the file at `key`, or every file under it when it names a folder of keys.
    func remove(_ key: String) async throws
    /// The keys directly under `prefix`, each with when it was last written.
    func entries(under prefix: String) async throws -> [StoredEntry]
    /// Whether a file is stored at `key`, without fetching it.
    func contains(_ key: String) async throws -> Bool
    /// A URL from which any client can download the file at `key` for `lifetime` seconds, answered with
    /// `presentation`'s headers; nil where the backend has none and the server sends the file itself.
    func downloadURL(for key: String, lifetime: Int, presentation: DownloadPresentation) async throws -> URL?
    /// The origin (`https://host:port`) of every `downloadURL`, which pages showing a file must allow; nil where there are none.
    var downloadOrigin: String? { get }
}

/// How a download is answered: its type, and whether it is an attachment and by what name.
public struct DownloadPresentation: Sendable, Equatable {
    public var contentType: String
    public var contentDisposition: String?

    public init(contentType: String, contentDisposition: String? = nil) {
        self.contentType = contentType
        self.contentDisposition = contentDisposition
    }
}

public struct StoredEntry: Sendable, Equatable {
    public var key: String
    public var written: Date
}

public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key that is empty, absolute, or climbs out of the storage with `..`.
    case invalidKey(String)

    public var description: String {
        switch self {
        case .invalidKey(let key): "not a storage key: \(key)"
        }
    }
}

extension FileStorage {
    public func contains(_ key: String) async throws -> Bool { try await localFile(at: key) != nil }

    public func downloadURL(for key: String, lifetime: Int, presentation: DownloadPresentation) async throws -> URL? { nil }

    public var downloadOrigin: String? { nil }

    /// Checks a key's shape; a backend calls it before touching anything.
    public static func validate(_ key: String) throws {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !key.contains("\0"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw StorageError.invalidKey(key)
        }
    }
}
