import Crypto
import Foundation
import Synchronization

/// The SHA-256 of files, remembered by path for as long as a file keeps its inode and size, so that
/// a cached asset is read once however often its hash is asked for. The asset cache replaces a file
/// by renaming a new one over it, which gives it a new inode; its modification time cannot tell, as
/// the cache touches a file each time it is used.
final class FileHashes: Sendable {
    private struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
    }

    private let known = Mutex<[String: (stamp: Stamp, hash: String)]>([:])

    /// Reads the file, unless it is known, on a thread of its own: a large file takes a while to hash.
    func hash(of file: URL) async throws(RenderError) -> String {
        try await onOwnThread { _ throws(RenderError) in
            do {
                return try self.hashBlocking(file)
            } catch {
                throw RenderError(.internalError, "cannot read \(file.lastPathComponent) to hash it: \(error)")
            }
        }
    }

    private func hashBlocking(_ file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        // The stamp of the file opened, not of whatever the path names a moment later.
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0 else { throw CocoaError(.fileReadUnknown) }
        let stamp = Stamp(inode: UInt64(status.st_ino), size: Int64(status.st_size))
        if let entry = known.withLock({ $0[file.path] }), entry.stamp == stamp { return entry.hash }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        known.withLock { $0[file.path] = (stamp, hash) }
        return hash
    }
}
