import Foundation
import Testing

/// Width, height and codec of the first video stream, by ffprobe.
func probeVideo(_ file: URL) async throws -> (codec: String, width: Int, height: Int)? {
    try await offPool { try probeVideoBlocking(file) }
}

private func probeVideoBlocking(_ file: URL) throws -> (codec: String, width: Int, height: Int)? {
    let text = String(
        decoding: try programOutput(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file.path]),
        as: UTF8.self)
    let fields = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
    guard fields.count == 3, let width = Int(fields[1]), let height = Int(fields[2]) else { return nil }
    return (String(fields[0]), width, height)
}

/// The mean colour of a region of the frame shown at `time` seconds, the region given in fractions of the
/// frame: ffmpeg cuts it out and scales it to one pixel by area, so whatever is drawn in it moves the mean.
func meanColor(of file: URL, at time: Double, x: Double, y: Double, width: Double, height: Double) async throws -> (r: Int, g: Int, b: Int) {
    let filter = "crop=iw*\(width):ih*\(height):iw*\(x):ih*\(y),scale=1:1:flags=area"
    let pixel = try await offPool {
        try programOutput(["ffmpeg", "-v", "error", "-ss", String(time), "-i", file.path, "-frames:v", "1", "-vf", filter, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
    }
    try #require(pixel.count == 3, "no frame at \(time) s in \(file.lastPathComponent)")
    return (Int(pixel[0]), Int(pixel[1]), Int(pixel[2]))
}
