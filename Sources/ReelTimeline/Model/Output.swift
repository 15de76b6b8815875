public struct Output: Sendable, Equatable {
    public var format: OutputFormat
    public var size: FrameSize
    public var fps: FrameRate
    public var quality: Quality
    public var mute: Bool
    public var range: OutputRange?
    public var poster: Poster?
    public var thumbnail: Thumbnail?
    /// Not part of the JSON: the preview lane renders its proxies at the encoder's fastest.
    public var encoderSpeed: EncoderSpeed = .standard

    public init(
        format: OutputFormat = .mp4, size: FrameSize = ResolutionPreset.sd.size, fps: FrameRate = .default,
        quality: Quality = .medium, mute: Bool = false, range: OutputRange? = nil, poster: Poster? = nil,
        thumbnail: Thumbnail? = nil
    ) {
        self.format = format
        self.size = size
        self.fps = fps
        self.quality = quality
        self.mute = mute
        self.range = range
        self.poster = poster
        self.thumbnail = thumbnail
    }
}

public enum EncoderSpeed: Sendable {
    /// x264 `veryfast`: the quality a client paid for.
    case standard
    /// x264 `ultrafast`: a preview's proxy, where seconds to playable count more than bytes.
    case proxy
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case mp4, webm, mov, gif, mp3, wav, png, jpg

    public var hasVideo: Bool { self != .mp3 && self != .wav }
    public var hasAudio: Bool { self != .gif && self != .png && self != .jpg }
    public var isStill: Bool { self == .png || self == .jpg }
}

public struct FrameSize: Sendable, Equatable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var shortEdge: Int { min(width, height) }
    public var description: String { "\(width)x\(height)" }
}

public enum ResolutionPreset: String, Sendable, CaseIterable {
    case preview, mobile, sd, hd, fullHD = "1080", uhd = "4k"

    /// The 16:9 size; other aspect ratios keep its short edge.
    public var size: FrameSize {
        switch self {
        case .preview: FrameSize(width: 512, height: 288)
        case .mobile: FrameSize(width: 640, height: 360)
        case .sd: FrameSize(width: 1024, height: 576)
        case .hd: FrameSize(width: 1280, height: 720)
        case .fullHD: FrameSize(width: 1920, height: 1080)
        case .uhd: FrameSize(width: 3840, height: 2160)
        }
    }
}

public enum AspectRatio: String, Sendable, CaseIterable {
    case wide = "16:9", vertical = "9:16", square = "1:1", portrait = "4:5", classic = "4:3"

    var ratio: (width: Double, height: Double) {
        switch self {
        case .wide: (16, 9)
        case .vertical: (9, 16)
        case .square: (1, 1)
        case .portrait: (4, 5)
        case .classic: (4, 3)
        }
    }

    /// A size of this ratio whose short edge is `shortEdge`, rounded to even numbers for yuv420p.
    public func size(shortEdge: Int) -> FrameSize {
        let (w, h) = ratio
        let long = Double(shortEdge) * max(w, h) / min(w, h)
        let longEven = Int((long / 2).rounded()) * 2
        return w >= h ? FrameSize(width: longEven, height: shortEdge) : FrameSize(width: shortEdge, height: longEven)
    }
}

/// A frame rate as an exact fraction, so 29.97 is 30000/1001.
public struct FrameRate: Sendable, Equatable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public static let `default` = FrameRate(numerator: 25, denominator: 1)
    static let allowed: [Double: FrameRate] = [
        12: .init(numerator: 12, denominator: 1), 15: .init(numerator: 15, denominator: 1),
        23.976: .init(numerator: 24000, denominator: 1001), 24: .init(numerator: 24, denominator: 1),
        25: .init(numerator: 25, denominator: 1), 29.97: .init(numerator: 30000, denominator: 1001),
        30: .init(numerator: 30, denominator: 1), 48: .init(numerator: 48, denominator: 1),
        50: .init(numerator: 50, denominator: 1), 59.94: .init(numerator: 60000, denominator: 1001),
        60: .init(numerator: 60, denominator: 1),
    ]

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init?(_ value: Double) {
        guard let rate = Self.allowed[value] else { return nil }
        self = rate
    }

    public var value: Double { Double(numerator) / Double(denominator) }
    /// `30000/1001`, as FFmpeg options take it.
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

public enum Quality: String, Sendable, CaseIterable {
    case verylow, low, medium, high, veryhigh
}

/// The part of the timeline to render.
public struct OutputRange: Sendable, Equatable {
    public var start: Double
    public var length: Double?

    public init(start: Double, length: Double?) {
        self.start = start
        self.length = length
    }
}

public struct Poster: Sendable, Equatable {
    public var capture: Double
}

public struct Thumbnail: Sendable, Equatable {
    public var capture: Double
    public var scale: Double
}
