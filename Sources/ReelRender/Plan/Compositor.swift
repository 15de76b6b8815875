import ReelTimeline

/// Builds the video half of the graph: a base picture, then every track from the
/// bottom one up, each clip drawn only while it is on screen.
struct Compositor {
    let planner: RenderPlanner
    var plan: RenderPlan

    init(planner: RenderPlanner, plan: RenderPlan) {
        self.planner = planner
        self.plan = plan
    }

    var canvas: FrameSize { planner.canvas }
    var fps: FrameRate { planner.fps }

    enum Layer {
        case pictures(ClipGroup)
        case text(ScheduledClip, TextAsset)
        case caption(ScheduledClip, CaptionAsset)
    }

    mutating func compose() throws(RenderError) {
        var layers = try self.layers()
        var stream: String
        if case .pictures(let group)? = layers.first, isBase(group) {
            stream = try pictures(group, format: "yuv420p")
            layers.removeFirst()
        } else {
            let background = planner.timeline.background
            stream = plan.graph.chain([], [
                "color=c=\(background.ffmpegHex):s=\(canvas):r=\(fps):d=\(num(plan.duration))", "format=yuv420p",
            ], hint: "bg")
        }
        for layer in layers {
            switch layer {
            case .pictures(let group):
                let picture = try pictures(group, format: group.needsAlpha ? "yuva420p" : "yuv420p")
                let (x, y) = group.glide?.glidePosition(firstFrame: group.firstFrame(at: fps)) ?? ("\(group.frame.x)", "\(group.frame.y)")
                let window = "between(t,\(num(group.shown.lowerBound)),\(num(group.shown.upperBound)))"
                stream = plan.graph.chain([stream, picture], [
                    "overlay=x=\(x):y=\(y):eof_action=pass:enable=\(escapeFilterValue(window))"
                ], hint: "v")
            case .text(let clip, let asset):
                stream = try drawText(asset, of: clip, on: stream)
            case .caption(let clip, let asset):
                stream = try burnCaptions(asset, of: clip, on: stream)
            }
        }
        if planner.output.format == .gif {
            stream = plan.graph.chain([stream], ["split=2[gifa][gifb];[gifa]palettegen=stats_mode=diff[gifp];[gifb][gifp]paletteuse=dither=bayer:bayer_scale=3"], hint: "gif")
        }
        plan.videoOutput = stream
    }

    /// The visual layers from the bottom track up; clips that join (see `ClipGroup.joins`) form one group.
    private func layers() throws(RenderError) -> [Layer] {
        var layers: [Layer] = []
        for track in planner.schedule.tracks.reversed() {
            var group: [ScheduledClip] = []
            func flush() throws(RenderError) {
                if !group.isEmpty {
                    layers.append(.pictures(try ClipGroup(group, planner: planner).masked(byMattesOf: track)))
                }
                group = []
            }
            for clip in track {
                switch clip.clip.asset {
                case .audio, .speech, .luma: continue
                case .text(let asset):
                    try flush()
                    layers.append(.text(clip, asset))
                case .caption(let asset):
                    try flush()
                    layers.append(.caption(clip, asset))
                case .video, .image, .color, .shape, .svg:
                    if let last = group.last, try !ClipGroup.joins(clip, after: last, planner: planner) { try flush() }
                    group.append(clip)
                }
            }
            try flush()
        }
        return layers
    }

    /// A group can be the base picture itself when it fills the whole frame for the whole output.
    private func isBase(_ group: ClipGroup) -> Bool {
        !group.needsAlpha && group.frame == ClipLayout(fullFrame: canvas) && group.start <= 1e-6
            && group.end >= plan.duration - 0.5 / fps.value
    }

    /// One stream for a group: its clips joined by crossfades or end to end, with its entrance and exit transitions.
    private mutating func pictures(_ group: ClipGroup, format: String) throws(RenderError) -> String {
        var stream = try clipStream(group.members[0], group: group, format: format)
        if let entrance = group.entrance {
            stream = transition(stream, entering: true, entrance.style, seconds: entrance.seconds, length: group.members[0].length, group: group, format: format)
        }
        for (previous, next) in zip(group.members, group.members.dropFirst()) {
            let nextStream = try clipStream(next, group: group, format: format)
            guard previous.end - next.start > 1e-6 else {
                stream = plan.graph.chain([stream, nextStream], ["concat=n=2:v=1:a=0"] + fps.frameTiming, hint: "j")
                continue
            }
            let kind = next.clip.transition.in?.kind ?? previous.clip.transition.out?.kind ?? .fade
            stream = plan.graph.chain([stream, nextStream], [
                "xfade=transition=\(kind.xfadeName):duration=\(num(previous.end - next.start)):offset=\(num(next.start - group.start))"
            ], hint: "x")
        }
        if let exit = group.exit {
            stream = transition(stream, entering: false, exit.style, seconds: exit.seconds, length: group.end - group.start, group: group, format: format)
        }
        if !group.mattes.isEmpty { stream = try mask(stream, with: group.mattes, group: group) }
        if group.start > 0 {
            // The group's first frame goes on the first output frame at or after its start, as a part that cuts the
            // group draws it (`ClipGroup.redrawingCuts`). `PTS+start/TB` truncated a start between two frames to the
            // frame before, where the overlay's enable hid it: the clip lost its first frame and its last.
            let frames = Int((group.start * fps.value - 1e-6).rounded(.up))
            stream = plan.graph.chain([stream], ["setpts=PTS+round(\(frames)/(FRAME_RATE*TB))"], hint: "p")
        } else if group.start < 0 {
            // Drawn from before the range's start (see `ClipGroup.redrawingCuts`).
            stream = plan.graph.chain([stream], ["trim=start_frame=\(fps.frames(-group.start))", "setpts=PTS-STARTPTS"], hint: "p")
        }
        return stream
    }

    /// A transition between the group and nothing: a fade of its alpha, or an xfade with a transparent frame.
    private mutating func transition(
        _ stream: String, entering: Bool, _ style: TransitionStyle, seconds: Double, length: Double, group: ClipGroup,
        format: String
    ) -> String {
        let start = entering ? 0 : length - seconds
        if style.kind == .fade {
            return plan.graph.chain([stream], ["fade=t=\(entering ? "in" : "out"):st=\(num(start)):d=\(num(seconds)):alpha=1"], hint: "f")
        }
        let clear = plan.graph.chain([], [
            "color=c=black@0:s=\(group.frame.width)x\(group.frame.height):r=\(fps):d=\(num(seconds))", "format=\(format)",
        ], hint: "clear")
        let inputs = entering ? [clear, stream] : [stream, clear]
        return plan.graph.chain(inputs, [
            "xfade=transition=\(style.kind.xfadeName):duration=\(num(seconds)):offset=\(num(start))"
        ], hint: "t")
    }
}

extension TransitionKind {
    var xfadeName: String {
        switch self {
        case .fade: "fade"
        case .reveal: "smoothleft"
        case .wipeLeft: "wipeleft"
        case .wipeRight: "wiperight"
        case .wipeUp: "wipeup"
        case .wipeDown: "wipedown"
        case .slideLeft: "slideleft"
        case .slideRight: "slideright"
        case .slideUp: "slideup"
        case .slideDown: "slidedown"
        case .zoom: "zoomin"
        case .circleOpen: "circleopen"
        case .circleClose: "circleclose"
        case .dissolve: "dissolve"
        case .pixelize: "pixelize"
        case .radial: "radial"
        case .fadeBlack: "fadeblack"
        case .fadeWhite: "fadewhite"
        }
    }
}
