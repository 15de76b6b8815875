import Foundation
import ReelTimeline

/// A picture clip with tweens or a transform. Its picture is sized once, for the largest scale it
/// reaches; each frame, `perspective` maps that picture's corners to where the clip's scale, offset,
/// flip, skew and rotation put them, inside `stage`: the part of the frame the clip ever covers.
struct MovingClip {
    let motion: ClipMotion
    let clip: ScheduledClip
    let canvas: FrameSize
    let fps: FrameRate
    /// The clip's box at scale 1, in pixels.
    let baseWidth: Double
    let baseHeight: Double
    /// The picture the clip is drawn from.
    let picture: (width: Int, height: Int)
    /// The smallest even rectangle of the frame that holds the clip on every frame.
    let stage: ClipLayout

    /// A picture larger than this many frame widths or heights would only be scaled down again.
    static let largestPicture = 2.0
    /// Transparent pixels around the picture: `perspective` repeats the edge of its input beyond it.
    static let border = 2

    init(_ clip: ScheduledClip, motion: ClipMotion, sourceWidth: Int, sourceHeight: Int, canvas: FrameSize, fps: FrameRate) {
        self.motion = motion
        self.clip = clip
        self.canvas = canvas
        self.fps = fps
        (baseWidth, baseHeight) = ClipLayout.fitted(clip.clip.fit, sourceWidth: sourceWidth, sourceHeight: sourceHeight, canvas: canvas)
        let times = Self.sampleTimes(clip.fullLength, motion: motion, fps: fps)
        let largestScale = times.map { motion.scale.value(at: $0) }.max() ?? 1
        let cap = Self.largestPicture * Double(max(canvas.width, canvas.height)) / max(baseWidth, baseHeight, 1)
        picture = (ClipLayout.even(baseWidth * min(largestScale, cap)), ClipLayout.even(baseHeight * min(largestScale, cap)))
        var (left, top, right, bottom) = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        var previous: [Point<Double>] = []
        // Between two samples of a long clip the box may go a little further than either shows.
        var largestStep = 0.0
        for time in times {
            let box = Self.corners(of: Self.properties(motion) { $0.value(at: time) }, motion: motion, width: baseWidth, height: baseHeight, anchor: clip.clip.position.anchor, canvas: canvas)
            let corners = [box.topLeft, box.topRight, box.bottomLeft, box.bottomRight]
            for (index, corner) in corners.enumerated() {
                (left, right) = (min(left, corner.x), max(right, corner.x))
                (top, bottom) = (min(top, corner.y), max(bottom, corner.y))
                if times.count >= Self.maxSamples, index < previous.count {
                    largestStep = max(largestStep, abs(corner.x - previous[index].x), abs(corner.y - previous[index].y))
                }
            }
            previous = corners
        }
        (left, top, right, bottom) = (left - largestStep, top - largestStep, right + largestStep, bottom + largestStep)
        let x = min(max(0, Int(left.rounded(.down)) - 1), canvas.width - 2)
        let y = min(max(0, Int(top.rounded(.down)) - 1), canvas.height - 2)
        let width = min(canvas.width, Int(right.rounded(.up)) + 1) - x
        let height = min(canvas.height, Int(bottom.rounded(.up)) + 1) - y
        stage = ClipLayout(width: max(2, width + width % 2), height: max(2, height + height % 2), x: x, y: y)
    }

    /// Times at which the box's bounds are worked out: every frame of a clip of up to `maxSamples` frames;
    /// of a longer one, that many evenly spread, and each tween's ends.
    static let maxSamples = 1000

    private static func sampleTimes(_ length: Double, motion: ClipMotion, fps: FrameRate) -> [Double] {
        let frames = fps.frames(length)
        let frameSeconds = Double(fps.denominator) / Double(fps.numerator)
        guard frames > maxSamples else { return (0..<frames).map { Double($0) * frameSeconds } }
        let step = length / Double(maxSamples - 1)
        let animated = [motion.scale, motion.offsetX, motion.offsetY, motion.transform.rotate, motion.transform.skewX, motion.transform.skewY]
        let ends = animated.flatMap { ($0.tweenList ?? []).flatMap { [$0.start, $0.end] } }
        return ((0..<maxSamples).map { Double($0) * step } + ends.filter { $0 <= length }).sorted()
    }

