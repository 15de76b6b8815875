import Foundation

extension RenderRequest {
    /// Reads and validates a request body: merge fields first, then every field
    /// with its JSON path. Throws every issue found, not only the first.
    public static func parse(_ data: Data, options: ValidationOptions = ValidationOptions()) throws(TimelineValidationError)
        -> RenderRequest
    {
        try parse(JSONValue.parse(data), options: options)
    }

    public static func parse(_ json: JSONValue, options: ValidationOptions = ValidationOptions()) throws(TimelineValidationError)
        -> RenderRequest
    {
        let log = IssueLog()
        let request = RequestParser(log: log, options: options).request(json)
        if let request, log.isEmpty { return request }
        throw log.error
    }
}

struct RequestParser {
    let log: IssueLog
    let options: ValidationOptions
    var limits: TimelineLimits { options.limits }

    func request(_ json: JSONValue) -> RenderRequest? {
        guard let root = ObjectReader(json, at: "", log: log) else { return nil }
        let merge = MergeFields(root.value("merge"), log: log)
        var budget = MergeBudget(maxBytes: limits.maxMergedBytes)
        let timelineJSON = root.required("timeline").flatMap { merge.apply(to: $0, at: "timeline", budget: &budget, log: log) }
        let outputJSON = root.required("output").flatMap { merge.apply(to: $0, at: "output", budget: &budget, log: log) }
        let callback = root.string("callback", maxLength: 2048)
        if let callback, !isHTTPURL(callback) { log.invalid("callback", "must be an http or https URL") }
        let metadata = root.value("metadata")
        if let metadata, case .object = metadata {} else if let metadata {
            log.invalid("metadata", "must be an object, not \(metadata.typeName)")
        }
        let workers = root.value("num_workers").map { workerCount($0, at: root.path("num_workers"), log: log) } ?? .count(1)
        root.finish()
        let timeline = timelineJSON.flatMap(timeline)
        let output = outputJSON.flatMap { OutputParser(log: log, limits: limits).output($0) }
        guard let timeline, let output else { return nil }
        return RenderRequest(timeline: timeline, output: output, callback: callback, metadata: metadata, workers: workers)
    }

    func timeline(_ json: JSONValue) -> Timeline? {
        guard let reader = ObjectReader(json, at: "timeline", log: log) else { return nil }
        let background = color(reader, "background") ?? .black
        let fonts = (reader.array("fonts", maxCount: limits.maxFonts) ?? []).enumerated().compactMap { index, item in
            font(item, at: "\(reader.path("fonts"))[\(index)]")
        }
        let soundtrack = reader.object("soundtrack").flatMap(soundtrack)
        let trackItems = reader.array("tracks", maxCount: limits.maxTracks)
        if reader.value("tracks") == nil { log.invalid(reader.path("tracks"), "is required") }
        reader.finish()
        guard let trackItems else { return nil }
        if trackItems.isEmpty { log.invalid(reader.path("tracks"), "must have at least one track") }
        let clipParser = ClipParser(request: self)
        var tracks: [Track] = []
        for (index, item) in trackItems.enumerated() {
            guard let trackReader = ObjectReader(item, at: "timeline.tracks[\(index)]", log: log) else { continue }
            let clipItems = trackReader.array("clips", maxCount: limits.maxClips) ?? []
            if clipItems.isEmpty { log.invalid(trackReader.path("clips"), "must have at least one clip") }
            trackReader.finish()
            let clips = clipItems.enumerated().compactMap { clipIndex, clip in
                clipParser.clip(clip, at: "\(trackReader.path("clips"))[\(clipIndex)]")
            }
            tracks.append(Track(clips: clips))
        }
        let clipCount = tracks.reduce(0) { $0 + $1.clips.count }
        if clipCount > limits.maxClips {
            log.invalid("timeline.tracks", "must have at most \(limits.maxClips) clips in all, not \(clipCount)")
        }
        return Timeline(background: background, fonts: fonts, soundtrack: soundtrack, tracks: tracks)
    }

    private func font(_ json: JSONValue, at path: String) -> FontSource? {
        guard let reader = ObjectReader(json, at: path, log: log) else { return nil }
        let src = source(reader, "src")
        reader.finish()
        return src.map(FontSource.init)
    }

    private func soundtrack(_ reader: ObjectReader) -> Soundtrack? {
        let src = source(reader, "src")
        let effect = reader.choice("effect", as: AudioFade.self)
        let volume = reader.number("volume", in: 0...10) ?? 1
        reader.finish()
        return src.map { Soundtrack(src: $0, effect: effect, volume: volume) }
    }

    // MARK: Shared field readers

    func color(_ reader: ObjectReader, _ key: String) -> RGBAColor? {
        guard let text = reader.string(key, maxLength: 32) else { return nil }
        guard let color = RGBAColor(parsing: text) else {
            log.invalid(reader.path(key), "must be a colour like '#RRGGBB' or '#RRGGBBAA'")
            return nil
        }
        return color
    }

    /// A required media source: an http(s) URL, or a local path where the options allow it.
    func source(_ reader: ObjectReader, _ key: String) -> MediaSource? {
        guard let text = reader.string(key, required: true, maxLength: 2048) else { return nil }
        if isHTTPURL(text) { return .url(text) }
        let path = reader.path(key)
        if text.hasPrefix(MediaSource.assetScheme) {
            let id = String(text.dropFirst(MediaSource.assetScheme.count))
            guard isUploadID(id) else {
                log.invalid(path, "must be asset:// followed by an upload's id, like asset://ast_01J0000000000000000000000")
                return nil
            }
            return .asset(id)
        }
        if text.contains("://") || text.hasPrefix("data:") {
            log.invalid(path, "must be an http or https URL, or asset:// and an upload's id")
            return nil
        }
        guard options.allowLocalFiles else {
            log.invalid(path, "must be an http or https URL (local files are read by `reel render` only)")
            return nil
        }
        guard !text.isEmpty, !text.contains("\0") else {
            log.invalid(path, "must be a file path or an http or https URL")
            return nil
        }
        if text.hasPrefix("/") || options.baseDirectory == nil { return .file(text) }
        return .file(URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: options.baseDirectory!, isDirectory: true)).path)
    }
}

/// `ast_` and 26 characters of Crockford base32: nothing else can be looked up, and nothing else is echoed.
func isUploadID(_ id: String) -> Bool {
    let body = id.utf8.dropFirst(4)
    return id.hasPrefix("ast_") && body.count == 26
        && body.allSatisfy { (48...57).contains($0) || ((65...90).contains($0) && ![73, 76, 79, 85].contains($0)) }
}

/// `asset://` and an upload's id.
func isUploadSource(_ text: String) -> Bool {
    text.hasPrefix(MediaSource.assetScheme) && isUploadID(String(text.dropFirst(MediaSource.assetScheme.count)))
}

func isHTTPURL(_ text: String) -> Bool {
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
        let host = url.host, !host.isEmpty
    else { return false }
    return true
}

/// A render's `num_workers`, a positive integer or `auto`: accepted so that clients can send it now,
/// though renders are not split across workers yet.
func workerCount(_ value: JSONValue, at path: String, log: IssueLog) -> WorkerCount {
    guard let count = WorkerCount(json: value) else {
        log.invalid(path, WorkerCount.expectation)
        return .count(1)
    }
    return count
}
