public struct Timeline: Sendable, Equatable {
    public var background: RGBAColor
    public var fonts: [FontSource]
    public var soundtrack: Soundtrack?
    /// The first track is drawn on top.
    public var tracks: [Track]

    /// Every clip with its JSON path (`timeline.tracks[i].clips[j]`), the first track's first.
    public var clipsWithPaths: [(clip: Clip, path: String)] {
        tracks.enumerated().flatMap { trackIndex, track in
            track.clips.enumerated().map { clipIndex, clip in (clip, Self.path(track: trackIndex, clip: clipIndex)) }
        }
    }

    /// What requests name a clip by in errors.
    static func path(track: Int, clip: Int) -> String { "timeline.tracks[\(track)].clips[\(clip)]" }
}

public struct Track: Sendable, Equatable {
    public var clips: [Clip]
}

/// A font file to load; text and captions name it by its family.
public struct FontSource: Sendable, Equatable {
    public var src: MediaSource
}

public struct Soundtrack: Sendable, Equatable {
    public var src: MediaSource
    public var effect: AudioFade?
    public var volume: Double
}

public enum AudioFade: String, Sendable, CaseIterable {
    case fadeIn, fadeOut, fadeInFadeOut

    public var fadesIn: Bool { self != .fadeOut }
    public var fadesOut: Bool { self != .fadeIn }
}

/// Where media comes from: an http(s) URL, an upload of the account (`asset://ast_…`), or a
/// file path when local files are allowed.
public enum MediaSource: Sendable, Hashable, CustomStringConvertible {
    case url(String)
    case file(String)
    /// An upload's id, `ast_` and a ULID.
    case asset(String)

    public static let assetScheme = "asset://"

    public var description: String {
        switch self {
        case .url(let url): url
        case .file(let path): path
        case .asset(let id): Self.assetScheme + id
        }
    }
}
