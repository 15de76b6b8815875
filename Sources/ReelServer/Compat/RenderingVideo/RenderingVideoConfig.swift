import Foundation
import Hummingbird
import ReelTimeline

/// RenderingVideo's video `config` (seed 004) read as a Reel render request: `meta` {version, width,
/// height, fps, background} becomes the output's `size` and `fps` and the timeline's background, and
/// each `tracks[].clips[]` {type, start, duration, text | src} a clip of the same track. What cannot be
/// translated is refused with `INVALID_CONFIG`, naming its JSON path (`config.tracks[0].clips[1].type`),
/// never ignored.
struct RenderingVideoConfig {
    static let metaFields = ["version", "width", "height", "fps", "background"]
    static let clipFields = ["type", "start", "duration", "text", "src"]
    /// RenderingVideo's clip types, and the Reel asset type each becomes.
    static let clipTypes = ["text": "text", "image": "image", "video": "video", "audio": "audio"]
    /// The frame rates Reel encodes.
    static let frameRates = [12, 15, 23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60]

    /// The native render request: `{timeline, output: {format: mp4, size, fps}}`.
    var request: JSONValue
    var width: Int
    var height: Int
    var fps: Double
    /// Seconds: the end of the clip that ends last.
    var duration: Double

    /// RenderingVideo's quality name for the size: by its short edge, 2k from 1440, 1080p from 1080, else 720p.
    var quality: String { Self.quality(width: width, height: height) }

    static func quality(width: Int, height: Int) -> String {
        let shortEdge = min(width, height)
        return shortEdge >= 1440 ? "2k" : shortEdge >= 1080 ? "1080p" : "720p"
    }

    init(_ config: JSONValue?, at path: String = "config") throws {
        guard case .object(let fields)? = config else { throw Self.invalid(path, "is required, an object {meta, tracks}") }
        try Self.known(fields, ["meta", "tracks"], at: path)
        guard case .object(let meta)? = fields["meta"] else { throw Self.invalid("\(path).meta", "is required, an object {\(Self.metaFields.joined(separator: ", "))}") }
        try Self.known(meta, Self.metaFields, at: "\(path).meta")
        if let version = meta["version"], version != .null {
            guard case .string = version else { throw Self.invalid("\(path).meta.version", "must be a string, e.g. 2.0.0") }
        }
        width = try Self.dimension(meta["width"], at: "\(path).meta.width")
        height = try Self.dimension(meta["height"], at: "\(path).meta.height")
        fps = 30
        if let given = meta["fps"], given != .null {
            guard case .number(let rate) = given, Self.frameRates.contains(rate) else {
                throw Self.invalid("\(path).meta.fps", "must be one of \(Self.frameRates.map { ShotstackEdit.text(of: $0) }.joined(separator: ", "))")
            }
            fps = rate
        }
        var background = "#000000"
        if let given = meta["background"], given != .null {
            guard case .string(let color) = given, Self.isColor(color) else {
                throw Self.invalid("\(path).meta.background", "must be a colour #RRGGBB or #RRGGBBAA")
            }
            background = color
        }
        guard case .array(let tracks)? = fields["tracks"] else { throw Self.invalid("\(path).tracks", "is required, an array of {clips}") }
        var nativeTracks: [JSONValue] = []
        var end = 0.0
        for (trackIndex, track) in tracks.enumerated() {
            let trackPath = "\(path).tracks[\(trackIndex)]"
            guard case .object(let trackFields) = track else { throw Self.invalid(trackPath, "must be an object {clips}") }
            try Self.known(trackFields, ["clips"], at: trackPath)
            guard case .array(let clips)? = trackFields["clips"] else { throw Self.invalid("\(trackPath).clips", "is required, an array of clips") }
            var nativeClips: [JSONValue] = []
            for (clipIndex, clip) in clips.enumerated() {
                let translated = try Self.clip(clip, at: "\(trackPath).clips[\(clipIndex)]")
                nativeClips.append(translated.clip)
                end = max(end, translated.end)
            }
            nativeTracks.append(.object(["clips": .array(nativeClips)]))
        }
        guard end > 0 else { throw Self.invalid("\(path).tracks", "must hold at least one clip") }
        duration = end
        request = .object([
            "timeline": .object(["background": .string(background), "tracks": .array(nativeTracks)]),
            "output": .object([
                "format": .string("mp4"), "size": .object(["width": .count(width), "height": .count(height)]), "fps": .number(fps),
            ]),
        ])
    }

