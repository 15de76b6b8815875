import Foundation

/// Storage in a local folder; a folder shared by several machines serves them all.
public struct FolderStorage: FileStorage {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func put(_ file: URL, at key: String) async throws {
        let destination = try url(key)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        // rename(2) replaces the destination in one step: a reader sees the old file or the new one, whole.
        if rename(file.path, destination.path) != 0 {
            let temporary = destination.deletingLastPathComponent().appendingPathComponent(".put-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: file, to: temporary)
            guard rename(temporary.path, destination.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: key])
            }
            try? FileManager.default.removeItem(at: file)
        }
    }

    public func localFile(at key: String) async throws -> URL? {
        let file = try url(key)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        return file
    }

    public func remove(_ key: String) async throws {
        let target = try url(key)
        do {
            try FileManager.default.removeItem(at: target)
        } catch CocoaError.fileNoSuchFile {
            return
        }
    }

    public func entries(under prefix: String) async throws -> [StoredEntry] {
        let folder = try url(prefix)
        let written = URLResourceKey.contentModificationDateKey
        let items = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [written])) ?? []
        return items.compactMap { item in
            guard let date = try? item.resourceValues(forKeys: [written]).contentModificationDate else { return nil }
            return StoredEntry(key: "\(prefix)/\(item.lastPathComponent)", written: date)
        }
    }

    private func url(_ key: String) throws -> URL {
        try Self.validate(key)
        return root.appendingPathComponent(key)
    }
}
