import Foundation
import Testing

/// Python's `http.server` serving a folder on loopback, with its request log,
/// so asset downloads go over real HTTP.
final class StaticFileServer: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let log = Pipe()

    init(serving folder: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path]
        let banner = Pipe()
        process.standardOutput = banner
        process.standardError = log
        try process.run()
        // The child has its own copies; without closing ours, reading to the end never ends.
        try banner.fileHandleForWriting.close()
        try log.fileHandleForWriting.close()
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        var text = ""
        while !text.contains("\n") {
            let chunk = banner.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let words = text.split(separator: " ")
        port = try #require(words.firstIndex(of: "port").flatMap { Int(words[$0 + 1]) }, "no port in \(text)")
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// Stops the server and returns how many GET requests it answered for `path`.
    func stop(countingRequestsFor path: String) -> Int {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.components(separatedBy: "\"GET /\(path) ").count - 1
    }
}
