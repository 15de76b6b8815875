import Crypto
import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import Synchronization

/// One file of an upload request, written to disk and hashed as it arrived; not yet inspected.
struct ReceivedFile: Sendable {
    /// Where it sat in the form, as errors name it: `file`, or `files[N]`.
    var path: String
    /// The sender's file name, for display only.
    var name: String
    var file: URL
    var size: Int64
    var sha256: String
}

/// Reads a `multipart/form-data` body as it arrives, each file part straight into a file of its
/// own in `folder`, so that memory stays flat whatever the size. Everything that is not file
/// content is bounded: the number of parts, and the bytes of headers, preamble and epilogue.
final class MultipartReception {
    static let maxFiles = 100
    /// The most bytes that may pass between two pieces of file content: part headers and the
    /// boundaries around them are far smaller.
    static let maxBytesBetweenContent = 64 * 1024

    private let parser: MultipartParser
    /// What ends a part's content: `\r\n--BOUNDARY`.
    private let delimiter: [UInt8]
    private let closing: [UInt8]
    private let folder: URL
    private let limit: Int
    private var files: [ReceivedFile] = []
    private var headers: [(String, String)] = []
    private var current: OpenPart?
    /// Parts the parser has ended whose last write is still to be awaited.
    private var finished: [OpenPart] = []
    private var failure: APIError?
    private var received = 0
    private var bytesSinceContent = 0
    private var tail: [UInt8] = []
    private var filesFields = 0
    private var partsOpened = 0
    /// The end of the last buffer, held back because it may be the start of a delimiter.
    private var carry = ByteBuffer()
    private var parserInContent = false
    /// The last bytes the parser read, as many as a delimiter has: where a match it has under way began.
    private var parserTail: [UInt8] = []

    /// Refuses a request whose `Content-Type` is not multipart form data with a usable boundary.
    init(contentType: String?, folder: URL, limit: Int) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.parameter("boundary", in: contentType), (1...70).contains(boundary.utf8.count)
        else {
            throw APIError.invalidRequest("Content-Type: must be multipart/form-data with a boundary", path: "Content-Type")
        }
        parser = MultipartParser(boundary: boundary)
        closing = Array("--\(boundary)--".utf8)
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.folder = folder
        self.limit = limit
        parser.onHeader = { [unowned self] name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { [unowned self] buffer in write(&buffer) }
        parser.onPartComplete = { [unowned self] in finishPart() }
    }

    /// Reads the whole body; on any refusal the files received so far are removed.
    func receive(_ body: RequestBody) async throws -> [ReceivedFile] {
        do {
            for try await buffer in body {
                received += buffer.readableBytes
                guard received <= limit else {
                    throw APIError(.contentTooLarge, "PAYLOAD_TOO_LARGE", "the upload is more than the \(limit) bytes accepted in one request")
                }
                bytesSinceContent += buffer.readableBytes
                keepTail(buffer)
                try feed(buffer)
                if let failure { throw failure }
                try await settleWrites()
                guard bytesSinceContent <= Self.maxBytesBetweenContent else {
                    throw APIError.invalidRequest("the multipart body has more than \(Self.maxBytesBetweenContent) bytes of headers in a row", path: "body")
                }
            }
            try parse(carry)
            carry.clear()
            if let failure { throw failure }
            try await settleWrites()
            guard received > 0, !isOnlyTheClosingDelimiter else { throw Self.noFiles }
            guard current == nil, headers.isEmpty, Self.endsWith(closing, tail) else {
                throw APIError.invalidRequest("the multipart body ends before its closing boundary", path: "body")
            }
            guard !files.isEmpty else { throw Self.noFiles }
            return files
        } catch {
            await discard()
            throw error
        }
    }

    /// Starts writing what the part under way has gathered, once it is enough to be worth a write,
    /// and ends the writes of the parts the parser finished.
    private func settleWrites() async throws {
        do {
            if let part = current, part.isFull { try await part.flush() }
            for part in finished { files.append(try await part.finish()) }
            finished = []
        } catch {
            throw APIError(.internalServerError, "INTERNAL_ERROR", "the server could not save the upload")
        }
    }

