import Crypto
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

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
    private let closing: [UInt8]
    private let folder: URL
    private let limit: Int
    private var files: [ReceivedFile] = []
    private var headers: [(String, String)] = []
    private var current: (handle: FileHandle, hasher: SHA256, received: ReceivedFile)?
    private var failure: APIError?
    private var received = 0
    private var bytesSinceContent = 0
    private var tail: [UInt8] = []
    private var filesFields = 0

    /// Refuses a request whose `Content-Type` is not multipart form data with a usable boundary.
    init(contentType: String?, folder: URL, limit: Int) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.parameter("boundary", in: contentType), (1...70).contains(boundary.utf8.count)
        else {
            throw APIError.invalidRequest("Content-Type: must be multipart/form-data with a boundary", path: "Content-Type")
        }
        parser = MultipartParser(boundary: boundary)
        closing = Array("--\(boundary)--".utf8)
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
                do {
                    try parser.execute(buffer)
                } catch {
                    // The parser knows no body without parts; such a body is a request without files.
                    if isOnlyTheClosingDelimiter { continue }
                    throw APIError.invalidRequest("the multipart body is malformed", path: "body")
                }
                if let failure { throw failure }
                guard bytesSinceContent <= Self.maxBytesBetweenContent else {
                    throw APIError.invalidRequest("the multipart body has more than \(Self.maxBytesBetweenContent) bytes of headers in a row", path: "body")
                }
            }
            guard received > 0, !isOnlyTheClosingDelimiter else { throw Self.noFiles }
            guard current == nil, headers.isEmpty, Self.endsWith(closing, tail) else {
                throw APIError.invalidRequest("the multipart body ends before its closing boundary", path: "body")
            }
            guard !files.isEmpty else { throw Self.noFiles }
            return files
        } catch {
            discard()
            throw error
        }
    }

    /// Removes every file received; for a request refused after its body was read.
    func discard() {
        try? current?.handle.close()
        current = nil
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ buffer: inout ByteBuffer) {
        bytesSinceContent = 0
        guard failure == nil, let part = current ?? openPart() else { return }
        var hasher = part.hasher
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        do {
            try part.handle.write(contentsOf: buffer.readableBytesView)
        } catch {
            failure = APIError(.internalServerError, "INTERNAL_ERROR", "the server could not save the upload")
            return
        }
        var received = part.received
        received.size += Int64(buffer.readableBytes)
        current = (part.handle, hasher, received)
    }

    private func finishPart() {
        guard failure == nil, let part = current ?? openPart() else { return }
        try? part.handle.close()
        var received = part.received
        received.sha256 = part.hasher.finalize().map { String(format: "%02x", $0) }.joined()
        files.append(received)
        current = nil
        headers = []
    }

    /// Starts the file of the part whose headers were just read, or records why it is refused.
    private func openPart() -> (handle: FileHandle, hasher: SHA256, received: ReceivedFile)? {
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
        guard files.count < Self.maxFiles else {
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
            let file = folder.appendingPathComponent("part-\(files.count)")
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let part = (try FileHandle(forWritingTo: file), SHA256(), ReceivedFile(path: path, name: name, file: file, size: 0, sha256: ""))
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
