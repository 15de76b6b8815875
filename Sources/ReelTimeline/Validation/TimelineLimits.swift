/// Bounds on what one request may ask for. The defaults keep one render within
/// what a single machine can do in minutes.
public struct TimelineLimits: Sendable, Equatable {
    public var maxDuration: Double = 600
    public var maxTracks: Int = 50
    public var maxClips: Int = 200
    public var maxPixels: Int = 3840 * 2160
    public var maxTextLength: Int = 2000
    public var maxFonts: Int = 10

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