    /// Hands a buffer to the parser, except the content of a part already under way: the parser
    /// would cut it at every carriage return and copy each run, so it is found with one search for
    /// the delimiter and appended to the part whole. That is only done while the parser is known to
    /// be inside content and not halfway through a possible delimiter (`parserInContent`), so that
    /// it picks up at the delimiter exactly where it left off.
    private func feed(_ incoming: ByteBuffer) throws {
        var buffer = incoming
        if carry.readableBytes > 0 {
            buffer = carry
            buffer.writeImmutableBuffer(incoming)
            carry.clear()
        }
        if parserInContent, let part = current, failure == nil {
            let found = buffer.withUnsafeReadableBytes { firstDelimiter(in: $0) }
            // Without a delimiter, the end that could be the start of one waits for the next buffer.
            let contentBytes = found ?? (buffer.readableBytes - buffer.withUnsafeReadableBytes { delimiterStart(atEndOf: $0) })
            part.append(buffer.readSlice(length: contentBytes)!)
            bytesSinceContent = 0
            // The parser is inside content with no match under way, as if it had read these bytes.
            parserTail = []
            if found == nil {
                carry = buffer
                return
            }
        }
        try parse(buffer)
        parserInContent = current != nil && parserTail.withUnsafeBytes { !endsInPossibleDelimiter($0) }
    }

    private func parse(_ buffer: ByteBuffer) throws {
        parserTail.append(contentsOf: buffer.readableBytesView.suffix(delimiter.count))
        parserTail.removeFirst(max(0, parserTail.count - delimiter.count))
        do {
            try parser.execute(buffer)
        } catch {
            // The parser knows no body without parts; such a body is a request without files.
            if isOnlyTheClosingDelimiter { return }
            throw APIError.invalidRequest("the multipart body is malformed", path: "body")
        }
    }

    /// Where the first whole delimiter starts, if there is one.
    private func firstDelimiter(in raw: UnsafeRawBufferPointer) -> Int? {
        guard let base = raw.baseAddress else { return nil }
        var start = 0
        while start + delimiter.count <= raw.count {
            guard let hit = memchr(base + start, Int32(delimiter[0]), raw.count - start) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            guard at + delimiter.count <= raw.count else { return nil }
            if memcmp(hit, delimiter, delimiter.count) == 0 { return at }
            start = at + 1
        }
        return nil
    }

    /// The length of the longest end of `raw` that is the start of a delimiter (at most one byte short of one).
    private func delimiterStart(atEndOf raw: UnsafeRawBufferPointer) -> Int {
        for length in stride(from: min(delimiter.count - 1, raw.count), to: 0, by: -1)
        where raw[raw.count - length] == delimiter[0] && raw[(raw.count - length)...].elementsEqual(delimiter.prefix(length)) {
            return length
        }
        return 0
    }

    /// Whether the parser, having read `raw` last, may be partway through a delimiter, or at the end
    /// of a whole one. It restarts a match only at a carriage return, which a delimiter holds only as
    /// its first byte, so that depends on the run from the last carriage return alone.
    private func endsInPossibleDelimiter(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let start = raw[max(0, raw.count - delimiter.count)...].lastIndex(of: delimiter[0]) else { return false }
        return raw[start...].elementsEqual(delimiter.prefix(raw.count - start))
    }

    /// Removes every file received; for a request refused after its body was read.
    private func discard() async {
        for part in finished + [current].compactMap({ $0 }) { await part.abandon() }
        current = nil
        finished = []
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ buffer: inout ByteBuffer) {
        bytesSinceContent = 0
        guard failure == nil, let part = current ?? openPart() else { return }
        part.append(buffer)
    }

    /// The parser calls this synchronously; the part's last write is awaited in `settleWrites`.
    private func finishPart() {
        guard failure == nil, let part = current ?? openPart() else { return }
        finished.append(part)
        current = nil
        headers = []
    }

    /// Starts the file of the part whose headers were just read, or records why it is refused.
    private func openPart() -> OpenPart? {
        let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
        let field = Self.parameter("name", in: disposition) ?? ""
        let path: String
        switch field {
        case "file": path = "file"
        case "files":
            path = "files[\(filesFields)]"
            filesFields += 1
        default:
            failure = APIError.invalidRequest("\(field.isEmpty ? "a part" : "the field \(field)") is not a file: send files as fields named file or files", path: field)
            return nil
        }
        guard partsOpened < Self.maxFiles else {
            failure = APIError.invalidRequest("\(path): at most \(Self.maxFiles) files may be sent in one request", path: path)
            return nil
        }
        let name = Self.parameter("filename", in: disposition) ?? "upload"
        guard Self.isPlainName(name) else {
            failure = APIError.invalidRequest(
                "\(path): the file name must be a plain name of at most 255 bytes, with no folder, '..' or control characters", path: path)
            return nil
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("part-\(partsOpened)")
            partsOpened += 1
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let part = OpenPart(handle: try FileHandle(forWritingTo: file), received: ReceivedFile(path: path, name: name, file: file, size: 0, sha256: ""))
            current = part
            return part
        } catch {
            failure = APIError(.internalServerError, "INTERNAL_ERROR", "the server could not save the upload")
            return nil
        }
    }

