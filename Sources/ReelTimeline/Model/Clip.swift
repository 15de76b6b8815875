public struct Clip: Sendable, Equatable {
    public var asset: Asset
    public var start: ClipStart
    public var length: ClipLength
    public var fit: Fit
    public var scale: Double
    public var position: Position
    public var offset: Offset
    public var opacity: Double
    public var transition: Transition
    public var effect: MotionEffect?
    public var filter: VisualFilter?
    /// Tweens and transform; nil when the clip has neither (see `ClipMotion`).
    public var motion: ClipMotion? = nil
    /// The name other clips' `alias://` starts and lengths refer to (see `ClipTimes`).
    public var alias: String? = nil
}

public enum ClipStart: Sendable, Equatable {
    case at(Double)
    /// Right after the previous clip on the same track.
    case auto
    /// When the clip with this alias starts.
    case alias(String)
}

public enum ClipLength: Sendable, Equatable {
    case seconds(Double)
    /// The asset's own duration after trim; 3 s for stills and text.
    case auto
    /// Until the timeline ends.
    case end
    /// As long as the clip with this alias.
    case alias(String)
}

public enum Fit: String, Sendable, CaseIterable {
    /// Fill the frame keeping the aspect ratio, cropping the overflow.
    case crop
    /// Stretch to fill the frame.
    case cover
    /// Fit inside the frame keeping the aspect ratio.
    case contain
    /// Native size.
    case none
}

public enum Position: String, Sendable, CaseIterable {
    case center, top, topRight, right, bottomRight, bottom, bottomLeft, left, topLeft

    /// Where the clip's box sits on each axis: 0 start, 0.5 middle, 1 end.
    public var anchor: (x: Double, y: Double) {
        switch self {
        case .center: (0.5, 0.5)
        case .top: (0.5, 0)
        case .topRight: (1, 0)
        case .right: (1, 0.5)
        case .bottomRight: (1, 1)
        case .bottom: (0.5, 1)
        case .bottomLeft: (0, 1)
        case .left: (0, 0.5)
        case .topLeft: (0, 0)
        }
    }
}

/// Shifts a clip by fractions of the frame; positive y moves it up, as in Shotstack.
public struct Offset: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public static let zero = Offset(x: 0, y: 0)
}

public enum Speed: String, Sendable, CaseIterable {
    case normal = "", slow = "Slow", fast = "Fast"

    public var transitionSeconds: Double {
        switch self {
        case .normal: 1
        case .slow: 2
        case .fast: 0.5
        }
    }
}

public struct Transition: Sendable, Equatable {
    public var `in`: TransitionStyle?
    public var out: TransitionStyle?

    public static let none = Transition(in: nil, out: nil)
}

public struct TransitionStyle: Sendable, Equatable {
    public var kind: TransitionKind
    public var speed: Speed

    public var seconds: Double { speed.transitionSeconds }
}

public enum TransitionKind: String, Sendable, CaseIterable {
    case fade, reveal, wipeLeft, wipeRight, wipeUp, wipeDown
    case slideLeft, slideRight, slideUp, slideDown
    case zoom, circleOpen, circleClose, dissolve, pixelize, radial, fadeBlack, fadeWhite

    /// `zoom` has no speed variants, as in Shotstack.
    var hasSpeeds: Bool { self != .zoom }
}

public struct MotionEffect: Sendable, Equatable {
    public var kind: MotionKind
    public var speed: Speed
}

/// Ken Burns motion applied over the whole clip.
public enum MotionKind: String, Sendable, CaseIterable {
    case zoomIn, zoomOut, slideLeft, slideRight, slideUp, slideDown
}

public enum VisualFilter: String, Sendable, CaseIterable {
    case greyscale, blur, boost, contrast, darken, lighten, muted, negative
}
