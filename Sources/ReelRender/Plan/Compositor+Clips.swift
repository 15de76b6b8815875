import ReelTimeline

extension Compositor {
    /// One clip as a stream of exactly its length in frames, sized to the group's frame,
    /// in `format`, timed from zero at the output rate.
    mutating func clipStream(_ clip: ScheduledClip, group: ClipGroup, format: String) throws(RenderError) -> String {
        let index = group.members.firstIndex(of: clip)!
        let moving = group.motions[index]
        // A moving clip's picture is drawn at its largest, then placed by `MovingClip`.
        let layout = moving.flatMap { $0.motion.movesBox ? ClipLayout(width: $0.picture.width, height: $0.picture.height, x: 0, y: 0) : nil }
            ?? group.layouts[index]
        let frames = fps.frames(clip.length)
        var filters: [String] = []
        var source: [String] = []
        switch clip.clip.asset {
        case .color(let color):
            filters.append("color=c=\(color.color.ffmpegHex):s=\(layout.width)x\(layout.height):r=\(fps):d=\(num(clip.length))")
            filters += look(clip.clip)
            filters += finish(clip.clip, layout: layout, group: group, format: format)
        case .image, .shape, .svg:
            let (file, stillCrop) = try still(clip.clip.asset)
            source = ["\(plan.addInput(["-i", file.path])):v"]
            filters += crop(stillCrop)
            if let effect = clip.clip.effect, effect.kind.isSlide {
                // A slide keeps one zoom: scale the still once, then move a crop window over it.
                let zoom = 1 + effect.amount
                let width = ClipLayout.even(Double(layout.width) * zoom)
                let height = ClipLayout.even(Double(layout.height) * zoom)
                filters += fit(clip.clip, width: width, height: height) + look(clip.clip) + ["format=\(format)"]
                filters += ["loop=loop=\(frames - 1):size=1:start=0"] + fps.frameTiming + [slide(effect, clip: clip, layout: layout)]
                filters += finish(clip.clip, layout: layout, group: group, format: format)
                break
            }
            filters += fit(clip.clip, width: layout.width, height: layout.height) + look(clip.clip)
            if let effect = clip.clip.effect {
                // Converting the one still before zoompan beats converting every frame it makes.
                filters.append("format=\(format)")
                filters.append(zoompan(effect, clip: clip, layout: layout, framesPerInput: frames))
                filters += finish(clip.clip, layout: layout, group: group, format: format)
            } else {
                filters += finish(clip.clip, layout: layout, group: group, format: format)
                filters += ["loop=loop=\(frames - 1):size=1:start=0"] + fps.frameTiming
            }
        case .video(let video):
            let file = try planner.asset(video.src).file
            let input = plan.addInput(proxyDecoding + ["-ss", num(clip.sourceStart), "-t", num(clip.sourceLength), "-i", file.path])
            source = ["\(input):v"]
            filters += [retiming(video.playback), "fps=\(fps)"] + keying(video.playback) + crop(video.crop) + fit(clip.clip, width: layout.width, height: layout.height) + look(clip.clip)
            if let effect = clip.clip.effect {
                filters.append("format=\(format)")
                filters.append(zoompan(effect, clip: clip, layout: layout, framesPerInput: 1))
            }
            filters += finish(clip.clip, layout: layout, group: group, format: format)
            filters += ["tpad=stop=-1:stop_mode=clone", "trim=end_frame=\(frames)"]
        case .text, .caption, .audio, .speech, .luma:
            throw RenderError(.internalError, "\(clip.path) is not a picture clip")
        }
        if let moving { filters += moving.filters(graph: &plan.graph, frame: group.glide == nil ? group.frame : nil) }
        return plan.graph.chain(source, filters, hint: "c")
    }

    /// A proxy's frames are small and few: its sources' decoders skip the frames nothing refers to and
    /// the deblocking filter. Decoding the sources at their own size is most of a proxy render's time
    /// (the README's "Previews").
    private var proxyDecoding: [String] {
        planner.output.encoderSpeed == .proxy ? ["-skip_frame", "noref", "-skip_loop_filter", "all"] : []
    }

    private func crop(_ crop: Crop?) -> [String] {
        guard let crop else { return [] }
        return ["crop=w=iw*\(num(1 - crop.left - crop.right)):h=ih*\(num(1 - crop.top - crop.bottom)):x=iw*\(num(crop.left)):y=ih*\(num(crop.top))"]
    }

    private func fit(_ clip: Clip, width: Int, height: Int) -> [String] {
        // A proxy's picture is judged at a few hundred pixels, where the cheapest scaler looks the same.
        let size = "\(width):\(height)" + (planner.output.encoderSpeed == .proxy ? ":flags=fast_bilinear" : "")
        guard clip.fit == .crop else { return ["scale=\(size)", "setsar=1"] }
        // Cut the centred window of the box's shape first, then scale only that:
        // a wide source filling a tall frame scales a third of the pixels.
        let ratio = "\(width)/\(height)"
        let window = "crop=w=\(escapeFilterValue("min(iw,ih*\(ratio))")):h=\(escapeFilterValue("min(ih,iw/(\(ratio)))"))"
        return [window, "scale=\(size)", "setsar=1"]
    }

