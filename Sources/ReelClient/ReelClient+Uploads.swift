import AsyncHTTPClient
import Foundation
import NIOCore

/// A file of the media library as the API returns it (the README's "Uploads").
public struct RemoteUpload: Decodable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: String
    public var mimeType: String
    public var size: Int64
    public var sha256: String
    public var width: Int?
    public var height: Int?
    public var duration: Double?
    /// What a timeline's `src` names it by: `asset://ast_…`.
    public var src: String
    public var url: String

    enum CodingKeys: String, CodingKey {
        case id, name, type, size, sha256, width, height, duration, src, url
        case mimeType = "mime_type"
    }
}

extension ReelClient {
    /// Uploads files to the account's media library in one all-or-nothing request. The files are
    /// streamed from disk, never read whole into memory.
    public func upload(_ files: [URL]) async throws -> [RemoteUpload] {
        let boundary = "reel-\(UUID().uuidString)"
        var pieces: [(header: Data, file: URL)] = []
        var length: Int64 = 0
        for file in files {
            let size = try (FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
            let name = file.lastPathComponent.replacingOccurrences(of: "\"", with: "_").replacingOccurrences(of: "\r", with: "_")
                .replacingOccurrences(of: "\n", with: "_")
            let header = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            pieces.append((header, file))
            length += Int64(header.count) + size + 2
        }
        let closing = Data("--\(boundary)--\r\n".utf8)
        length += Int64(closing.count)
        let parts = pieces
        let body = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            let reader = Task {
                do {
                    for (header, file) in parts {
                        continuation.yield(ByteBuffer(bytes: header))
                        let handle = try FileHandle(forReadingFrom: file)
                        defer { try? handle.close() }
                        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                            continuation.yield(ByteBuffer(bytes: chunk))
                        }
                        continuation.yield(ByteBuffer(string: "\r\n"))
                    }
                    continuation.yield(ByteBuffer(bytes: closing))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
        var request = HTTPClientRequest(url: baseURL + "/v1/uploads")
        request.body = .stream(body, length: .known(length))
        let page: UploadList = try await send(
            .POST, request, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], timeout: .hours(6))
        return page.data
    }

    public func uploads(type: String? = nil, limit: Int = 20, cursor: String? = nil) async throws -> UploadPage {
        var query = ["limit=\(limit)"]
        if let type { query.append("type=\(Self.escape(type))") }
        if let cursor { query.append("cursor=\(Self.escape(cursor))") }
        return try await send(.GET, "/v1/uploads?" + query.joined(separator: "&"))
    }

    public func deleteUpload(_ id: String) async throws {
        let _: Deleted = try await send(.DELETE, "/v1/uploads/\(Self.escape(id))")
    }

    private struct UploadList: Decodable {
        var data: [RemoteUpload]
    }

    private struct Deleted: Decodable {
        var id: String
    }
}

public struct UploadPage: Decodable, Sendable {
    public var data: [RemoteUpload]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }
}
