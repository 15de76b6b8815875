import Foundation
import Testing

/// What ffprobe reads from a rendered file.
struct ProbedFile {
    var formatName: String
    var duration: Double
    var videoCodec: String?
    var audioCodec: String?
    var width: Int?
    var height: Int?
    var frameRate: Double?

    init(_ file: URL) async throws {
        let output = try await run("/usr/bin/ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file.path])
        let report = try JSONDecoder().decode(Report.self, from: output)
        let video = report.streams.first { $0.codec_type == "video" }
        let audio = report.streams.first { $0.codec_type == "audio" }
        formatName = report.format.format_name
        duration = Double(report.format.duration ?? "0") ?? 0
        videoCodec = video?.codec_name
        audioCodec = audio?.codec_name
        width = video?.width
        height = video?.height
        frameRate = video?.r_frame_rate.flatMap { rate in
            let parts = rate.split(separator: "/").compactMap { Double($0) }
            return parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : nil
        }
    }

    private struct Report: Decodable {
        struct Stream: Decodable {
            var codec_type: String?
            var codec_name: String?
            var width: Int?
            var height: Int?
            var r_frame_rate: String?
        }

        struct Format: Decodable {
            var format_name: String
            var duration: String?
        }

        var streams: [Stream]
        var format: Format
    }
}

/// One decoded frame as RGB bytes.
struct Frame: CustomStringConvertible {
    var description: String { "\(width)x\(height) frame, centre \(pixel(at: 0.5, 0.5))" }

    var width: Int
    var height: Int
    var rgb: [UInt8]

    /// A frame of one colour.
    init(width: Int, height: Int, color: (UInt8, UInt8, UInt8)) {
        self.width = width
        self.height = height
        rgb = Array((0..<width * height).map { _ in [color.0, color.1, color.2] }.joined())
    }

    /// The frame shown at `time` seconds.
    init(of file: URL, at time: Double) async throws {
        let probe = try await ProbedFile(file)
        width = try #require(probe.width)
        height = try #require(probe.height)
        var arguments = ["-v", "error"]
        if time > 0 { arguments += ["-ss", String(time)] }
        arguments += ["-i", file.path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
        rgb = Array(try await run("/usr/bin/ffmpeg", arguments))
        try #require(rgb.count == width * height * 3, "no frame at \(time) s in \(file.lastPathComponent)")
    }

    func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
        let index = (y * width + x) * 3
        return (Int(rgb[index]), Int(rgb[index + 1]), Int(rgb[index + 2]))
    }

    /// The pixel at fractions of the frame.
    func pixel(at x: Double, _ y: Double) -> (r: Int, g: Int, b: Int) {
        pixel(min(width - 1, Int(Double(width) * x)), min(height - 1, Int(Double(height) * y)))
    }

    /// The frame has `colour` at a point, within the tolerance video coding leaves.
    func isColor(_ expected: (Int, Int, Int), at x: Double, _ y: Double, tolerance: Int = 24) -> Bool {
        let actual = pixel(at: x, y)
        return abs(actual.r - expected.0) <= tolerance && abs(actual.g - expected.1) <= tolerance
            && abs(actual.b - expected.2) <= tolerance
    }

    /// How many pixels of a region differ noticeably from `other`.
    func changedPixels(from other: Frame, x: Range<Int>, y: Range<Int>) -> Int {
        var count = 0
        for row in y {
            for column in x {
                let a = pixel(column, row)
                let b = other.pixel(column, row)
                if abs(a.r - b.r) + abs(a.g - b.g) + abs(a.b - b.b) > 60 { count += 1 }
            }
        }
        return count
    }
}

/// Runs a program to its end on a thread of its own, so waiting for it never holds
/// a thread of the concurrency pool that the renders under test need.
@discardableResult
func run(_ executable: String, _ arguments: [String]) async throws -> Data {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try runBlocking(executable, arguments) }) }.start()
    }
}

private func runBlocking(_ executable: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}
