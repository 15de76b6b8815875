import ReelTimeline

/// Clips of one track drawn as one stream: a single clip, clips joined by crossfades,
/// or clips that fill the frame back to back, joined end to end.
struct ClipGroup {
    struct EdgeTransition {
        var style: TransitionStyle
        var seconds: Double
    }

    var members: [ScheduledClip]
    var layouts: [ClipLayout]
    /// Where the group's stream lands: a single clip's own box, or the whole frame when clips are joined.
    var frame: ClipLayout
    /// Every clip fills the whole frame with no transparency.
    var isOpaque: Bool
    var entrance: EdgeTransition?
    var exit: EdgeTransition?

    /// Transparency is needed unless every clip is opaque and nothing fades it against what is below.
    var needsAlpha: Bool { !isOpaque || entrance != nil || exit != nil }

    var start: Double { members[0].start }
    var end: Double { members[members.count - 1].end }

    init(_ members: [ScheduledClip], planner: RenderPlanner) throws(RenderError) {
        let canvas = planner.canvas
        self.members = members
        var layouts: [ClipLayout] = []
        var opaque = true
        for member in members {
            let (layout, fills) = try Self.layout(member, planner: planner)
            layouts.append(layout)
            opaque = opaque && fills
        }
        self.layouts = layouts
        self.frame = members.count == 1 ? layouts[0] : ClipLayout(fullFrame: canvas)
        self.isOpaque = opaque
        let frameSeconds = 1 / planner.fps.value
        let first = members[0]
        if let style = first.clip.transition.in {
            let remaining = min(style.seconds, first.fullLength / 2) - first.phase
            if remaining > frameSeconds { entrance = EdgeTransition(style: style, seconds: remaining) }
        }
        let last = members[members.count - 1]
        if let style = last.clip.transition.out {
            let cutAtEnd = last.fullLength - last.phase - last.length
            let remaining = min(min(style.seconds, last.fullLength / 2) - cutAtEnd, last.length)
            if remaining > frameSeconds { exit = EdgeTransition(style: style, seconds: remaining) }
        }
    }

    /// Where a clip lands, and whether it covers the whole frame with no transparency.
    static func layout(_ clip: ScheduledClip, planner: RenderPlanner) throws(RenderError) -> (ClipLayout, fillsFrame: Bool) {
        let (width, height, hasAlpha) = try sourcePicture(clip.clip.asset, planner: planner)
        let layout = ClipLayout(clip: clip.clip, sourceWidth: width, sourceHeight: height, canvas: planner.canvas)
        return (layout, !hasAlpha && clip.clip.opacity >= 1 && layout == ClipLayout(fullFrame: planner.canvas))
    }

    /// Whether `next` joins the group ending with `last`: across a crossfade, or back to back
    /// when both fill the frame, so the pair becomes one stream rather than two overlays.
    static func joins(_ next: ScheduledClip, after last: ScheduledClip, planner: RenderPlanner) throws(RenderError) -> Bool {
        if last.end - next.start > 1e-6 { return true }
        guard abs(last.end - next.start) < 0.5 / planner.fps.value, last.clip.transition.out == nil,
            next.clip.transition.in == nil
        else { return false }
        let lastFills = try layout(last, planner: planner).fillsFrame
        let nextFills = try layout(next, planner: planner).fillsFrame
        return lastFills && nextFills
    }

    /// The picture size a clip starts from (after its crop), and whether it has transparency.
    private static func sourcePicture(_ asset: Asset, planner: RenderPlanner) throws(RenderError) -> (Int, Int, Bool) {
        switch asset {
        case .color(let color):
            return (planner.canvas.width, planner.canvas.height, color.color.alpha < 255)
        case .image(let image):
            let info = try planner.asset(image.src).info
            return cropped(info, image.crop)
        case .video(let video):
            let info = try planner.asset(video.src).info
            return cropped(info, video.crop)
        case .text, .caption, .audio:
            throw RenderError(.internalError, "a \(asset) clip has no picture of its own")
        }
    }

    private static func cropped(_ info: MediaInfo, _ crop: Crop?) -> (Int, Int, Bool) {
        let width = Double(info.width ?? 2)
        let height = Double(info.height ?? 2)
        guard let crop else { return (Int(width), Int(height), info.hasAlpha) }
        return (
            Int(width * (1 - crop.left - crop.right)), Int(height * (1 - crop.top - crop.bottom)), info.hasAlpha
        )
    }
}
