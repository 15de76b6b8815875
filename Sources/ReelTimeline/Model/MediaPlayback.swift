/// How a video or audio source plays beyond its trim and volume: its speed, the fades of its sound
/// and, for a video, the colour keyed out of its picture (the README's "Speed, sound fades and chroma key").
public struct MediaPlayback: Sendable, Equatable {
    /// Seconds of the source played per second of output.
    public var speed: Double = 1
    /// A video's `volumeEffect`; an audio asset keeps its own `effect`.
    public var volumeEffect: AudioFade?
    public var chromaKey: ChromaKey?

    public static let speedRange: ClosedRange<Double> = 0.1...10

    public init(speed: Double = 1, volumeEffect: AudioFade? = nil, chromaKey: ChromaKey? = nil) {
        self.speed = speed
        self.volumeEffect = volumeEffect
        self.chromaKey = chromaKey
    }
}

/// Pixels near `color` become transparent: within `threshold` fully, within `threshold + halo`
/// partly. Both are distances in RGB space on Shotstack's scale of 0–250.
public struct ChromaKey: Sendable, Equatable {
    public var color: RGBAColor
    public var threshold: Double
    public var halo: Double

    public static let distanceRange: ClosedRange<Double> = 0...250
}

extension Asset {
    /// How a video or audio asset plays; the default for every other asset.
    public var playback: MediaPlayback {
        switch self {
        case .video(let asset): asset.playback
        case .audio(let asset): asset.playback
        default: MediaPlayback()
        }
    }

    /// Seconds of the source that one second of the clip plays.
    public var speed: Double { playback.speed }
}
