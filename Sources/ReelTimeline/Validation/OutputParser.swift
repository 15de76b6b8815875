/// Reads `output`: format, frame size, rate, quality and the optional stills.
struct OutputParser {
    let log: IssueLog
    let limits: TimelineLimits

    func output(_ json: JSONValue) -> Output? {
        guard let reader = ObjectReader(json, at: "output", log: log) else { return nil }
        var output = Output()
        if !reader.has("format") { log.invalid(reader.path("format"), "is required") }
        output.format = reader.choice("format", as: OutputFormat.self) ?? .mp4
        output.size = size(reader) ?? output.size
        if let fps = reader.number("fps") {
            if let rate = FrameRate(fps) {
                output.fps = rate
            } else {
                log.invalid(reader.path("fps"), "must be one of 12, 15, 23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60")
            }
        }
        output.quality = reader.choice("quality", as: Quality.self) ?? .medium
        output.mute = reader.bool("mute") ?? false
        output.range = reader.object("range").map(range)
        output.poster = reader.object("poster").map { poster in
            defer { poster.finish() }
            return Poster(capture: poster.number("capture", in: 0...limits.maxDuration) ?? 0)
        }
        output.thumbnail = reader.object("thumbnail").map { thumbnail in
            defer { thumbnail.finish() }
            return Thumbnail(
                capture: thumbnail.number("capture", in: 0...limits.maxDuration) ?? 0,
                scale: thumbnail.number("scale", in: 0.01...1) ?? 0.3)
        }
        reader.finish()
        return output
    }

    private func size(_ reader: ObjectReader) -> FrameSize? {
        let preset = reader.choice("resolution", as: ResolutionPreset.self)
        let aspect = reader.choice("aspectRatio", as: AspectRatio.self)
        if let custom = reader.object("size") {
            let width = custom.number("width", in: 16...7680).map { Int($0) }
            let height = custom.number("height", in: 16...7680).map { Int($0) }
            if !custom.has("width") { log.invalid(custom.path("width"), "is required") }
            if !custom.has("height") { log.invalid(custom.path("height"), "is required") }
            custom.finish()
            if preset != nil || aspect != nil {
                log.invalid(custom.path, "cannot be given with 'resolution' or 'aspectRatio'")
            }
            guard let width, let height else { return nil }
            for (key, value) in [("width", width), ("height", height)] where value % 2 != 0 {
                log.invalid(custom.path(key), "must be an even number of pixels")
            }
            return checked(FrameSize(width: width, height: height), at: custom.path)
        }
        let shortEdge = (preset ?? .sd).size.height
        return checked((aspect ?? .wide).size(shortEdge: shortEdge), at: reader.path("resolution"))
    }

    private func checked(_ size: FrameSize, at path: String) -> FrameSize? {
        guard size.width * size.height <= limits.maxPixels else {
            log.invalid(path, "\(size) is more than the \(limits.maxPixels) pixels this server renders")
            return nil
        }
        return size
    }

    private func range(_ reader: ObjectReader) -> OutputRange {
        let start = reader.number("start", in: 0...limits.maxDuration) ?? 0
        let length = reader.number("length", in: 0...limits.maxDuration)
        if let length, length <= 0 { log.invalid(reader.path("length"), "must be greater than 0") }
        reader.finish()
        return OutputRange(start: start, length: length)
    }
}
