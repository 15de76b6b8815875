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
    /// ffprobe's names of the container (`mov,mp4,m4a,3gp,3g2,mj2`, `png_pipe`…) and of the first
    /// video and audio codecs: what an upload's type is decided from.
    var formatName: String = ""
    var videoCodec: String?
    var audioCodec: String?
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
        // A cover picture in an audio file is a video stream only in name.
        let video = report.streams.first { $0.codec_type == "video" && $0.disposition?.attached_pic != 1 }
        let audio = report.streams.first { $0.codec_type == "audio" }
        let durations = ([report.format?.duration] + report.streams.map(\.duration)).compactMap { $0.flatMap(Double.init) }
        let alphaFormats = ["rgba", "bgra", "argb", "abgr", "ya8", "ya16", "yuva", "gbrap", "pal8", "rgba64"]
        return MediaInfo(
            duration: durations.max(),
            width: video?.width, height: video?.height,
            hasVideo: video != nil, hasAudio: audio != nil,
            hasAlpha: video?.pix_fmt.map { format in alphaFormats.contains { format.hasPrefix($0) } } ?? false,
            formatName: report.format?.format_name ?? "", videoCodec: video?.codec_name, audioCodec: audio?.codec_name)
    }
}

private struct ProbeReport: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable {
            var attached_pic: Int?
        }

        var codec_type: String?
        var codec_name: String?
        var disposition: Disposition?
        var width: Int?
        var height: Int?
        var pix_fmt: String?
        var duration: String?
    }

    struct Format: Decodable {
        var duration: String?
        var format_name: String?
    }

    var streams: [Stream]
    var format: Format?
}
