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