    /// The properties that move the box, one frame's worth.
    struct Properties<Number: MotionNumber> {
        var scale, offsetX, offsetY, angle, skewX, skewY: Number
    }

    static func properties<Number>(_ motion: ClipMotion, _ value: (Animated) -> Number) -> Properties<Number> {
        Properties(
            scale: value(motion.scale), offsetX: value(motion.offsetX), offsetY: value(motion.offsetY),
            angle: value(motion.transform.rotate), skewX: value(motion.transform.skewX), skewY: value(motion.transform.skewY))
    }

    typealias Point<Number> = (x: Number, y: Number)

    /// Where the picture's corners land on the frame. The clip's `position` point stays put as the box
    /// scales (as a still layout does) and is what it rotates about, as in Shotstack; flips mirror the
    /// picture in its box, and skews shear the box about its centre.
    static func corners<Number: MotionNumber>(
        of properties: Properties<Number>, motion: ClipMotion, width: Double, height: Double, anchor: (x: Double, y: Double),
        canvas: FrameSize
    ) -> (topLeft: Point<Number>, topRight: Point<Number>, bottomLeft: Point<Number>, bottomRight: Point<Number>) {
        let frameWidth = Double(canvas.width)
        let frameHeight = Double(canvas.height)
        let pivotX = Number(anchor.x * frameWidth) + properties.offsetX * Number(frameWidth)
        let pivotY = Number(anchor.y * frameHeight) - properties.offsetY * Number(frameHeight)
        let cos = Number.cosine(degrees: properties.angle)
        let sin = Number.sine(degrees: properties.angle)
        func corner(_ u: Double, _ v: Double) -> Point<Number> {
            let across = motion.transform.flipHorizontal ? 1 - u : u
            let down = motion.transform.flipVertical ? 1 - v : v
            let x = Number((across - anchor.x) * width) * properties.scale - properties.skewX * Number(frameWidth * (down - 0.5))
            let y = Number((down - anchor.y) * height) * properties.scale - properties.skewY * Number(frameHeight * (across - 0.5))
            return (pivotX + x * cos - y * sin, pivotY + x * sin + y * cos)
        }
        return (corner(0, 0), corner(1, 0), corner(0, 1), corner(1, 1))
    }

    /// Opacity, then the picture placed in `frame` (its group's: the stage, or the whole frame when the
    /// clip joins others) when its box moves; no `frame` leaves the placing to the group's overlay (see
    /// `glidePosition`). The stream's frames are the clip's, from `clip.phase` on.
    func filters(graph: inout FilterGraph, frame: ClipLayout?) -> [String] {
        guard motion.movesBox, let frame else { return opacity(graph: &graph) }
        return opacity(graph: &graph) + placement(in: frame)
    }

    /// The box moves without turning, shearing, flipping or changing size, and its picture is drawn at
    /// the box's size (not held to `largestPicture`). Such a picture needs no resampling: `overlay` can
    /// move it across the frame, which costs only the pixels it covers, where `perspective` would redraw
    /// the whole stage it sweeps on every frame.
    var onlyGlides: Bool {
        motion.movesBox && !motion.scale.isAnimated && motion.transform == .identity
            && picture.width == ClipLayout.even(baseWidth * motion.scale.value(at: 0))
    }

    /// The picture's top-left corner, as `overlay`'s x and y of the output time `t`, when its stream is
    /// laid on the output from frame `firstFrame` on. Even, as `overlay` places a 4:2:0 picture, and
    /// rounded rather than cut down.
    func glidePosition(firstFrame: Int) -> (x: String, y: String) {
        let frame = "(round(t*\(fps.numerator)/\(fps.denominator))-\(firstFrame))"
        let time = fps.clipTime(frameVariable: frame, phase: clip.phase)
        let properties = Self.properties(motion) { Expression.value(of: $0, time: time) }
        let box = Self.corners(of: properties, motion: motion, width: baseWidth, height: baseHeight, anchor: clip.clip.position.anchor, canvas: canvas)
        return (escapeFilterValue("2*round(\(box.topLeft.x.text)/2)"), escapeFilterValue("2*round(\(box.topLeft.y.text)/2)"))
    }

