import Foundation
import Testing

/// A Python HTTP server on loopback that the server under test talks to: a webhook receiver
/// that fails its first answers on purpose, or a folder of media files.
final class LoopbackPeer: @unchecked Sendable {
    let port: Int
    private let process = Process()

    private init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        try output.fileHandleForWriting.close()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        port = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), "the peer printed \(text)")
    }

    /// Answers 500 to the first `failures` POSTs and 200 after, `delay` seconds late, logging each request
    /// as a JSON line in `log` with the time it arrived.
    static func webhookReceiver(failures: Int, log: URL, delay: Double = 0) async throws -> LoopbackPeer {
        try await offPool { try LoopbackPeer(arguments: ["hooks", String(failures), log.path, String(delay)]) }
    }

    static func files(in folder: URL) async throws -> LoopbackPeer {
        try await offPool { try LoopbackPeer(arguments: ["files", folder.path]) }
    }

    /// Answers every GET with a 302 to `target`.
    static func redirecting(to target: String) async throws -> LoopbackPeer {
        try await offPool { try LoopbackPeer(arguments: ["redirect", target]) }
    }

    /// Answers every POST with 200 and `Content-Length: 100`, then sends one byte of the body a
    /// second; logs each request's event id and arrival time as a JSON line in `log`.
    static func tricklingReceiver(log: URL) async throws -> LoopbackPeer {
        try await offPool { try LoopbackPeer(arguments: ["trickle", log.path]) }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static let script = #"""
        import functools, http.server, json, sys, time
        mode = sys.argv[1]
        if mode == "files":
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
            handler.log_message = lambda *args: None
        elif mode == "redirect":
            class handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(302)
                    self.send_header("Location", sys.argv[2])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
        elif mode == "trickle":
            log = open(sys.argv[2], "a")
            class handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    self.rfile.read(int(self.headers["Content-Length"]))
                    log.write(json.dumps({"event": self.headers["Reel-Event-Id"], "at": time.time()}) + "\n")
                    log.flush()
                    self.send_response(200)
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    try:
                        for _ in range(100):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(1)
                    except OSError:
                        pass
                def log_message(self, *args):
                    pass
        else:
            failures, log, delay = int(sys.argv[2]), open(sys.argv[3], "a"), float(sys.argv[4])
            seen = [0]
            class handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers["Content-Length"]))
                    received = time.time()
                    time.sleep(delay)
                    seen[0] += 1
                    status = 500 if seen[0] <= failures else 200
                    log.write(json.dumps({"signature": self.headers["Reel-Signature"], "event": self.headers["Reel-Event-Id"],
                                          "body": body.decode(), "status": status, "received_at": received}) + "\n")
                    log.flush()
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}

/// Runs blocking work (waiting for a child process) on a thread of its own: the tests share the
/// concurrency pool's two threads with the servers they run, and a blocked pool stalls both.
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Processes whose command line mentions `text`, as pgrep sees them.
func processes(mentioning text: String) async -> [Int32] {
    (try? await offPool { processesBlocking(mentioning: text) }) ?? []
}

private func processesBlocking(mentioning text: String) -> [Int32] {
    let found = String(decoding: (try? programOutput(["pgrep", "-f", text])) ?? Data(), as: UTF8.self)
    return found.split(separator: "\n").compactMap { Int32($0) }
}

/// What a program found on the PATH writes to standard output, once it has exited.
func programOutput(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}
