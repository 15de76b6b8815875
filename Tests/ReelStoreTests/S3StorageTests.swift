import AsyncHTTPClient
import Crypto
import Foundation
import Testing

@testable import ReelStorage

/// What only the S3 backend does: parts, paging, presigned URLs, S3's errors. moto checks neither the
/// signature nor the expiry of a presigned URL, so those are held by `SignatureV4Tests`' published examples.
@Suite struct S3StorageTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-s3-\(UUID().uuidString)")

    /// `bytes` of /dev/urandom: no two parts alike, so a part sent twice or out of order changes the hash.
    private func file(_ name: String, bytes: Int) throws -> URL {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent(name)
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? random.close() }
        try random.readData(ofLength: bytes).write(to: file)
        return file
    }

    private func sha256(_ file: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: file)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aLargeFileGoesUpInPartsAndComesBackWhole() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"))
        let source = try file("large", bytes: 40 << 20)
        let hash = try sha256(source)
        try await storage.put(source, at: "uploads/acct_1/large.mp4")
        #expect(!FileManager.default.fileExists(atPath: source.path), "a put takes the file")
        let back = try #require(try await storage.localFile(at: "uploads/acct_1/large.mp4"))
        #expect(try sha256(back) == hash)
        let url = try #require(try await storage.downloadURL(for: "uploads/acct_1/large.mp4", lifetime: 60, presentation: .init(contentType: "video/mp4")))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
        // An object put in parts has the ETag of its parts' MD5s, followed by their count: 8 MiB parts, five of them.
        #expect(response.headers.first(name: "ETag")?.hasSuffix("-5\"") == true, "\(response.headers)")
    }

    @Test func aFailedMultipartUploadIsAbortedAndLeavesItsFile() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Parts under S3's 5 MiB least: every part goes up, and CompleteMultipartUpload refuses them.
        let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"), partSize: 1 << 20)
        let source = try file("parts", bytes: 3 << 20)
        let error = await #expect(throws: S3Error.self) { try await storage.put(source, at: "outputs/job_1/output.mp4") }
        #expect(error?.code == "EntityTooSmall")
        #expect(FileManager.default.fileExists(atPath: source.path))
        let pending = try await storage.client.call(.GET, objectKey: nil, query: [("uploads", "")])
        #expect(XMLNode.parse(pending.body)?.all("Upload").isEmpty == true, "\(String(decoding: pending.body, as: UTF8.self))")
        #expect(try await storage.contains("outputs/job_1/output.mp4") == false)
    }

    @Test func aPresignedURLDownloadsWithNoCredentialsAsPresented() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"))
        let source = try file("small", bytes: 1000)
        let bytes = try Data(contentsOf: source)
        try await storage.put(source, at: "uploads/acct_1/clip.mov")
        let presentation = DownloadPresentation(contentType: "video/quicktime", contentDisposition: "attachment; filename=\"my clip.mov\"")
        let url = try #require(try await storage.downloadURL(for: "uploads/acct_1/clip.mov", lifetime: 120, presentation: presentation))
        let query = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
        #expect(query.contains(URLQueryItem(name: "X-Amz-Expires", value: "120")))
        #expect(query.contains { $0.name == "X-Amz-Signature" && $0.value?.count == 64 })
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "Content-Type") == "video/quicktime")
        #expect(response.headers.first(name: "Content-Disposition") == "attachment; filename=\"my clip.mov\"")
        #expect(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView) == bytes)
    }

    @Test func aListingLongerThanOnePageIsReadToItsEnd() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"), listPageSize: 2)
        for job in 1...5 {
            for name in ["output.mp4", "poster.jpg"] { try await storage.put(try file("\(job)-\(name)", bytes: 10), at: "outputs/job_\(job)/\(name)") }
        }
        #expect(Set(try await storage.entries(under: "outputs").map(\.key)) == Set((1...5).map { "outputs/job_\($0)" }))
        #expect(try await storage.contains("outputs/job_3/poster.jpg"))
        try await storage.remove("outputs")
        #expect(try await storage.entries(under: "outputs").isEmpty)
        #expect(try await storage.contains("outputs/job_3/poster.jpg") == false)
    }

    @Test func aCachedCopyGoesWithItsKey() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache"))
        try await storage.put(try file("a", bytes: 10), at: "outputs/job_1/output.mp4")
        let copy = try #require(try await storage.localFile(at: "outputs/job_1/output.mp4"))
        #expect(try await storage.localFile(at: "outputs/job_1/output.mp4") == copy, "a second read uses the copy")
        try await storage.remove("outputs/job_1")
        #expect(!FileManager.default.fileExists(atPath: copy.path))
        #expect(try await storage.localFile(at: "outputs/job_1/output.mp4") == nil)
    }

    @Test func theCacheKeepsToItsCapButNotAgainstACopyJustUsed() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (keep, kept) in [(0.0, ["job_2", "job_3"]), (3600, ["job_1", "job_2", "job_3"])] {
            let storage = try await TestBucket.storage(cacheFolder: scratch.appendingPathComponent("cache-\(keep)"), cacheBytes: 25, keepCopiesUsedWithin: keep)
            var copies: [String: URL] = [:]
            for job in ["job_1", "job_2", "job_3"] {
                try await storage.put(try file(job, bytes: 10), at: "outputs/\(job)/output.mp4")
                copies[job] = try #require(try await storage.localFile(at: "outputs/\(job)/output.mp4"))
            }
            #expect(copies.keys.sorted().filter { FileManager.default.fileExists(atPath: copies[$0]!.path) } == kept, "kept for \(keep) s")
        }
    }

    @Test func theServicesErrorsCarryTheirCode() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let location = try S3Location(storageURL: "s3://reel-no-such-bucket-\(UUID().uuidString.lowercased().prefix(8))", endpoint: try TestBucket.endpoint(), region: "us-east-1")
        let storage = S3Storage(location: location, credentials: TestBucket.credentials, cacheFolder: scratch)
        let source = try file("x", bytes: 10)
        let error = await #expect(throws: S3Error.self) { try await storage.put(source, at: "uploads/x") }
        #expect(error?.code == "NoSuchBucket")
        #expect(FileManager.default.fileExists(atPath: source.path), "a failed put leaves its file")
        await #expect(throws: S3Error.self) { try await storage.checkAccess() }
    }

    @Test func aStorageURLNamesBucketPrefixAndAddressing() throws {
        let aws = try S3Location(storageURL: "s3://media-bucket/reel/prod/", endpoint: nil, region: "eu-west-1")
        #expect(aws.bucket == "media-bucket")
        #expect(aws.prefix == "reel/prod")
        #expect(aws.endpoint.absoluteString == "https://s3.eu-west-1.amazonaws.com")
        #expect(!aws.pathStyle)
        let local = try S3Location(storageURL: "s3://media-bucket", endpoint: "http://127.0.0.1:9000", region: "us-east-1")
        #expect(local.prefix == "")
        #expect(local.pathStyle)
        #expect(throws: S3LocationError.self) { try S3Location(storageURL: "s3://Bad_Bucket/x", endpoint: nil, region: "us-east-1") }
        #expect(throws: S3LocationError.self) { try S3Location(storageURL: "s3://bucket", endpoint: "ftp://host", region: "us-east-1") }
    }
}
