import AsyncHTTPClient
import Foundation
import ReelClient
import ReelStorage
import Testing

/// `reel serve --storage s3://…` against the moto server scripts/test.sh starts: an upload lands in
/// the bucket and renders from it, the output is stored there, and file URLs redirect to the bucket.
@Suite struct S3ServerTests {
    @Test func anUploadAndARenderLiveInTheBucketAndDownloadFromIt() async throws {
        let endpoint = try Self.endpoint()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-s3-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let storageURL = "s3://reel-\(UUID().uuidString.lowercased())/media"
        let bucket = S3Storage(
            location: try S3Location(storageURL: storageURL, endpoint: endpoint, region: "us-east-1"), credentials: credentials,
            cacheFolder: folder.appendingPathComponent("check"))
        try await bucket.createBucket()
        let data = folder.appendingPathComponent("data")
        let server = try await ServerProcess(
            dataDirectory: data, arguments: ["--storage", storageURL, "--s3-endpoint", endpoint],
            environment: ["AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey])
        defer { server.stop() }
        #expect(!server.logTail.contains(credentials.secretAccessKey), "the secret is never logged")
        let client = ReelClient(baseURL: server.url, apiKey: try #require(server.firstKey))

        let clip = try await makeMedia(folder.appendingPathComponent("clip.mp4"), "testsrc=size=320x180:rate=25:duration=1", ["-pix_fmt", "yuv420p"])
        let upload = try #require(try await client.upload([clip]).first)
        let accounts = try await bucket.entries(under: "uploads")
        #expect(accounts.count == 1)
        #expect(try await bucket.entries(under: try #require(accounts.first).key).count == 1, "the upload is in the bucket")

        let timeline = #"{"timeline":{"tracks":[{"clips":[{"asset":{"type":"video","src":"\#(upload.src)"},"start":0,"length":1}]}]},"output":{"format":"mp4","resolution":"preview"}}"#
        let submitted = try await client.submit(Data(timeline.utf8))
        let job = try await client.wait(for: submitted.id, every: .milliseconds(100), timeout: .seconds(60))
        try #require(job.status == "completed", "\(job)")
        #expect(try await bucket.contains("outputs/\(job.id)/output.mp4"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("outputs/\(job.id)").path), "nothing is kept in the data folder")

        let video = try await download(try #require(job.url), from: endpoint, to: folder.appendingPathComponent("out.mp4"))
        let probed = try #require(try await probeVideo(video))
        #expect(probed.codec == "h264" && probed.width == 512 && probed.height == 288, "\(probed)")
        let original = try await download(upload.url, from: endpoint, to: folder.appendingPathComponent("upload.mp4"))
        #expect(try Data(contentsOf: original) == Data(contentsOf: clip))

        let console = try await Self.noRedirects.execute(HTTPClientRequest(url: server.url + "/"), timeout: .seconds(30))
        let policy = console.headers.first(name: "Content-Security-Policy") ?? ""
        #expect(policy.contains("media-src 'self' \(endpoint) blob:") && policy.contains("img-src 'self' \(endpoint) data:"), "pages may show what redirects to the bucket: \(policy)")

        try await bucket.remove("outputs/\(job.id)")
        let gone = try await Self.noRedirects.execute(HTTPClientRequest(url: try #require(job.url)), timeout: .seconds(30))
        #expect(gone.status == .notFound, "a removed file is the server's 404, not a redirect to the bucket's")
    }

    @Test func aBucketThatCannotBeListedStopsTheStart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-s3-missing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = reelExecutable
        process.arguments = ["serve", "--port", String(try freePort()), "--data-dir", folder.path]
        // The variables this time, where the other test gives flags.
        let settings = [
            "REEL_STORAGE": "s3://reel-no-such-bucket/media", "REEL_S3_ENDPOINT": try Self.endpoint(), "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(settings) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let exited = await ExitWatch([process.processIdentifier], giveUpAfter: 30).exitedAt
        // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
        if exited == nil { kill(process.processIdentifier, SIGKILL) }
        try #require(exited != nil, "reel serve still ran 30 s after it was given a bucket that does not exist")
        let told = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(told.contains("NoSuchBucket"), "\(told)")
        #expect(!told.contains(credentials.secretAccessKey))
    }

    private let credentials = S3Credentials(accessKeyID: "reel-test", secretAccessKey: "reel-test-secret")

    private static func endpoint() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["REEL_TEST_S3_ENDPOINT"],
            "REEL_TEST_S3_ENDPOINT is not set: run scripts/test.sh, or `export REEL_TEST_S3_ENDPOINT=$(scripts/moto.sh start)` first")
    }

    /// Follows a file URL of the server by hand: it must answer a redirect into the bucket, whose URL needs no credentials.
    private func download(_ fileURL: String, from endpoint: String, to file: URL) async throws -> URL {
        let answer = try await Self.noRedirects.execute(HTTPClientRequest(url: fileURL), timeout: .seconds(30))
        #expect(answer.status == .found)
        let location = try #require(answer.headers.first(name: "Location"))
        #expect(location.hasPrefix(endpoint + "/") && location.contains("X-Amz-Signature="), "\(location)")
        let bytes = try await Self.noRedirects.execute(HTTPClientRequest(url: location), timeout: .seconds(30))
        #expect(bytes.status == .ok)
        try Data(try await bytes.body.collect(upTo: 64 << 20).readableBytesView).write(to: file)
        return file
    }

    private static let noRedirects = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
