import Crypto
import Foundation
import Hummingbird
import NIOCore
import Testing

@testable import ReelServer

/// The body of an upload cut into buffers at every place a network could cut it: content that holds
/// pieces of the delimiter must come out byte for byte, however the pieces fall.
@Suite struct MultipartReceptionTests {
    private static let boundary = "reel-test-boundary-7d1f"

    /// File content full of traps: carriage returns, a delimiter missing its last character, a
    /// closing delimiter's start, and bytes of every value.
    private static let contents: [Data] = [
        Data("\r\n--\(boundary.dropLast())x\r\r\n-\r\n--\r\n--\(boundary.prefix(5))".utf8) + Data((0...255).map { UInt8($0) }) + Data("\r".utf8),
        Data((0..<5000).map { UInt8(($0 * 7919) % 251) }) + Data("\r\n--\(boundary.dropLast(3))".utf8),
        // A long run of carriage returns: each could start a delimiter, and none may be held back for long.
        Data(repeating: 13, count: 40_000) + Data("\r\n--\(boundary.dropLast())\r\r".utf8),
    ]

    private static var body: Data {
        var body = MultipartBody()
        body.add(field: "file", filename: "a.bin", contents[0])
        body.add(field: "files", filename: "b.bin", contents[1])
        body.add(field: "files", filename: "c.bin", contents[2])
        return body.finished()
    }

    @Test(arguments: [1, 2, 3, 5, 13, 64, 1000, 1 << 20])
    func contentComesOutWholeHoweverTheBodyIsCut(_ size: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-multipart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = [UInt8](Self.body)
        let chunks = stride(from: 0, to: bytes.count, by: size).map { ByteBuffer(bytes: bytes[$0..<min($0 + size, bytes.count)]) }
        let reception = try MultipartReception(contentType: MultipartBody.contentType, folder: folder, limit: 1 << 24)
        let files = try await reception.receive(RequestBody(asyncSequence: chunks.async))
        #expect(files.map(\.path) == ["file", "files[0]", "files[1]"] && files.map(\.name) == ["a.bin", "b.bin", "c.bin"])
        for (file, content) in zip(files, Self.contents) {
            #expect(try Data(contentsOf: file.file) == content, "\(file.path) cut every \(size) bytes")
            #expect(file.size == Int64(content.count) && file.sha256 == SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined())
        }
    }
}

private struct AsyncChunks: AsyncSequence, Sendable {
    let chunks: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>

        mutating func next() async -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
}

extension [ByteBuffer] {
    fileprivate var async: AsyncChunks { AsyncChunks(chunks: self) }
}
