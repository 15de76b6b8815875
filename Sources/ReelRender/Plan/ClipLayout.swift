import ReelTimeline

/// Where a visual clip lands on the frame: its box size and top-left corner.
struct ClipLayout: Equatable {
    var width: Int
    var height: Int
    var x: Int
    var y: Int

    /// Lays out a clip whose source picture is `sourceWidth`×`sourceHeight` (after its crop).
    init(clip: Clip, sourceWidth: Int, sourceHeight: Int, canvas: FrameSize) {
        let frameW = Double(canvas.width)
        let frameH = Double(canvas.height)
        let fitted = Self.fitted(clip.fit, sourceWidth: sourceWidth, sourceHeight: sourceHeight, canvas: canvas)
        width = Self.even(fitted.0 * clip.scale)
        height = Self.even(fitted.1 * clip.scale)
        let anchor = clip.position.anchor
        x = Int((anchor.x * (frameW - Double(width)) + clip.offset.x * frameW).rounded())
        y = Int((anchor.y * (frameH - Double(height)) - clip.offset.y * frameH).rounded())
    }

    /// The box's size at scale 1.
    static func fitted(_ fit: Fit, sourceWidth: Int, sourceHeight: Int, canvas: FrameSize) -> (Double, Double) {
        let frameW = Double(canvas.width)
        let frameH = Double(canvas.height)
        let sourceW = Double(max(sourceWidth, 1))
        let sourceH = Double(max(sourceHeight, 1))
        switch fit {
        case .crop, .cover: return (frameW, frameH)
        case .contain:
            let factor = min(frameW / sourceW, frameH / sourceH)
            return (sourceW * factor, sourceH * factor)
        case .none: return (sourceW, sourceH)
        }
    }

    init(width: Int, height: Int, x: Int, y: Int) {
        (self.width, self.height, self.x, self.y) = (width, height, x, y)
    }

    init(fullFrame canvas: FrameSize) {
        width = canvas.width
        height = canvas.height
        x = 0
        y = 0
    }

    /// yuv420p needs even sizes.
    static func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
}
