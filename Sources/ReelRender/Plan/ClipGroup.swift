import ReelTimeline

extension ScheduledClip {
    /// Seconds cut from the clip's own end by the output range.
    var cutAtEnd: Double { fullLength - phase - length }

    mutating func extend(forward seconds: Double) {
        length += seconds
    }
}

/// Clips of one track drawn as one stream: a single clip, clips joined by crossfades,
/// or clips that fill the frame back to back, joined end to end.
struct ClipGroup {
    struct EdgeTransition {
        var style: TransitionStyle
        var seconds: Double
    }

    var members: [ScheduledClip]
    var layouts: [ClipLayout]
    /// Each member's motion on the frame, when it has tweens or a transform.
    var motions: [MovingClip?]
    let canvas: FrameSize
    /// Every clip fills the whole frame with no transparency.
    var isOpaque: Bool
    var entrance: EdgeTransition?
    var exit: EdgeTransition?
    /// When the group is on screen; its stream may begin earlier or end later (see `redrawingCuts`).
    var shown: ClosedRange<Double>
    /// The luma clips of its track that mask it, in time order (see `masked(byMattesOf:)`).
    var mattes: [ScheduledClip] = []

    /// A single clip that only glides (`MovingClip.onlyGlides`): its stream is its picture, and the
    /// group's overlay moves it. Not under a luma matte, which stays where it is on the frame: such a clip is
    /// placed inside its stage, under it.
    var glide: MovingClip? {
        guard members.count == 1, mattes.isEmpty, let moving = motions[0], moving.onlyGlides else { return nil }
        return moving
    }

    /// Where the group's stream lands: a single clip's own box (a gliding clip's picture, which the overlay
    /// moves), or the whole frame when clips are joined.
    var frame: ClipLayout {
        if let glide { return ClipLayout(width: glide.picture.width, height: glide.picture.height, x: 0, y: 0) }
        return members.count == 1 ? layouts[0] : ClipLayout(fullFrame: canvas)
    }

    /// Transparency is needed unless every clip is opaque and nothing fades it against what is below.
    var needsAlpha: Bool { !isOpaque || entrance != nil || exit != nil || !mattes.isEmpty }

    var start: Double { members[0].start }
    var end: Double { members[members.count - 1].end }

    /// The output frame that shows the group's first frame: the first at or after its start, or, for a
    /// group drawn from before the range's start, a negative count of the frames trimmed off.
    func firstFrame(at fps: FrameRate) -> Int {
        start >= 0 ? Int((start * fps.value - 1e-6).rounded(.up)) : -fps.frames(-start)
    }

    init(_ cutMembers: [ScheduledClip], planner: RenderPlanner) throws(RenderError) {
        canvas = planner.canvas
        let (members, shown) = Self.redrawingCuts(cutMembers, fps: planner.fps)
        self.members = members
        self.shown = shown
        var layouts: [ClipLayout] = []
        var motions: [MovingClip?] = []
        var opaque = true
        for member in members {
            let (layout, fills, moving) = try Self.layout(member, planner: planner)
            layouts.append(layout)
            motions.append(moving)
            opaque = opaque && fills
        }
        self.layouts = layouts
        self.motions = motions
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

    /// A range render (an output range, or one chunk of a chunked render) cuts clips at its edges. This
    /// redraws a group the range cut as a render of the whole timeline draws it, so that the parts of a
    /// chunked render join into the same frames:
    /// - Where a cut falls inside a transition, the clips it joins are drawn from the transition's start,
    ///   or to its end, so that it is at the same point on every frame; what lies outside the range is
    ///   trimmed off the group's stream.
    /// - A whole render overlays a group whose start falls between two frames from the next frame on; so
    ///   a group the range's start cut is moved by the same fraction of a frame, keeping that frame first.
    /// `shown` stays the clips' own time on screen.
    static func redrawingCuts(_ members: [ScheduledClip], fps: FrameRate) -> (members: [ScheduledClip], shown: ClosedRange<Double>) {
        var members = members
        let rate = fps.value
        func transitionSeconds(_ style: TransitionStyle?, of clip: ScheduledClip) -> Double {
            style.map { min($0.seconds, clip.fullLength / 2) } ?? 0
        }
        let last = members[members.count - 1]
        var forward = last.cutAtEnd < transitionSeconds(last.clip.transition.out, of: last) ? last.cutAtEnd : 0
        if members.count > 1, last.start < members[members.count - 2].end - 1e-6 { forward = max(forward, members[members.count - 2].cutAtEnd) }
        if forward > 1e-6 {
            // Each clip the range's end cut goes to its own end at most.
            for index in members.indices where members[index].end > last.end - 1e-6 {
                members[index].extend(forward: min(forward, members[index].cutAtEnd))
            }
        }
        let shown = (members[0].start - members[0].phase)...members.map(\.end).max()!
        let first = members[0]
        guard first.phase > 1e-6 else { return (members, shown) }

        // The group's own frames are counted from its first clip's start: `shownFirst` is the one the whole
        // render shows at the range's start, `drawnFirst` the first one this group must draw.
        var back = first.phase < transitionSeconds(first.clip.transition.in, of: first) ? first.phase : 0
        if members.count > 1, members[1].start < first.end - 1e-6 { back = max(back, members[1].phase) }
        let shownFirst = (first.phase * rate + 1e-6).rounded(.down)
        let drawnFirst = ((first.phase - back) * rate + 1e-6).rounded(.down)
        let shift = first.phase - shownFirst / rate
        let groupStart = (drawnFirst - shownFirst) / rate
        for index in members.indices {
            let clip = members[index]
            let alignedStart = clip.start - clip.phase + shift
            let start = max(alignedStart, groupStart)
            members[index].phase = start - alignedStart
            members[index].length = clip.end + shift - start
            members[index].start = start
        }
        return (members, shown)
    }

    /// Where a clip lands, and whether it covers the whole frame with no transparency.
    /// Also the clip's motion, worked out on the way.
    static func layout(_ clip: ScheduledClip, planner: RenderPlanner) throws(RenderError) -> (ClipLayout, fillsFrame: Bool, moving: MovingClip?) {
        let moving = try movingClip(clip, planner: planner)
        if let moving, moving.motion.movesBox { return (moving.stage, false, moving) }
        let (width, height, hasAlpha) = try sourcePicture(clip.clip.asset, planner: planner)
        let layout = ClipLayout(clip: clip.clip.placedAtItsOwnSizeIfAShape, sourceWidth: width, sourceHeight: height, canvas: planner.canvas)
        let opaque = !hasAlpha && clip.clip.opacity >= 1 && clip.clip.motion == nil
        return (layout, opaque && layout == ClipLayout(fullFrame: planner.canvas), moving)
    }

    /// The clip's motion on the frame, when it has tweens or a transform.
    private static func movingClip(_ clip: ScheduledClip, planner: RenderPlanner) throws(RenderError) -> MovingClip? {
        guard let motion = clip.clip.motion else { return nil }
        let (width, height, _) = try sourcePicture(clip.clip.asset, planner: planner)
        return MovingClip(clip, motion: motion, sourceWidth: width, sourceHeight: height, canvas: planner.canvas, fps: planner.fps)
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
            let (width, height, hasAlpha) = cropped(try planner.asset(video.src).info, video.crop)
            return (width, height, hasAlpha || video.playback.chromaKey != nil)
        case .shape, .svg:
            let info = try planner.vectorPicture(asset).info
            return (info.width ?? 2, info.height ?? 2, true)
        case .text, .caption, .audio, .speech, .luma:
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
