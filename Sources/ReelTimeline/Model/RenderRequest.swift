/// A render request as POSTed to `/v1/renders` or given to `reel render`.
public struct RenderRequest: Sendable, Equatable {
    public var timeline: Timeline
    public var output: Output
    public var callback: String?
    public var metadata: JSONValue?
    /// `num_workers`: how many chunks the render may be split into.
    public var workers: WorkerCount

    public init(timeline: Timeline, output: Output, callback: String? = nil, metadata: JSONValue? = nil, workers: WorkerCount = .count(1)) {
        self.timeline = timeline
        self.output = output
        self.callback = callback
        self.metadata = metadata
        self.workers = workers
    }
}

/// A render's `num_workers`: a number of chunks, or `auto` for the server to choose from the
/// timeline's length and its live workers.
public enum WorkerCount: Sendable, Equatable {
    case count(Int)
    case auto

    /// The most chunks one render is split into: each is a unit of the queue, and a join of many tiny parts gains nothing.
    public static let maximum = 32

    /// `num_workers` as JSON gives it: a whole number from 1 to `maximum`, or `"auto"`; nil for anything else.
    public init?(json: JSONValue) {
        switch json {
        case .string("auto"): self = .auto
        case .number(let number) where number >= 1 && number <= Double(Self.maximum) && number == number.rounded(): self = .count(Int(number))
        default: return nil
        }
    }

    static let expectation = "must be a whole number from 1 to \(maximum), or 'auto'"
}

/// What a request reads a file for: each role takes some kinds of media.
public enum SourceRole: String, Sendable {
    case video, image, audio, caption, font, soundtrack, luma
}

extension RenderRequest {
    /// Every file the render reads, with the JSON path of its `src` and what it is read for.
    public var mediaSources: [(path: String, source: MediaSource, role: SourceRole)] {
        var sources: [(path: String, source: MediaSource, role: SourceRole)] = []
        var copy = self
        copy.replaceSources { path, role, source in
            sources.append((path, source, role))
            return source
        }
        return sources
    }

    /// Replaces every `src` of the request, in the order of `mediaSources`.
    public mutating func replaceSources(_ transform: (_ path: String, SourceRole, MediaSource) throws -> MediaSource) rethrows {
        for trackIndex in timeline.tracks.indices {
            for clipIndex in timeline.tracks[trackIndex].clips.indices {
                let path = Timeline.path(track: trackIndex, clip: clipIndex) + ".asset.src"
                switch timeline.tracks[trackIndex].clips[clipIndex].asset {
                case .video(var asset):
                    asset.src = try transform(path, .video, asset.src)
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .video(asset)
                case .image(var asset):
                    asset.src = try transform(path, .image, asset.src)
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .image(asset)
                case .audio(var asset):
                    asset.src = try transform(path, .audio, asset.src)
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .audio(asset)
                case .caption(var asset):
                    asset.src = try transform(path, .caption, asset.src)
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .caption(asset)
                case .luma(var asset):
                    asset.src = try transform(path, .luma, asset.src)
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .luma(asset)
                case .svg(var asset):
                    guard let source = asset.file else { break }
                    asset.content = .file(try transform(path, .image, source))
                    timeline.tracks[trackIndex].clips[clipIndex].asset = .svg(asset)
                case .text, .color, .shape, .speech: break
                }
            }
        }
        if var soundtrack = timeline.soundtrack {
            soundtrack.src = try transform("timeline.soundtrack.src", .soundtrack, soundtrack.src)
            timeline.soundtrack = soundtrack
        }
        for index in timeline.fonts.indices {
            timeline.fonts[index].src = try transform("timeline.fonts[\(index)].src", .font, timeline.fonts[index].src)
        }
    }
}