    /// The config a native render request shows as: the translation read back, each clip's
    /// `type`, `start`, `duration` and `text` or `src`; what a config cannot say is left out.
    static func config(of request: JSONValue) -> JSONValue {
        guard case .object(let fields) = request else { return .null }
        var meta: [String: JSONValue] = [:]
        var tracks: [JSONValue] = []
        if case .object(let output)? = fields["output"] {
            if case .object(let size)? = output["size"] { (meta["width"], meta["height"]) = (size["width"], size["height"]) }
            meta["fps"] = output["fps"]
        }
        if case .object(let timeline)? = fields["timeline"] {
            meta["background"] = timeline["background"]
            if case .array(let nativeTracks)? = timeline["tracks"] {
                tracks = nativeTracks.map { track in
                    guard case .object(let trackFields) = track, case .array(let clips)? = trackFields["clips"] else { return .object(["clips": .array([])]) }
                    return .object([
                        "clips": .array(
                            clips.map { clip in
                                guard case .object(let clipFields) = clip, case .object(let asset)? = clipFields["asset"] else { return .object([:]) }
                                var shown: [String: JSONValue] = ["type": asset["type"] ?? .null, "start": clipFields["start"] ?? .number(0)]
                                shown["duration"] = clipFields["length"]
                                shown["text"] = asset["text"]
                                shown["src"] = asset["src"]
                                return .object(shown)
                            })
                    ])
                }
            }
        }
        return .object(["meta": .object(meta), "tracks": .array(tracks)])
    }

    /// The native clip `{asset, start, length}` and the second it ends.
    private static func clip(_ value: JSONValue, at path: String) throws -> (clip: JSONValue, end: Double) {
        guard case .object(let fields) = value else { throw invalid(path, "must be an object {\(clipFields.joined(separator: ", "))}") }
        try known(fields, clipFields, at: path)
        guard case .string(let type)? = fields["type"], let assetType = clipTypes[type] else {
            throw invalid("\(path).type", "must be one of \(clipTypes.keys.sorted().joined(separator: ", "))")
        }
        var start = 0.0
        if let given = fields["start"], given != .null {
            guard case .number(let seconds) = given, seconds >= 0 else { throw invalid("\(path).start", "must be a number of seconds, 0 or more") }
            start = seconds
        }
        guard case .number(let length)? = fields["duration"], length > 0 else {
            throw invalid("\(path).duration", "is required, a number of seconds above 0")
        }
        var asset: [String: JSONValue] = ["type": .string(assetType)]
        if type == "text" {
            guard case .string(let text)? = fields["text"], !text.isEmpty else { throw invalid("\(path).text", "is required for a text clip, a string") }
            if fields["src"] != nil { throw invalid("\(path).src", "is not a field of a text clip") }
            asset["text"] = .string(text)
        } else {
            guard case .string(let src)? = fields["src"], !src.isEmpty else { throw invalid("\(path).src", "is required for a \(type) clip, a URL") }
            if fields["text"] != nil { throw invalid("\(path).text", "is only a field of a text clip") }
            asset["src"] = .string(src)
        }
        return (.object(["asset": .object(asset), "start": .number(start), "length": .number(length)]), start + length)
    }

    private static func dimension(_ value: JSONValue?, at path: String) throws -> Int {
        guard case .number(let number)? = value, number.rounded() == number, number >= 16, number <= 7680, Int(number) % 2 == 0 else {
            throw invalid(path, "is required, an even number of pixels from 16 to 7680")
        }
        return Int(number)
    }

    private static func isColor(_ text: String) -> Bool {
        text.hasPrefix("#") && [7, 9].contains(text.count) && text.dropFirst().allSatisfy(\.isHexDigit)
    }

    private static func known(_ fields: [String: JSONValue], _ names: [String], at path: String) throws {
        if let unknown = fields.keys.sorted().first(where: { !names.contains($0) }) {
            throw invalid("\(path).\(unknown)", "is not a field Reel can translate here; they are \(names.joined(separator: ", "))")
        }
    }

    /// `INVALID_CONFIG`, 400, about the field at `path`.
    static func invalid(_ path: String, _ message: String) -> APIError {
        APIError(.badRequest, "INVALID_CONFIG", "\(path): \(message)", details: ["path": .string(path)])
    }

    /// RenderingVideo's error body: `{success: false, error, code, details}`, the message naming the field.
    @Sendable static func error(_ refusal: APIError) throws -> Response {
        var body: [String: JSONValue] = ["success": .bool(false), "error": .string(refusal.messageNamingField), "code": .string(refusal.code)]
        if let details = refusal.details { body["details"] = .object(details) }
        return try JSONBody.response(status: refusal.status, JSONValue.object(body))
    }
}
