import Foundation

/// Small copies of video sources that preview renders read instead of the originals (the README's
/// "Previews"). A proxy's picture is a few hundred pixels tall, yet decoding a 720p or 1080p source
/// costs the same whatever the output: with the sources' full decode gone, a preview of a montage of
/// HD clips costs a fraction of its full render. A proxy keeps the source's frame timing and its audio
/// as it is, so clips cut from it start and end on the same frames. Proxies are named by the source's
/// SHA-256, made by the first preview that reads the source and kept under a size cap, least recently
/// used first.
struct ProxyMedia: Sendable {
    /// Sources whose short edge is this or less decode cheaply enough as they are.
    static let smallestWorthAProxy = 360
    static let shortEdge = 288

    let cache: AssetCache
    let ffmpegPath: String

    /// Whether `info` describes a video worth a proxy: large, and without an alpha channel that a proxy would lose.
    static func worthAProxy(_ info: MediaInfo) -> Bool {
        guard info.hasVideo, !info.hasAlpha, let width = info.width, let height = info.height else { return false }
        return min(width, height) > smallestWorthAProxy
    }

    static func name(forHash hash: String) -> String { "\(hash).mkv" }

    func file(forHash hash: String) -> URL { cache.directory.appendingPathComponent(Self.name(forHash: hash)) }

    /// The proxy of the source whose SHA-256 is `hash`, made from `source` if it is not kept yet.
    /// Cancelling the calling task stops ffmpeg.
    func proxy(of source: URL, hash: String, timeout: Duration?) async throws(RenderError) -> URL {
        try await cache.keep(Self.name(forHash: hash), describedAs: "the preview proxy of \(source.lastPathComponent)") { partial throws(RenderError) in
            // Landscape sources get a 288-line picture, portrait ones 288 columns, both the other side even;
            // the frames keep their timestamps, and the audio is copied untouched.
            let scale = "scale='if(gte(iw,ih),-2,\(Self.shortEdge))':'if(gte(iw,ih),\(Self.shortEdge),-2)'"
            let arguments = [
                "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", source.path, "-map", "0:v:0", "-map", "0:a:0?", "-vf", scale,
                "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "26", "-g", "15", "-pix_fmt", "yuv420p",
                "-c:a", "copy", "-f", "matroska", partial.path,
            ]
            let result: FFmpegProcess.Result
            do throws(FFmpegProcess.Failure) {
                result = try await FFmpegProcess(executable: ffmpegPath, arguments: arguments, timeout: timeout).run()
            } catch {
                throw Renderer.renderError(error, timeout: timeout ?? .seconds(0))
            }
            guard result.status == 0 else {
                throw RenderError(.renderFailed, "could not make a preview proxy of \(source.lastPathComponent): \(result.stderrTail)")
            }
        }
    }
}
