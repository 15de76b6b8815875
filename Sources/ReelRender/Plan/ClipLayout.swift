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
        let sourceW = Double(max(sourceWidth, 1))
        let sourceH = Double(max(sourceHeight, 1))
        let fitted: (Double, Double)
        switch clip.fit {
        case .crop, .cover: fitted = (frameW, frameH)
        case .contain:
            let factor = min(frameW / sourceW, frameH / sourceH)
            fitted = (sourceW * factor, sourceH * factor)
        case .none: fitted = (sourceW, sourceH)
        }
        width = Self.even(fitted.0 * clip.scale)
        height = Self.even(fitted.1 * clip.scale)
        let anchor = clip.position.anchor
        x = Int((anchor.x * (frameW - Double(width)) + clip.offset.x * frameW).rounded())
        y = Int((anchor.y * (frameH - Double(height)) - clip.offset.y * frameH).rounded())
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