    private func opacity(graph: inout FilterGraph) -> [String] {
        switch motion.opacity {
        case .fixed(let opacity):
            return opacity < 1 ? ["lut=a=val*\(num(opacity))"] : []
        case .tweens:
            // eq works out its levels once a frame; an alpha expression would be worked out once a pixel.
            // Contrast k with brightness (k-1)/2 multiplies by k.
            let time = fps.clipTime(frameVariable: "n", phase: clip.phase)
            // A `Back` easing overshoots its ends.
            let opacity = "clip(\(Expression.value(of: motion.opacity, time: time).text),0,1)"
            let (picture, alpha, scaled) = (graph.label("op"), graph.label("opa"), graph.label("opb"))
            return [
                "split=2[\(picture)][\(alpha)];[\(alpha)]alphaextract,eq=eval=frame:contrast=\(escapeFilterValue(opacity))"
                    + ":brightness=\(escapeFilterValue("(\(opacity)-1)/2"))[\(scaled)];[\(picture)][\(scaled)]alphamerge"
            ]
        }
    }

    /// `perspective` keeps its input's size: the picture is padded to hold `frame`, its corners sent
    /// where they belong (the padding's corners follow, the map being affine), and `frame` cut out.
    private func placement(in frame: ClipLayout) -> [String] {
        let border = Self.border
        let paddedWidth = max(frame.width, picture.width + 2 * border)
        let paddedHeight = max(frame.height, picture.height + 2 * border)
        // perspective counts its input frames from 1.
        let time = fps.clipTime(frameVariable: "(in-1)", phase: clip.phase)
        var slot = Expression.firstPropertySlot
        var stores: [String] = []
        let properties = Self.properties(motion) { animated -> Expression in
            guard animated.isAnimated else { return Expression(animated.value(at: 0)) }
            stores.append("st(\(slot),\(Expression.value(of: animated, time: time).text))")
            slot += 1
            return Expression("ld(\(slot - 1))")
        }
        let box = Self.corners(of: properties, motion: motion, width: baseWidth, height: baseHeight, anchor: clip.clip.position.anchor, canvas: canvas)
        let origin = (x: Expression(Double(frame.x)), y: Expression(Double(frame.y)))
        func padded(_ x: Int, _ y: Int) -> (String, String) {
            let u = Expression(Double(x - border) / Double(picture.width))
            let v = Expression(Double(y - border) / Double(picture.height))
            let across = (x: box.topRight.x - box.topLeft.x, y: box.topRight.y - box.topLeft.y)
            let down = (x: box.bottomLeft.x - box.topLeft.x, y: box.bottomLeft.y - box.topLeft.y)
            let pointX = box.topLeft.x + u * across.x + v * down.x - origin.x
            let pointY = box.topLeft.y + u * across.y + v * down.y - origin.y
            let prefix = stores.isEmpty ? "" : stores.joined(separator: ";") + ";"
            return (escapeFilterValue(prefix + pointX.text), escapeFilterValue(prefix + pointY.text))
        }
        let corners = [padded(0, 0), padded(paddedWidth, 0), padded(0, paddedHeight), padded(paddedWidth, paddedHeight)]
        let points = corners.enumerated().map { index, point in "x\(index)=\(point.0):y\(index)=\(point.1)" }
        return [
            "pad=\(paddedWidth):\(paddedHeight):\(border):\(border):color=black@0",
            "perspective=" + points.joined(separator: ":") + ":sense=destination:eval=\(stores.isEmpty ? "init" : "frame")",
            "crop=\(frame.width):\(frame.height):0:0",
        ]
    }
}
