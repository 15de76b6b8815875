import Foundation

/// A change of one property over part of a clip, as Shotstack's `Tween`: times are seconds of the clip's own time.
public struct Tween: Sendable, Equatable {
    public var from: Double
    public var to: Double
    public var start: Double
    public var length: Double
    public var interpolation: Interpolation
    /// Used by `bezier` only.
    public var easing: Easing

    public var end: Double { start + length }

    public init(from: Double, to: Double, start: Double, length: Double, interpolation: Interpolation = .linear, easing: Easing = .ease) {
        self.from = from
        self.to = to
        self.start = start
        self.length = length
        self.interpolation = interpolation
        self.easing = easing
    }

    /// How far from `from` to `to` the value is at `progress` (0–1) of the tween's time.
    public func eased(_ progress: Double) -> Double {
        switch interpolation {
        case .linear: progress
        // The value jumps once the tween's time is over.
        case .constant: progress < 1 ? 0 : 1
        case .bezier: easing.curve.y(atX: progress)
        }
    }
}

public enum Interpolation: String, Sendable, CaseIterable {
    case linear, bezier, constant
}

/// Shotstack's easing names. Each is drawn as a CSS cubic-bezier curve with the control points that
/// easings.net gives for it (`curve`); `ease`…`easeInOut` are CSS's own keywords.
public enum Easing: String, Sendable, CaseIterable {
    case ease, easeIn, easeOut, easeInOut
    case easeInQuad, easeInCubic, easeInQuart, easeInQuint, easeInSine, easeInExpo, easeInCirc, easeInBack
    case easeOutQuad, easeOutCubic, easeOutQuart, easeOutQuint, easeOutSine, easeOutExpo, easeOutCirc, easeOutBack
    case easeInOutQuad, easeInOutCubic, easeInOutQuart, easeInOutQuint, easeInOutSine, easeInOutExpo, easeInOutCirc, easeInOutBack

    public var curve: CubicBezier {
        switch self {
        case .ease: CubicBezier(0.25, 0.1, 0.25, 1)
        case .easeIn: CubicBezier(0.42, 0, 1, 1)
        case .easeOut: CubicBezier(0, 0, 0.58, 1)
        case .easeInOut: CubicBezier(0.42, 0, 0.58, 1)
        case .easeInSine: CubicBezier(0.12, 0, 0.39, 0)
        case .easeOutSine: CubicBezier(0.61, 1, 0.88, 1)
        case .easeInOutSine: CubicBezier(0.37, 0, 0.63, 1)
        case .easeInQuad: CubicBezier(0.11, 0, 0.5, 0)
        case .easeOutQuad: CubicBezier(0.5, 1, 0.89, 1)
        case .easeInOutQuad: CubicBezier(0.45, 0, 0.55, 1)
        case .easeInCubic: CubicBezier(0.32, 0, 0.67, 0)
        case .easeOutCubic: CubicBezier(0.33, 1, 0.68, 1)
        case .easeInOutCubic: CubicBezier(0.65, 0, 0.35, 1)
        case .easeInQuart: CubicBezier(0.5, 0, 0.75, 0)
        case .easeOutQuart: CubicBezier(0.25, 1, 0.5, 1)
        case .easeInOutQuart: CubicBezier(0.76, 0, 0.24, 1)
        case .easeInQuint: CubicBezier(0.64, 0, 0.78, 0)
        case .easeOutQuint: CubicBezier(0.22, 1, 0.36, 1)
        case .easeInOutQuint: CubicBezier(0.83, 0, 0.17, 1)
        case .easeInExpo: CubicBezier(0.7, 0, 0.84, 0)
        case .easeOutExpo: CubicBezier(0.16, 1, 0.3, 1)
        case .easeInOutExpo: CubicBezier(0.87, 0, 0.13, 1)
        case .easeInCirc: CubicBezier(0.55, 0, 1, 0.45)
        case .easeOutCirc: CubicBezier(0, 0.55, 0.45, 1)
        case .easeInOutCirc: CubicBezier(0.85, 0, 0.15, 1)
        case .easeInBack: CubicBezier(0.36, 0, 0.66, -0.56)
        case .easeOutBack: CubicBezier(0.34, 1.56, 0.64, 1)
        case .easeInOutBack: CubicBezier(0.68, -0.6, 0.32, 1.6)
        }
    }
}

