import Foundation
import Testing

@testable import ReelStorage

/// A storage service that is briefly overloaded: each request is tried again a few times before it fails.
@Suite struct S3RetryTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-s3-retry-\(UUID().uuidString)")

    @Test(arguments: [(2, true), (3, false)])
    func aSlowDownIsTriedAgainAFewTimes(failures: Int, succeeds: Bool) async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let service = try await SlowDownService(failures: failures)
        defer { service.stop() }
        let storage = S3Storage(
            location: try S3Location(storageURL: "s3://busy-bucket", endpoint: service.endpoint, region: "us-east-1"),
            credentials: S3Credentials(accessKeyID: "reel-test", secretAccessKey: "reel-test-secret"), cacheFolder: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent("output.mp4")
        try Data("video".utf8).write(to: file)
        if succeeds {
            try await storage.put(file, at: "outputs/job_1/output.mp4")
        } else {
            let error = await #expect(throws: S3Error.self) { try await storage.put(file, at: "outputs/job_1/output.mp4") }
            #expect(error?.code == "SlowDown" && error?.status == 503)
        }
        #expect(FileManager.default.fileExists(atPath: file.path) != succeeds)
    }
}

/// An HTTP server that answers its first `failures` requests 503 `SlowDown`, and any later one 200.
private final class SlowDownService: @unchecked Sendable {
    private let process = Process()
    let endpoint: String

    init(failures: Int) async throws {
        let script = """
            import http.server, sys
            class Handler(http.server.BaseHTTPRequestHandler):
                seen = 0
                def do_PUT(self):
                    Handler.seen += 1
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    busy = Handler.seen <= \(failures)
                    body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>" if busy else b""
                    self.send_response(503 if busy else 200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *arguments):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let port: String
        do {
            port = try await withDeadline(.seconds(10)) {
                String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
        endpoint = "http://127.0.0.1:\(port)"
    }

    /// SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
    func stop() { kill(process.processIdentifier, SIGKILL) }
}
