/// A render request as POSTed to `/v1/renders` or given to `reel render`.
public struct RenderRequest: Sendable, Equatable {
    public var timeline: Timeline
    public var output: Output
    public var callback: String?
    public var metadata: JSONValue?

    public init(timeline: Timeline, output: Output, callback: String? = nil, metadata: JSONValue? = nil) {
        self.timeline = timeline
        self.output = output
        self.callback = callback
        self.metadata = metadata
    }
}

extension RenderRequest {
    /// Every file the render reads, with the JSON path of its `src`.
    public var mediaSources: [(path: String, source: MediaSource)] {
        var sources: [(path: String, source: MediaSource)] = []
        for (trackIndex, track) in timeline.tracks.enumerated() {
            for (clipIndex, clip) in track.clips.enumerated() {
                let path = "timeline.tracks[\(trackIndex)].clips[\(clipIndex)].asset.src"
                switch clip.asset {
                case .video(let asset): sources.append((path, asset.src))
                case .image(let asset): sources.append((path, asset.src))
                case .audio(let asset): sources.append((path, asset.src))
                case .caption(let asset): sources.append((path, asset.src))
                case .text, .color: break
                }
            }
        }
        if let soundtrack = timeline.soundtrack { sources.append(("timeline.soundtrack.src", soundtrack.src)) }
        for (index, font) in timeline.fonts.enumerated() { sources.append(("timeline.fonts[\(index)].src", font.src)) }
        return sources
    }
}
