import Foundation

/// What ffprobe says of a media file.
struct MediaInfo: Sendable, Equatable {
    var duration: Double?
    var width: Int?
    var height: Int?
    var hasVideo: Bool
    var hasAudio: Bool
    /// The picture has an alpha channel (a transparent PNG, say).
    var hasAlpha: Bool
}

struct MediaProbe {
    var ffprobePath: String

    func probe(_ file: URL) async throws(RenderError) -> MediaInfo {
        let process = FFmpegProcess(
            executable: ffprobePath,
            arguments: ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", "--", file.path],
            timeout: .seconds(30))
        let result: FFmpegProcess.Result
        do {
            result = try await process.run()
        } catch {
            throw RenderError(.internalError, "ffprobe could not run: \(error)")
        }
        guard result.status == 0, let report = try? JSONDecoder().decode(ProbeReport.self, from: result.stdout) else {
            throw RenderError(.invalidAsset, "is not a media file FFmpeg can read")
        }
        let video = report.streams.first { $0.codec_type == "video" }
        let audio = report.streams.first { $0.codec_type == "audio" }
        let durations = ([report.format?.duration] + report.streams.map(\.duration)).compactMap { $0.flatMap(Double.init) }
        let alphaFormats = ["rgba", "bgra", "argb", "abgr", "ya8", "ya16", "yuva", "gbrap", "pal8", "rgba64"]
        return MediaInfo(
            duration: durations.max(),
            width: video?.width, height: video?.height,
            hasVideo: video != nil, hasAudio: audio != nil,
            hasAlpha: video?.pix_fmt.map { format in alphaFormats.contains { format.hasPrefix($0) } } ?? false)
    }
}

private struct ProbeReport: Decodable {
    struct Stream: Decodable {
        var codec_type: String?
        var width: Int?
        var height: Int?
        var pix_fmt: String?
        var duration: String?
    }

    struct Format: Decodable {
        var duration: String?
    }

    var streams: [Stream]
    var format: Format?
}
