import Foundation
import ReelClient
import Testing

/// The `reel` executable built next to the test bundle.
let reelExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reel")

/// `reel serve` as a child process on a free loopback port, so that it can be killed with SIGKILL.
final class ServerProcess: @unchecked Sendable {
    private(set) var port = 0
    private(set) var process = Process()
    /// The key printed on the first start of an empty data folder.
    private(set) var firstKey: String?

    var url: String { "http://127.0.0.1:\(port)" }

    /// `environment` is added to this process's own.
    init(dataDirectory: URL, arguments: [String] = [], environment: [String: String] = [:]) async throws {
        let environment = try await TestDatabases.environment(for: dataDirectory).merging(environment) { $1 }
        for _ in 0..<5 {
            port = try freePort()
            process = Process()
            process.executableURL = reelExecutable
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDirectory.path] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let key = try await start(process, port: port)
            firstKey = firstKey ?? key
            if process.isRunning {
                let listening = listens
                if !listening { stop() }
                try #require(listening, "reel serve did not say it listens on \(port) within 20 s:\n\(logTail)")
                return
            }
            // Another test's server may take the port between `freePort` and the bind: only that is worth
            // another port. Any other early exit is the server's own failure.
            try #require(logTail.contains("Address already in use"), "reel serve exited with status \(process.terminationStatus) as it started:\n\(logTail)")
        }
        Issue.record("reel serve found each of 5 ports taken:\n\(logTail)")
    }

    let log = FileManager.default.temporaryDirectory.appendingPathComponent("reel-server-log-\(UUID().uuidString).txt")

    /// What the server wrote to stderr: its log, for a failing test's message.
    var logTail: String { String((try? String(contentsOf: log, encoding: .utf8))?.suffix(3000) ?? "") }

    /// Whether the server's own log says it listens on its port; that something answers there could be another test's server.
    private var listens: Bool { logTail.contains("listening on 127.0.0.1:\(port)") }

    /// Starts the server and returns the key it printed, if any, once it listens or exits. Each start
    /// gets an empty log, so that what it holds is this start's story.
    private func start(_ process: Process, port: Int) async throws -> String? {
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        try output.fileHandleForWriting.close()
        let reader = output.fileHandleForReading
        // Keep reading stdout on a thread of its own so the server never blocks on a full pipe.
        let printed = PrintedKey()
        Thread {
            var text = ""
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: #"(?:sk-|reel_sk_)[A-Za-z0-9]{40}"#, options: .regularExpression) { printed.set(String(text[range])) }
            }
        }.start()
        return try await offPool {
            // The key is printed before the server listens, so a key missing then means the folder had keys already.
            let deadline = Date().addingTimeInterval(20)
            while !self.listens && process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            return printed.value
        }
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Asks the server to shut down and reaps it on a thread of its own: a graceful shutdown can take a
    /// while, and a wait here would hold one of the concurrency pool's two threads that other tests need.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        Thread { [process] in process.waitUntilExit() }.start()
    }

    /// Shuts the server down gracefully and returns once it has exited.
    func stopAndWait() async throws {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        try await offPool { [process] in process.waitUntilExit() }
    }
}

/// Polls the job until its render is under way past `progress` percent; fails the test with the job as
/// last seen if it ends first or is not there within `timeout`.
func waitUntilRendering(_ client: ReelClient, _ id: String, past progress: Double = 0, timeout: Duration = .seconds(30)) async throws {
    let deadline = Deadline(timeout, "job \(id) to render past \(progress)%")
    while true {
        let job = try await client.job(id)
        if job.stage == "rendering" && job.progress > progress { return }
        let seen = "\(job.status) \(job.stage ?? "-") \(job.progress)% \(job.error.map { "\($0.code): \($0.message)" } ?? "")"
        try #require(!job.isTerminal, "job \(id) ended before it rendered past \(progress)%: \(seen)")
        try deadline.check(seen: seen)
        try await Task.sleep(for: .milliseconds(25))
    }
}

private final class PrintedKey: @unchecked Sendable {
    private let lock = NSLock()
    private var key: String?

    func set(_ key: String) { lock.withLock { self.key = self.key ?? key } }
    var value: String? { lock.withLock { key } }
}

/// A port nothing listens on now: bind to port 0 and read what the kernel chose.
func freePort() throws -> Int {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
    }
    try #require(bound, "cannot bind a loopback socket")
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs `reel` with arguments to its end.
/// With `--data-dir`, the command uses that folder's test database.
func runReel(_ arguments: [String], environment: [String: String] = [:], in folder: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
    var database: [String: String] = [:]
    if let flag = arguments.firstIndex(of: "--data-dir"), flag + 1 < arguments.count {
        database = try await TestDatabases.environment(for: URL(fileURLWithPath: arguments[flag + 1]))
    }
    let environment = database.merging(environment) { $1 }
    return try await offPool {
        let process = Process()
        process.executableURL = reelExecutable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