    /// The clip's colour filter.
    private func look(_ clip: Clip) -> [String] {
        switch clip.filter {
        case nil: []
        case .greyscale: ["hue=s=0"]
        case .blur: ["gblur=sigma=\(num(max(2, Double(canvas.width) / 160)))"]
        case .boost: ["eq=contrast=1.15:saturation=1.6"]
        case .contrast: ["eq=contrast=1.6"]
        case .darken: ["eq=brightness=-0.25"]
        case .lighten: ["eq=brightness=0.25"]
        case .muted: ["eq=saturation=0.35:contrast=0.9"]
        case .negative: ["negate"]
        }
    }

    /// Opacity, placement inside the group's frame, and the pixel format.
    private func finish(_ clip: Clip, layout: ClipLayout, group: ClipGroup, format: String) -> [String] {
        var filters = ["format=\(format)"]
        guard let motion = clip.motion else {
            if clip.opacity < 1 { filters.append("lut=a=val*\(num(clip.opacity))") }
            return filters + place(layout, in: group.frame)
        }
        // `MovingClip` draws its opacity, and places its picture when the box moves.
        return motion.movesBox ? filters : filters + place(layout, in: group.frame)
    }

    /// Crops the clip's box to the group's frame and pads it to fill it.
    private func place(_ layout: ClipLayout, in frame: ClipLayout) -> [String] {
        var filters: [String] = []
        if layout != frame {
            let left = max(frame.x, layout.x)
            let top = max(frame.y, layout.y)
            let right = min(frame.x + frame.width, layout.x + layout.width)
            let bottom = min(frame.y + frame.height, layout.y + layout.height)
            let visibleWidth = max(2, right - left)
            let visibleHeight = max(2, bottom - top)
            filters.append("crop=\(visibleWidth):\(visibleHeight):\(max(0, left - layout.x)):\(max(0, top - layout.y))")
            filters.append("pad=\(frame.width):\(frame.height):\(max(0, left - frame.x)):\(max(0, top - frame.y)):color=black@0")
        }
        return filters
    }

    /// How far through the clip's whole length frame `frameVariable` is, 0–1, counting what the range cut.
    private func motionProgress(_ clip: ScheduledClip, frameVariable: String) -> String {
        let skipped = (clip.phase * fps.value).rounded()
        let span = Double(max(1, fps.frames(clip.fullLength) - 1))
        return "min(1,(\(frameVariable)+\(num(skipped)))/\(num(span)))"
    }

    /// A crop window of the clip's size moving across its scaled-up still; `n` counts frames.
    private func slide(_ effect: MotionEffect, clip: ScheduledClip, layout: ClipLayout) -> String {
        let progress = motionProgress(clip, frameVariable: "n")
        let (x, y): (String, String) =
            switch effect.kind {
            case .slideLeft: ("(iw-ow)*\(progress)", "(ih-oh)/2")
            case .slideRight: ("(iw-ow)*(1-\(progress))", "(ih-oh)/2")
            case .slideUp: ("(iw-ow)/2", "(ih-oh)*\(progress)")
            default: ("(iw-ow)/2", "(ih-oh)*(1-\(progress))")
            }
        return "crop=\(layout.width):\(layout.height):x=\(escapeFilterValue(x)):y=\(escapeFilterValue(y))"
    }

    /// Ken Burns motion over the clip's whole length; `on` counts output frames.
    private func zoompan(_ effect: MotionEffect, clip: ScheduledClip, layout: ClipLayout, framesPerInput: Int) -> String {
        let amount = effect.amount
        let progress = motionProgress(clip, frameVariable: "on")
        let centreX = "(iw-iw/zoom)/2"
        let centreY = "(ih-ih/zoom)/2"
        let (zoom, x, y): (String, String, String) =
            switch effect.kind {
            case .zoomIn: ("1+\(num(amount))*\(progress)", centreX, centreY)
            case .zoomOut: ("1+\(num(amount))*(1-\(progress))", centreX, centreY)
            case .slideLeft: ("\(num(1 + amount))", "(iw-iw/zoom)*\(progress)", centreY)
            case .slideRight: ("\(num(1 + amount))", "(iw-iw/zoom)*(1-\(progress))", centreY)
            case .slideUp: ("\(num(1 + amount))", centreX, "(ih-ih/zoom)*\(progress)")
            case .slideDown: ("\(num(1 + amount))", centreX, "(ih-ih/zoom)*(1-\(progress))")
            }
        return "zoompan=z=\(escapeFilterValue(zoom)):x=\(escapeFilterValue(x)):y=\(escapeFilterValue(y)):d=\(framesPerInput):s=\(layout.width)x\(layout.height):fps=\(fps)"
    }
}

extension MotionEffect {
    /// How much larger than the frame the picture gets: the zoom's change, or a slide's constant zoom.
    var amount: Double {
        switch speed {
        case .slow: 0.1
        case .normal: 0.2
        case .fast: 0.35
        }
    }
}

extension MotionKind {
    var isSlide: Bool { self != .zoomIn && self != .zoomOut }
}
