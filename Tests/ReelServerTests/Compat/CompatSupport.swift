import Crypto
import Foundation
import HummingbirdTesting
import Testing

/// Runs a vendor document's code sample as its users would: curl through `/bin/sh`, Python with the
/// `requests` of `.build-tools/compat` (scripts/install-test-tools.sh), JavaScript with node. The
/// sample is passed as an argument, never written as a script (ETXTBSY with parallel forks).
enum Sample {
    static func shell(_ script: String, environment: [String: String] = [:]) async throws -> String {
        try await run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: environment)
    }

    /// `venv` is another folder of `.build-tools`, for a vendor's own client (Shotstack's in `shotstack`).
    static func python(_ code: String, arguments: [String] = [], venv: String = "compat") async throws -> String {
        let python = OpenAPITests.packageRoot.appendingPathComponent(".build-tools/\(venv)/bin/python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "run scripts/install-test-tools.sh to install \(venv)")
        return try await run(python, ["-c", code] + arguments)
    }

    static func node(_ module: String) async throws -> String {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), ["node", "--input-type=module", "-e", module])
    }

    /// The sample's standard output; it fails the test, with its error output, unless the sample exits 0.
    private static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let (status, output, errors) = try await offPool {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let (output, errors) = (Pipe(), Pipe())
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // A polling sample whose job never ends would poll for ever: the test fails instead.
            let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
            defer { watchdog.cancel() }
            // Read both to their ends at once: a sample that fills one pipe must not block on it.
            nonisolated(unsafe) var errorText = Data()
            let reader = Thread { errorText = errors.fileHandleForReading.readDataToEndOfFile() }
            reader.start()
            let text = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            while !reader.isFinished { usleep(1000) }
            return (process.terminationStatus, String(decoding: text, as: UTF8.self), String(decoding: errorText, as: UTF8.self))
        }
        try #require(status == 0, "the sample exited \(status): \(output)\n\(errors)")
        return output
    }
}

/// The JSON object a sample printed.
func sampleJSON(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
}

extension TestClientProtocol {
    /// The server's base URL for a sample, as its users would set it.
    func base(_ surface: String) throws -> String { "http://127.0.0.1:\(try #require(port))/compat/\(surface)" }

    /// Downloads a signed output URL and requires a real, playable preview-sized video.
    func requireVideo(at url: String, in folder: URL) async throws {
        let download = try await call(.get, try pathAndQuery(url))
        try #require(download.status == .ok, "downloading \(url): \(download.status)")
        let file = folder.appendingPathComponent("\(UUID().uuidString).mp4")
        try Data(download.body.readableBytesView).write(to: file)
        let video = try #require(try await probeVideo(file), "\(url) is no video")
        #expect(video.codec == "h264" && video.width == 512 && video.height == 288)
    }
}

/// A webhook receiver on loopback that accepts everything, and what it received.
struct WebhookLog {
    let receiver: LoopbackPeer
    let file: URL

    static func start() async throws -> WebhookLog {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reel-compat-hooks-\(UUID().uuidString).jsonl")
        return WebhookLog(receiver: try await LoopbackPeer.webhookReceiver(failures: 0, log: file), file: file)
    }

    func url(_ path: String) -> String { receiver.url(path) }

    func stop() {
        receiver.stop()
        try? FileManager.default.removeItem(at: file)
    }

    /// The bodies of the first `count` webhooks, once they arrived, each checked to be signed with
    /// `secret` as native webhooks are.
    func signedBodies(count: Int, secret: String) async throws -> [[String: Any]] {
        // A render first: on a loaded machine a chunked one took longer than 30 s.
        let deadline = Deadline(.seconds(60), "\(count) webhooks")
        while true {
            let lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= count { return try lines.map { try Self.signedBody($0, secret: secret) } }
            try deadline.check(seen: "\(lines)")
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func signedBody(_ line: Substring, secret: String) throws -> [String: Any] {
        let request = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let header = try #require(request["signature"] as? String)
        let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }.map { ($0[0], $0[1]) })
        let body = try #require(request["body"] as? String)
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(parts["t"] ?? "").\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        #expect(parts["v1"] == expected.map { String(format: "%02x", $0) }.joined())
        return try sampleJSON(body)
    }
}
