/// Bounds on what one request may ask for. The defaults keep one render within
/// what a single machine can do in minutes.
public struct TimelineLimits: Sendable, Equatable {
    public var maxDuration: Double = 600
    public var maxTracks: Int = 50
    public var maxClips: Int = 200
    public var maxPixels: Int = 3840 * 2160
    /// Characters (graphemes) in one text; its Unicode code points may be at most four times as many,
    /// so that combining marks cannot hide a long text behind a few characters.
    public var maxTextLength: Int = 2000
    /// UTF-8 bytes of all the strings of a request once its merge fields are replaced.
    public var maxMergedBytes: Int = 8 * 1024 * 1024
    public var maxFonts: Int = 10
    /// Tweens of one animated property.
    public var maxTweens: Int = 64
    /// Characters of a text with an `animation`: each character or word is drawn on its own.
    public var maxAnimatedTextLength: Int = 500
    /// Characters of an `svg` asset's markup.
    public var maxSvgLength: Int = 100_000
    /// Characters of a `text-to-speech` asset's text: about ten minutes of speech.
    public var maxSpeechLength: Int = 5_000

    public init() {}
}

/// How a request is read: what it may contain and where its local paths point.
public struct ValidationOptions: Sendable {
    public var limits: TimelineLimits
    /// Only the CLI reads local files; the server takes URLs only.
    public var allowLocalFiles: Bool
    /// Relative local paths are resolved against this directory.
    public var baseDirectory: String?

    public init(limits: TimelineLimits = TimelineLimits(), allowLocalFiles: Bool = false, baseDirectory: String? = nil) {
        self.limits = limits
        self.allowLocalFiles = allowLocalFiles
        self.baseDirectory = baseDirectory
    }
}
