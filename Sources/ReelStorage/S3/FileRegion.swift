import Crypto
import Foundation
import NIOCore

/// A run of bytes of a local file, read a chunk at a time: a part of a multipart upload is sent
/// from disk and never held whole in memory.
struct FileRegion: Sendable {
    let file: URL
    let offset: Int64
    let length: Int64

    static let chunkSize = 1 << 20

    /// The whole file.
    init(file: URL) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        self.init(file: file, offset: 0, length: size)
    }

    init(file: URL, offset: Int64, length: Int64) {
        self.file = file
        self.offset = offset
        self.length = length
    }

    /// The SHA-256 of the region, hex, as the signature's payload hash: a read of the region of its own.
    func sha256() throws -> String {
        var hash = SHA256()
        try forEachChunk { hash.update(data: $0) }
        return SignatureV4.hex(hash.finalize())
    }

    func forEachChunk(_ body: (Data) throws -> Void) throws {
        var reader = Reader(region: self)
        while let chunk = try reader.next() { try body(chunk) }
    }

    /// The region as a request body.
    var chunks: Chunks { Chunks(region: self) }

    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let region: FileRegion

        func makeAsyncIterator() -> Iterator { Iterator(reader: Reader(region: region)) }

        struct Iterator: AsyncIteratorProtocol {
            var reader: Reader

            mutating func next() async throws -> ByteBuffer? { try reader.next().map { ByteBuffer(bytes: $0) } }
        }
    }

    /// Opens the file at the first read and closes it after the last.
    struct Reader {
        let region: FileRegion
        private var handle: FileHandle?
        private var left: Int64

        init(region: FileRegion) {
            self.region = region
            left = region.length
        }

        mutating func next() throws -> Data? {
            guard left > 0 else {
                try handle?.close()
                handle = nil
                return nil
            }
            if handle == nil {
                let opened = try FileHandle(forReadingFrom: region.file)
                try opened.seek(toOffset: UInt64(region.offset))
                handle = opened
            }
            guard let chunk = try handle?.read(upToCount: Int(Swift.min(left, Int64(FileRegion.chunkSize)))), !chunk.isEmpty else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: region.file.path, NSLocalizedDescriptionKey: "the file ended early"])
            }
            left -= Int64(chunk.count)
            return chunk
        }
    }
}