/// A CSS `cubic-bezier(x1, y1, x2, y2)` timing curve from (0, 0) to (1, 1).
public struct CubicBezier: Sendable, Equatable {
    public var x1, y1, x2, y2: Double

    public init(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        (self.x1, self.y1, self.x2, self.y2) = (x1, y1, x2, y2)
    }

    /// How closely the curve's parameter is found: well under a pixel of any motion.
    public static let precision = 0.00001

    /// The curve's y where its x is `x`: x grows with the parameter (x1 and x2 lie in 0–1), so halving
    /// the parameter's interval finds it; FFmpeg expressions do the same (see the render's `Expression`).
    public func y(atX x: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        var low = 0.0
        var high = 1.0
        while high - low > Self.precision {
            let middle = (low + high) / 2
            if Self.coordinate(middle, x1, x2) < x { low = middle } else { high = middle }
        }
        return Self.coordinate((low + high) / 2, y1, y2)
    }

    /// One coordinate of the curve at parameter `s`, its end points at 0 and 1.
    public static func coordinate(_ s: Double, _ first: Double, _ second: Double) -> Double {
        3 * (1 - s) * (1 - s) * s * first + 3 * (1 - s) * s * s * second + s * s * s
    }
}

/// A property that is one number, or moves through tweens (in time order, none overlapping the next).
public enum Animated: Sendable, Equatable {
    case fixed(Double)
    case tweens([Tween])

    /// The value at `time` seconds of the clip: outside the tweens, the nearest tween's end value holds.
    public func value(at time: Double) -> Double {
        switch self {
        case .fixed(let value): value
        case .tweens(let tweens): Self.value(of: tweens, at: time)
        }
    }

    private static func value(of tweens: [Tween], at time: Double) -> Double {
        var value = tweens[0].from
        for tween in tweens {
            if time < tween.start { return value }
            if time < tween.end { return tween.from + (tween.to - tween.from) * tween.eased((time - tween.start) / tween.length) }
            value = tween.to
        }
        return value
    }

    public var isAnimated: Bool { tweenList != nil }

    public var tweenList: [Tween]? {
        if case .tweens(let tweens) = self { return tweens }
        return nil
    }
}

/// Shotstack's `transform`: turning, shearing and mirroring a clip's box.
public struct ClipTransform: Sendable, Equatable {
    /// Degrees clockwise, about the clip's `position` point.
    public var rotate: Animated
    /// Shears: how far the top edge moves right of the bottom one, in frame widths; and the right edge up
    /// from the left one, in frame heights.
    public var skewX: Animated
    public var skewY: Animated
    public var flipHorizontal: Bool
    public var flipVertical: Bool

    public static let identity = ClipTransform(rotate: .fixed(0), skewX: .fixed(0), skewY: .fixed(0), flipHorizontal: false, flipVertical: false)
}

/// A clip's tweens and transform; a clip without them has none (`Clip.motion` is nil), and its static
/// `opacity`, `scale` and `offset` say everything.
public struct ClipMotion: Sendable, Equatable {
    public var opacity: Animated
    public var scale: Animated
    public var offsetX: Animated
    public var offsetY: Animated
    public var transform: ClipTransform

    /// Whether the picture moves or changes over time, rather than only standing transformed.
    public var changesOverTime: Bool { opacity.isAnimated || movesBox }

    /// Whether the clip's box is anywhere but where its static layout puts it: tweened in place or size,
    /// or transformed. A clip whose opacity alone is tweened keeps its box.
    public var movesBox: Bool {
        transform != .identity || [scale, offsetX, offsetY].contains { $0.isAnimated }
    }
}