    private static let noFiles = APIError(.badRequest, "NO_FILES", "the request has no file: send them as form fields named file or files")

    private var isOnlyTheClosingDelimiter: Bool {
        received <= closing.count + 4 && files.isEmpty && Self.endsWith(closing, tail)
            && tail.drop { $0 == 13 || $0 == 10 }.starts(with: closing)
    }

    private func keepTail(_ buffer: ByteBuffer) {
        tail.append(contentsOf: buffer.readableBytesView.suffix(closing.count + 64))
        if tail.count > 2 * (closing.count + 64) { tail.removeFirst(tail.count - closing.count - 64) }
    }

    /// Whether the body's last bytes are the closing delimiter, give or take a line break.
    private static func endsWith(_ closing: [UInt8], _ tail: [UInt8]) -> Bool {
        let trimmed = tail.reversed().drop { $0 == 13 || $0 == 10 || $0 == 32 || $0 == 9 }.reversed()
        return Array(trimmed).suffix(closing.count) == closing[...]
    }

    /// A display name that no file system or shell could read as anything but one name.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }

    /// A parameter of a header such as `form-data; name="files"; filename="a.png"`; quoted values
    /// may hold `;` and escaped quotes.
    static func parameter(_ wanted: String, in header: String) -> String? {
        var index = header.startIndex
        while index < header.endIndex {
            guard let semicolon = header[index...].firstIndex(of: ";") else { return nil }
            index = header.index(after: semicolon)
            let rest = header[index...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = ""
            var cursor = rest.index(after: equals)
            if cursor < header.endIndex, header[cursor] == "\"" {
                cursor = header.index(after: cursor)
                while cursor < header.endIndex, header[cursor] != "\"" {
                    if header[cursor] == "\\", header.index(after: cursor) < header.endIndex { cursor = header.index(after: cursor) }
                    value.append(header[cursor])
                    cursor = header.index(after: cursor)
                }
                if cursor < header.endIndex { cursor = header.index(after: cursor) }
            } else {
                while cursor < header.endIndex, header[cursor] != ";" {
                    value.append(header[cursor])
                    cursor = header.index(after: cursor)
                }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if key == wanted { return value }
            index = cursor
        }
        return nil
    }
}

/// The file part being received. The parser hands content over in runs that end at every carriage
/// return of the data: they are gathered here and hashed and written a megabyte at a time, each
/// write running while the next megabyte arrives, one at a time and in order.
private final class OpenPart {
    private static let flushBytes = 1 << 20

    private let sink: ChunkSink
    private var pending = ByteBuffer()
    private var writing: Task<Void, any Error>?
    private(set) var received: ReceivedFile

    init(handle: FileHandle, received: ReceivedFile) {
        sink = ChunkSink(handle: handle)
        self.received = received
        pending.reserveCapacity(Self.flushBytes)
    }

    var isFull: Bool { pending.readableBytes >= Self.flushBytes }

    func append(_ buffer: ByteBuffer) {
        pending.writeImmutableBuffer(buffer)
        received.size += Int64(buffer.readableBytes)
    }

    /// Starts writing what was gathered, once the write before it has ended.
    func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let chunk = pending
        pending = ByteBuffer()
        pending.reserveCapacity(Self.flushBytes)
        try await writing?.value
        writing = Task { [sink] in try sink.write(chunk) }
    }

    /// The received file, whole on disk and hashed.
    func finish() async throws -> ReceivedFile {
        try await flush()
        try await writing?.value
        writing = nil
        sink.close()
        received.sha256 = sink.digest()
        return received
    }

    func abandon() async {
        _ = try? await writing?.value
        sink.close()
    }
}

/// Where a part's chunks go: its file, and the hash of everything written to it.
private final class ChunkSink: Sendable {
    private let handle: FileHandle
    private let hasher = Mutex(SHA256())

    init(handle: FileHandle) {
        self.handle = handle
    }

    func write(_ chunk: ByteBuffer) throws {
        hasher.withLock { hasher in chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
        try handle.write(contentsOf: chunk.readableBytesView)
    }

    func close() {
        try? handle.close()
    }

    func digest() -> String {
        Hex.string(hasher.withLock { $0.finalize() })
    }
}
