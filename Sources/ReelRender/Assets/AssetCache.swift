import Crypto
import Foundation

/// The folder of downloaded assets, one file per URL named by the URL's SHA-256. It is kept
/// under a size cap by removing the files used least recently; a file used within `keepRecent`
/// may still be read by a render in progress, so it stays even when the folder is over the cap.
struct AssetCache: Sendable {
    let directory: URL
    let maxBytes: Int64
    let keepRecent: TimeInterval

    func file(for url: String) -> URL {
        directory.appendingPathComponent(Self.name(for: url))
    }

    /// The cached file for `url`, marked as just used, or nil when it is not cached.
    func hit(_ url: String) -> URL? { touch(file(for: url)) }

    /// `file`, marked as just used, or nil when it is not in the folder.
    func touch(_ file: URL) -> URL? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
        return file
    }

    /// The folder's file `name`, marked as just used; when it is not there, `make` first writes it into the
    /// partial file it is given, which is then kept under `name`. Two renders making the same file at once
    /// both make it and the first one kept stays: a name always stands for the same content.
    func keep(_ name: String, describedAs what: String, make: (URL) async throws(RenderError) -> Void) async throws(RenderError) -> URL {
        let file = directory.appendingPathComponent(name)
        if let kept = touch(file) { return kept }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = file.appendingPathExtension("part-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: partial) }
        try await make(partial)
        do {
            try FileManager.default.moveItem(at: partial, to: file)
        } catch {
            guard FileManager.default.fileExists(atPath: file.path) else { throw RenderError(.internalError, "cannot keep \(what): \(error)") }
        }
        trim()
        return file
    }

    /// Removes the least recently used files until the folder fits the cap. Partial downloads
    /// belong to running fetches and are left alone.
    func trim(now: Date = Date()) {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey]
        guard let names = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys) else { return }
        var files = names.compactMap { file -> (file: URL, used: Date, bytes: Int64)? in
            guard !file.pathExtension.hasPrefix("part-"), let values = try? file.resourceValues(forKeys: Set(keys)),
                let used = values.contentModificationDate, let bytes = values.fileSize
            else { return nil }
            return (file, used, Int64(bytes))
        }
        var total = files.reduce(0) { $0 + $1.bytes }
        guard total > maxBytes else { return }
        files.sort { $0.used < $1.used }
        for entry in files where total > maxBytes && now.timeIntervalSince(entry.used) >= keepRecent {
            if (try? FileManager.default.removeItem(at: entry.file)) != nil { total -= entry.bytes }
        }
    }

    static func name(for url: String) -> String {
        let digest = SHA256.hash(data: Data(url.utf8)).map { String(format: "%02x", $0) }.joined()
        let pathExtension = URL(string: url)?.pathExtension.lowercased() ?? ""
        let safeExtension = pathExtension.count <= 5 && pathExtension.allSatisfy(\.isLetter) ? pathExtension : ""
        return safeExtension.isEmpty ? digest : "\(digest).\(safeExtension)"
    }
}
