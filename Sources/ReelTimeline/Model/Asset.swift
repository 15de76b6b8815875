public enum Asset: Sendable, Equatable {
    case video(VideoAsset)
    case image(ImageAsset)
    case text(TextAsset)
    case audio(AudioAsset)
    case color(ColorAsset)
    case caption(CaptionAsset)
    case shape(ShapeAsset)
    case svg(SvgAsset)
    case speech(SpeechAsset)
    case luma(LumaAsset)

    /// The media file behind the asset, if it has one.
    public var source: MediaSource? {
        switch self {
        case .video(let asset): asset.src
        case .image(let asset): asset.src
        case .audio(let asset): asset.src
        case .caption(let asset): asset.src
        case .luma(let asset): asset.src
        case .svg(let asset): asset.file
        case .text, .color, .shape, .speech: nil
        }
    }

    /// Seconds skipped at the start of the source.
    public var trim: Double {
        switch self {
        case .video(let asset): asset.trim
        case .audio(let asset): asset.trim
        case .luma(let asset): asset.trim
        default: 0
        }
    }

    /// True when the asset's natural length comes from its file: a video's or audio's
    /// duration, the length of a speech once spoken, or the end of a caption file's last cue.
    public var hasMediaDuration: Bool {
        switch self {
        case .video, .audio, .caption, .speech: true
        default: false
        }
    }

    /// Where an `auto` length finds the asset's natural length: its file, or the sound a speech becomes.
    public var lengthSource: MediaSource? {
        if case .speech(let speech) = self { return speech.spokenSource }
        return source
    }

    public var isVisual: Bool {
        switch self {
        case .audio, .speech: false
        default: true
        }
    }
}

public struct VideoAsset: Sendable, Equatable {
    public var src: MediaSource
    public var trim: Double
    public var volume: Double
    public var crop: Crop?
    /// Set when `volume` is tweened; `volume` is then its value at the clip's start.
    public var volumeTweens: [Tween]? = nil
    /// See `MediaPlayback`.
    public var playback = MediaPlayback()
}

public struct ImageAsset: Sendable, Equatable {
    public var src: MediaSource
    public var crop: Crop?
}

public struct AudioAsset: Sendable, Equatable {
    public var src: MediaSource
    public var trim: Double
    public var volume: Double
    public var effect: AudioFade?
    /// Set when `volume` is tweened; `volume` is then its value at the clip's start.
    public var volumeTweens: [Tween]? = nil
    /// See `MediaPlayback`.
    public var playback = MediaPlayback()
}

public struct ColorAsset: Sendable, Equatable {
    public var color: RGBAColor
}

/// Fractions of the source cut away at each edge.
public struct Crop: Sendable, Equatable {
    public var top: Double
    public var bottom: Double
    public var left: Double
    public var right: Double
}

public struct TextAsset: Sendable, Equatable {
    public var text: String
    public var font: TextFont
    public var alignment: TextAlignment
    public var background: TextBackground?
    /// The text box in pixels; the text is aligned inside it and wrapped to its width.
    public var width: Int?
    public var height: Int?
    public var animation: TextAnimation? = nil
}

/// How a text enters: its characters or words appear one after another over `duration` seconds.
public struct TextAnimation: Sendable, Equatable {
    public enum Preset: String, Sendable, CaseIterable {
        /// Characters appear one at a time.
        case typewriter
        /// Words fade in one after another.
        case fadeInWords
        /// Words rise into place one after another, fading in.
        case slideInWords
    }

    public var preset: Preset
    /// Nil: the shorter of 2 s and half the clip.
    public var duration: Double?

    /// The seconds the entrance takes in a clip of `length` seconds: never more than the clip.
    public func seconds(inClipOf length: Double) -> Double { min(duration ?? min(2, length / 2), length) }
}

public struct TextFont: Sendable, Equatable {
    public var family: String
    public var size: Double
    public var color: RGBAColor
    public var weight: Int
    public var lineHeight: Double

    public static let `default` = TextFont(family: "DejaVu Sans", size: 48, color: .white, weight: 400, lineHeight: 1.2)
}

public struct TextAlignment: Sendable, Equatable {
    public enum Horizontal: String, Sendable, CaseIterable { case left, center, right }
    public enum Vertical: String, Sendable, CaseIterable { case top, center, bottom }

    public var horizontal: Horizontal
    public var vertical: Vertical

    public static let centered = TextAlignment(horizontal: .center, vertical: .center)
}

public struct TextBackground: Sendable, Equatable {
    public var color: RGBAColor
    public var opacity: Double
    public var padding: Int
}

/// Subtitles from an SRT or WebVTT file, burned in.
public struct CaptionAsset: Sendable, Equatable {
    public var src: MediaSource
    /// Nil: the default font, sized to the frame.
    public var font: TextFont?
    public var background: TextBackground?
    /// Distance from the bottom edge, as a fraction of the frame height.
    public var margin: Double
}
