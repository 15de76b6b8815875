import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Runs a tool to its end off the concurrency pool and returns what it wrote to stdout.
func runTool(_ arguments: [String]) async throws -> Data {
    try await offPool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ToolFailed(arguments: arguments) }
        return data
    }
}

struct ToolFailed: Error {
    var arguments: [String]
}

/// Makes a file with ffmpeg from lavfi sources: `ffmpeg -f lavfi -i SOURCE ARGUMENTS… file`.
@discardableResult
func makeMedia(_ file: URL, _ source: String, _ arguments: [String] = []) async throws -> URL {
    _ = try await runTool(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source] + arguments + [file.path])
    return file
}

/// The colours of a `width`×`height` region at (x, y) of the frame shown at `seconds`.
func region(of video: URL, at seconds: Double, x: Int, y: Int, width: Int, height: Int) async throws -> [(r: Int, g: Int, b: Int)] {
    let bytes = try await runTool([
        "ffmpeg", "-v", "error", "-ss", String(seconds), "-i", video.path, "-frames:v", "1", "-vf", "format=rgb24,crop=\(width):\(height):\(x):\(y)",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
    ])
    guard bytes.count == width * height * 3 else { throw ToolFailed(arguments: ["region", video.path]) }
    return stride(from: 0, to: bytes.count, by: 3).map { (Int(bytes[$0]), Int(bytes[$0 + 1]), Int(bytes[$0 + 2])) }
}

/// The colour of the pixel at (x, y) of the frame shown at `seconds`.
func pixel(of video: URL, at seconds: Double, x: Int, y: Int) async throws -> (r: Int, g: Int, b: Int) {
    try await region(of: video, at: seconds, x: x, y: y, width: 1, height: 1)[0]
}

func isClose(_ pixel: (r: Int, g: Int, b: Int), to expected: (Int, Int, Int), tolerance: Int = 40) -> Bool {
    abs(pixel.r - expected.0) <= tolerance && abs(pixel.g - expected.1) <= tolerance && abs(pixel.b - expected.2) <= tolerance
}

/// A `multipart/form-data` body, and its `Content-Type`.
struct MultipartBody {
    static let boundary = "reel-test-boundary-7d1f"
    var data = Data()

    mutating func add(field: String, filename: String, contentType: String = "application/octet-stream", _ content: Data) {
        data.append(Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        data.append(content)
        data.append(Data("\r\n".utf8))
    }

    /// The body, closed unless `closed` is false.
    func finished(closed: Bool = true) -> Data {
        closed ? data + Data("--\(Self.boundary)--\r\n".utf8) : data
    }

    static let contentType = "multipart/form-data; boundary=\(boundary)"
}

extension TestClientProtocol {
    func upload(_ body: Data, key: String, contentType: String = MultipartBody.contentType) async throws -> TestResponse {
        try await execute(
            uri: "/v1/uploads", method: .post, headers: [.authorization: "Bearer \(key)", .contentType: contentType], body: ByteBuffer(bytes: body))
    }
}
