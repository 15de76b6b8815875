import Foundation
import ReelStore
import ReelTimeline

/// What the preview page shows: the player or the progress, the timeline's length, size and tracks.
enum PreviewPage {
    /// One progress event of the page's stream.
    struct Progress: Encodable {
        var status: String
        var stage: String?
        var progress: Double
        var url: String?
        var kind: String
        var error: String?

        init(_ job: Job, signer: FileSigner) {
            let shown = JobResource(job, signer: signer)
            status = shown.status
            stage = shown.stage
            progress = shown.progress
            url = shown.url
            kind = PreviewPage.kind(of: job.format)
            error = shown.error?.message
        }
    }

    static func values(preview: Preview, job: Job, signer: FileSigner, limits: TimelineLimits) -> [String: Any] {
        let progress = Progress(job, signer: signer)
        var values: [String: Any] = [
            "status": progress.status, "progress": plainNumber(progress.progress), "duration": plainNumber((preview.duration * 10).rounded() / 10),
            "expires": ISO8601DateFormatter().string(from: preview.expiresAt),
            "expiresShown": preview.expiresAt.formatted(Date.ISO8601FormatStyle(dateTimeSeparator: .space).year().month().day().time(includingFractionalSeconds: false)) + " UTC",
        ]
        if let url = progress.url, job.status == .completed {
            values["url"] = url
            values[progress.kind] = true
        }
        if let error = progress.error { values["error"] = error }
        if job.status == .canceled { values["error"] = "the preview's render was stopped" }
        if let asked = try? RenderRequest.parse(Data(preview.request.utf8), options: ValidationOptions(limits: limits)) {
            let size = asked.output.size
            values["size"] = size.description.replacingOccurrences(of: "x", with: "×")
            values["proxySize"] = PreviewProxy.size(of: size).description.replacingOccurrences(of: "x", with: "×")
            values["tracks"] = asked.timeline.tracks.enumerated().map { index, track in
                ["number": "\(index + 1)", "clips": track.clips.map { ["kind": kind(of: $0.asset), "label": label(of: $0.asset)] }] as [String: Any]
            }
        }
        return values
    }

    static func kind(of format: String?) -> String {
        switch format.flatMap(OutputFormat.init(rawValue:)) {
        case .jpg?, .png?: "image"
        case .mp3?, .wav?: "audio"
        default: "video"
        }
    }

    private static func kind(of asset: Asset) -> String {
        switch asset {
        case .video: "video"
        case .image: "image"
        case .text: "text"
        case .audio: "audio"
        case .color: "colour"
        case .caption: "captions"
        case .shape: "shape"
        case .svg: "SVG"
        case .speech: "speech"
        case .luma: "luma matte"
        }
    }

    /// A clip's text, or its file's name: never a whole URL, whose query may hold someone's credentials.
    private static func label(of asset: Asset) -> String {
        func name(_ source: MediaSource) -> String {
            switch source {
            case .url(let url): URL(string: url)?.lastPathComponent ?? "file"
            case .file(let path): URL(fileURLWithPath: path).lastPathComponent
            case .asset: "an upload"
            }
        }
        switch asset {
        case .video(let video): return name(video.src)
        case .image(let image): return name(image.src)
        case .audio(let audio): return name(audio.src)
        case .caption(let caption): return name(caption.src)
        case .luma(let luma): return name(luma.src)
        case .text(let text): return text.text.count > 80 ? String(text.text.prefix(80)) + "…" : text.text
        case .color(let color): return "#" + Hex.string([color.color.red, color.color.green, color.color.blue])
        case .shape: return "shape"
        case .svg: return "SVG"
        case .speech(let speech): return speech.text.count > 80 ? String(speech.text.prefix(80)) + "…" : speech.text
        }
    }
}

/// What the share page of a completed render shows.
enum WatchPage {
    static func values(job: Job, title: String, signer: FileSigner) -> [String: Any] {
        let shown = JobResource(job, signer: signer)
        let kind = PreviewPage.kind(of: job.format)
        var values: [String: Any] = ["title": title, kind: true, "url": shown.url ?? "", "format": job.format ?? ""]
        if let poster = shown.posterURL ?? shown.thumbnailURL { values["poster"] = poster }
        if let duration = job.duration { values["duration"] = plainNumber((duration * 10).rounded() / 10) }
        if let resolution = job.resolution { values["size"] = resolution.replacingOccurrences(of: "x", with: "×") }
        values["download"] = "\(job.id).\(job.format ?? "mp4")"
        return values
    }
}
