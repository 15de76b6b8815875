import Foundation

/// A large file in parts: CreateMultipartUpload, one UploadPart per `partSize` bytes sent from disk,
/// CompleteMultipartUpload; on any failure AbortMultipartUpload, so no half upload is left to be billed.
struct S3Multipart {
    let client: S3Client
    let partSize: Int64

    func upload(_ file: FileRegion, to objectKey: String) async throws {
        let created = try await client.call(.POST, objectKey: objectKey, query: [("uploads", "")])
        guard let uploadID = XMLNode.parse(created.body)?.value("UploadId") else {
            throw S3Error(status: 200, code: "MalformedAnswer", message: "CreateMultipartUpload named no UploadId", request: "POST \(objectKey)?uploads")
        }
        do {
            var tags: [String] = []
            var offset: Int64 = 0
            while offset < file.length || tags.isEmpty {
                let part = FileRegion(file: file.file, offset: offset, length: min(partSize, file.length - offset))
                let number = tags.count + 1
                let sent = try await client.call(
                    .PUT, objectKey: objectKey, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                    body: .file(part, sha256: try part.sha256()))
                guard let tag = sent.head.headers.first(name: "ETag") else {
                    throw S3Error(status: 200, code: "MalformedAnswer", message: "UploadPart answered no ETag", request: "PUT \(objectKey) part \(number)")
                }
                tags.append(tag)
                offset += part.length
            }
            try await complete(objectKey, uploadID: uploadID, tags: tags)
        } catch {
            _ = try? await client.call(.DELETE, objectKey: objectKey, query: [("uploadId", uploadID)], expected: [204, 200, 404])
            throw error
        }
    }

    /// S3 may answer 200 and still have failed: the error is then the body.
    private func complete(_ objectKey: String, uploadID: String, tags: [String]) async throws {
        let parts = tags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\(Self.escaped($0.element))</ETag></Part>" }
        let body = Data("<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>".utf8)
        let answer = try await client.call(.POST, objectKey: objectKey, query: [("uploadId", uploadID)], headers: [("Content-Type", "application/xml")], body: .bytes(body))
        if XMLNode.parse(answer.body)?.name == "Error" { throw S3Error(status: 200, body: answer.body, request: "POST \(objectKey)?uploadId") }
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
