/// A rectangle, circle or line centred in a transparent box, as Shotstack's ShapeAsset; drawn at its own
/// pixel size.
public struct ShapeAsset: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case rectangle(width: Int, height: Int, cornerRadius: Int)
        case circle(radius: Int)
        /// A horizontal bar.
        case line(length: Int, thickness: Int)
    }

    public var kind: Kind
    /// The box in pixels; nil: the frame's.
    public var width: Int?
    public var height: Int?
    public var fill: ShapeFill?
    public var stroke: ShapeStroke?
}

public struct ShapeFill: Sendable, Equatable {
    public var color: RGBAColor
    public var opacity: Double
}

public struct ShapeStroke: Sendable, Equatable {
    public var color: RGBAColor
    /// Pixels, centred on the shape's edge.
    public var width: Double
}

/// An SVG picture, rasterised once per render to fit the frame.
public struct SvgAsset: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case markup(String)
        case file(MediaSource)
    }

    public var content: Content

    /// The file the picture is read from, when it is not written in the request.
    public var file: MediaSource? {
        if case .file(let source) = content { return source }
        return nil
    }
}
