import Foundation

/// Local copies of objects for ffmpeg, each at its key under `folder`. Kept under `maxBytes` by removing
/// the copies used least recently; a copy used within `keepRecent` may be about to be opened by a
/// render, so it stays even when the folder is over the cap.
struct StorageCache: Sendable {
    let folder: URL
    let maxBytes: Int64
    let keepRecent: TimeInterval

    private static let downloadPrefix = ".download-"

    func copy(of key: String) -> URL { folder.appendingPathComponent(key) }

    /// The copy of `key`, marked as just used, or nil when there is none.
    func hit(_ key: String) -> URL? {
        let copy = copy(of: key)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: copy.path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: copy.path)
        return copy
    }

    /// Where a download is written before it is renamed into place.
    func downloadFile() -> URL { folder.appendingPathComponent(Self.downloadPrefix + UUID().uuidString) }

    /// Removes the copy of `key`, or the copies of every key under it.
    func forget(_ key: String) {
        try? FileManager.default.removeItem(at: copy(of: key))
    }

    /// Removes the least recently used copies until the folder fits the cap; downloads under way are left alone.
    func trim(now: Date = Date()) {
        let properties: Set<URLResourceKey> = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: Array(properties)) else { return }
        var copies: [(url: URL, used: Date, size: Int64)] = []
        for case let url as URL in walk where !url.lastPathComponent.hasPrefix(Self.downloadPrefix) {
            guard let found = try? url.resourceValues(forKeys: properties), found.isRegularFile == true, let used = found.contentModificationDate else { continue }
            copies.append((url, used, Int64(found.fileSize ?? 0)))
        }
        var size = copies.reduce(Int64(0)) { $0 + $1.size }
        for copy in copies.sorted(by: { $0.used < $1.used }) {
            guard size > maxBytes else { return }
            guard now.timeIntervalSince(copy.used) >= keepRecent else { continue }
            if (try? FileManager.default.removeItem(at: copy.url)) != nil { size -= copy.size }
        }
    }
}
