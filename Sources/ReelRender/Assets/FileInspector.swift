import Foundation

/// What an uploaded file is, decided from its bytes alone: never from its name or the type its
/// sender claimed (the README's "Uploads").
public struct InspectedFile: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case image, video, audio, font, caption
    }

    public var kind: Kind
    /// The type it is served with: one of a fixed few, never one a browser would run.
    public var mimeType: String
    /// The extension it is stored with, so that ffmpeg and fontconfig read it as what it is.
    public var fileExtension: String
    public var width: Int?
    public var height: Int?
    public var duration: Double?
}

extension Renderer {
    /// Decides what `file` is, or refuses it with `INVALID_ASSET` saying why. Media must be
    /// readable by ffprobe in a container and codec Reel renders, and its last half second must
    /// decode: a truncated file is refused here, not halfway through a render.
    public func inspect(_ file: URL) async throws(RenderError) -> InspectedFile {
        let head = Self.head(of: file)
        guard !head.isEmpty else { throw RenderError(.invalidAsset, "the file is empty") }
        if let image = ImageHeader(head) {
            return InspectedFile(kind: .image, mimeType: image.mimeType, fileExtension: image.fileExtension, width: image.width, height: image.height)
        }
        if let font = Self.font(head) {
            guard FontMetrics(file: file) != nil else { throw RenderError(.invalidAsset, "looks like a font but its tables cannot be read") }
            return font
        }
        if Self.looksLikeText(head) { return try Self.caption(file) }
        let info: MediaInfo
        do {
            info = try await MediaProbe(ffprobePath: configuration.ffprobePath).probe(file)
        } catch {
            throw RenderError(.invalidAsset, "is not an image, video, audio, font or caption file")
        }
        let formats = Set(info.formatName.split(separator: ",").map(String.init))
        guard let container = Self.containers.first(where: { !formats.isDisjoint(with: $0.formats) }) else {
            throw RenderError(.invalidAsset, "is a \(info.formatName) file, which is not an image, video, audio, font or caption format Reel reads")
        }
        guard let duration = info.duration, duration > 0 else { throw RenderError(.invalidAsset, "is a media file with no duration") }
        try await decodesToTheEnd(file, duration: duration)
        if info.videoCodec != nil {
            return InspectedFile(
                kind: .video, mimeType: container.videoType, fileExtension: container.fileExtension, width: info.width, height: info.height,
                duration: duration)
        }
        guard info.audioCodec != nil else { throw RenderError(.invalidAsset, "has neither pictures nor sound") }
        return InspectedFile(kind: .audio, mimeType: container.audioType, fileExtension: container.audioExtension, duration: duration)
    }

    private static let containers:
        [(formats: Set<String>, videoType: String, audioType: String, fileExtension: String, audioExtension: String)] = [
            (["mov", "mp4"], "video/mp4", "audio/mp4", "mp4", "m4a"),
            (["matroska", "webm"], "video/webm", "audio/webm", "mkv", "mka"),
            (["avi"], "video/x-msvideo", "audio/x-wav", "avi", "avi"),
            (["mpegts"], "video/mp2t", "audio/mp2t", "ts", "ts"),
            (["mp3"], "video/mpeg", "audio/mpeg", "mp3", "mp3"),
            (["wav"], "video/x-msvideo", "audio/wav", "wav", "wav"),
            (["flac"], "audio/flac", "audio/flac", "flac", "flac"),
            (["ogg"], "video/ogg", "audio/ogg", "ogg", "ogg"),
            (["aac"], "audio/aac", "audio/aac", "aac", "aac"),
        ]

    /// Decodes the last half second and fails on any error ffmpeg reports: where a truncated
    /// file shows, at little cost however long the file is.
    private func decodesToTheEnd(_ file: URL, duration: Double) async throws(RenderError) {
        let from = max(0, duration - 0.5)
        let process = FFmpegProcess(
            executable: configuration.ffmpegPath,
            arguments: ["-v", "error", "-xerror", "-ss", String(format: "%.3f", from), "-i", file.path, "-f", "null", "-"], timeout: .seconds(30))
        let result: FFmpegProcess.Result
        do {
            result = try await process.run()
        } catch {
            throw RenderError(.internalError, "ffmpeg could not run: \(error)")
        }
        guard result.status == 0, result.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw RenderError(.invalidAsset, "is cut short or damaged: its end does not decode") }
    }

    private static func head(of file: URL) -> [UInt8] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: ImageHeader.bytesNeeded)) ?? Data())
    }

    private static func font(_ head: [UInt8]) -> InspectedFile? {
        switch Array(head.prefix(4)) {
        case [0, 1, 0, 0], Array("true".utf8): InspectedFile(kind: .font, mimeType: "font/ttf", fileExtension: "ttf")
        case Array("OTTO".utf8): InspectedFile(kind: .font, mimeType: "font/otf", fileExtension: "otf")
        default: nil
        }
    }

    /// UTF-8 text with no control characters but line breaks and tabs: only captions are text.
    private static func looksLikeText(_ head: [UInt8]) -> Bool {
        var bytes = head.prefix(4096)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // What is read may end inside a character.
        let decoded = String(decoding: bytes.prefix(max(0, bytes.count - 3)), as: UTF8.self)
        return !decoded.contains("\u{FFFD}")
            && decoded.unicodeScalars.allSatisfy { $0.value >= 0x20 || $0 == "\n" || $0 == "\r" || $0 == "\t" }
    }

    /// SRT or WebVTT with at least one cue; any other text (HTML, scripts) is refused.
    private static func caption(_ file: URL) throws(RenderError) -> InspectedFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= CaptionParser.maxFileBytes else {
            throw RenderError(.invalidAsset, "is text of \(size) bytes; caption files are at most \(CaptionParser.maxFileBytes)")
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { throw RenderError(.invalidAsset, "is text that is not UTF-8") }
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : text[...]
        let isWebVTT = body.hasPrefix("WEBVTT")
        let cues = try CaptionParser.parse(text)
        guard !cues.isEmpty, isWebVTT || Self.startsLikeSRT(body) else {
            throw RenderError(.invalidAsset, "is text, but not SRT or WebVTT captions")
        }
        return InspectedFile(
            kind: .caption, mimeType: isWebVTT ? "text/vtt; charset=utf-8" : "application/x-subrip; charset=utf-8",
            fileExtension: isWebVTT ? "vtt" : "srt", duration: cues.end)
    }

    /// An SRT file begins with a cue number, then its timing line.
    private static func startsLikeSRT(_ text: Substring) -> Bool {
        let lines = text.split(whereSeparator: \.isNewline).prefix(2)
        return lines.count == 2 && lines.first!.trimmingCharacters(in: .whitespaces).allSatisfy(\.isNumber) && lines.last!.contains("-->")
    }
}
