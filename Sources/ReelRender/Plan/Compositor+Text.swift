import ReelTimeline

extension Compositor {
    /// Draws a text clip with one `drawtext` per line. The text reaches ffmpeg only
    /// through side files read with `expansion=none`, so no character of it is ever
    /// parsed as filter syntax or as a `%{...}` expansion.
    mutating func drawText(_ asset: TextAsset, of clip: ScheduledClip, on stream: String) throws(RenderError) -> String {
        let font = asset.font
        let lines = try wrap(asset.text, font: font, width: asset.width)
        let step = font.size * font.lineHeight
        let blockHeight = step * Double(lines.count - 1) + font.size
        let padding = Double(asset.background?.padding ?? 0)
        let anchor = clip.clip.position.anchor
        let offsetX = clip.clip.offset.x * Double(canvas.width)
        let offsetY = clip.clip.offset.y * Double(canvas.height)
        let top: String
        if let height = asset.height {
            let boxTop = (Double(canvas.height) - Double(height)) * anchor.y - offsetY
            top = num(boxTop + (Double(height) - blockHeight) * asset.alignment.vertical.fraction)
        } else {
            top = num(padding + (Double(canvas.height) - blockHeight - 2 * padding) * anchor.y - offsetY)
        }
        let motion = TextMotion(clip: clip, canvas: canvas)
        var stream = stream
        for (index, line) in lines.enumerated() where !line.text.allSatisfy(\.isWhitespace) {
            let textFile = plan.sideFile("text-\(plan.sideFiles.count).txt", line.text, in: planner.workDirectory)
            let x: String
            if let width = asset.width {
                let boxLeft = (Double(canvas.width) - Double(width)) * anchor.x + offsetX
                x = "\(num(boxLeft))+(\(width)-tw)*\(num(asset.alignment.horizontal.fraction))"
            } else {
                x = "\(num(padding))+(W-tw-\(num(2 * padding)))*\(num(anchor.x))+\(num(offsetX))"
            }
            var options = [
                "fontfile=\(escapeFilterValue(line.fontFile))", "textfile=\(escapeFilterValue(textFile))", "expansion=none",
                "fontsize=\(num(font.size))", "fontcolor=\(font.color.ffmpegHex)",
                "x=\(escapeFilterValue("\(x)+\(motion.dx)"))",
                "y=\(escapeFilterValue("\(top)+\(num(step * Double(index)))+\(motion.dy)"))",
                "alpha=\(escapeFilterValue(motion.alpha))",
                "enable=\(escapeFilterValue("between(t,\(num(clip.start)),\(num(clip.end)))"))",
            ]
            if let background = asset.background {
                options += ["box=1", "boxcolor=\(background.color.withOpacity(background.opacity).ffmpegHex)", "boxborderw=\(background.padding)"]
            }
            stream = plan.graph.chain([stream], ["drawtext=" + options.joined(separator: ":")], hint: "txt")
        }
        return stream
    }

    /// Splits at newlines, picks each paragraph's font, then wraps words to the box width as
    /// that font measures them; a word wider than the box on its own is broken between characters.
    private func wrap(_ text: String, font: TextFont, width: Int?) throws(RenderError) -> [(text: String, fontFile: String)] {
        var lines: [(text: String, fontFile: String)] = []
        let check = planner.cancellation.check
        for paragraph in try FontBook.paragraphs(of: text, check: check) {
            let face = try planner.inputs.fonts.face(family: font.family, bold: font.weight >= 600, for: paragraph, check: check)
            lines += try wrap(paragraph, size: font.size, metrics: face.metrics, width: width).map { ($0, face.file) }
        }
        return lines
    }

    /// Widths add up (drawtext advances glyph by glyph, no kerning), so each word and character is
    /// measured once: wrapping takes time in proportion to the text. Being work outside ffmpeg,
    /// it stops as soon as the render is canceled or out of time.
    private func wrap(_ paragraph: Substring, size: Double, metrics: FontMetrics?, width: Int?) throws(RenderError) -> [String] {
        guard let width else { return [String(paragraph)] }
        let measure = { (text: Substring) in
            metrics?.width(of: text, size: size) ?? Double(text.count) * size * 0.56
        }
        let limit = Double(width)
        let space = measure(" ")
        var lines: [String] = []
        var line = ""
        var lineWidth = 0.0
        for word in paragraph.split(separator: " ") {
            try planner.cancellation.check()
            let wordWidth = measure(word)
            let joinedWidth = line.isEmpty ? wordWidth : lineWidth + space + wordWidth
            if joinedWidth <= limit {
                line += line.isEmpty ? String(word) : " " + word
                lineWidth = joinedWidth
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            lineWidth = 0
            for (index, character) in word.indices.enumerated() {
                if index % 1024 == 1023 { try planner.cancellation.check() }
                let characterWidth = measure(word[character...character])
                if !line.isEmpty, lineWidth + characterWidth > limit {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(word[character])
                lineWidth += characterWidth
            }
        }
        return lines + [line]
    }
}

/// How a text clip enters and leaves: slides move it, every other transition fades it.
private struct TextMotion {
    var dx = "0"
    var dy = "0"
    var alpha: String

    init(clip: ScheduledClip, canvas: FrameSize) {
        let virtualStart = clip.start - clip.phase
        let virtualEnd = virtualStart + clip.fullLength
        var alphaTerms = [num(clip.clip.opacity)]
        var dxTerms: [String] = []
        var dyTerms: [String] = []
        let edges: [(TransitionStyle?, Bool)] = [(clip.clip.transition.in, true), (clip.clip.transition.out, false)]
        for case (let style?, let entering) in edges {
            let seconds = min(style.seconds, clip.fullLength / 2)
            let shown = entering
                ? "clip((t-\(num(virtualStart)))/\(num(seconds)),0,1)"
                : "clip((\(num(virtualEnd))-t)/\(num(seconds)),0,1)"
            let away = "(1-\(shown))"
            let sign = entering ? 1 : -1
            switch style.kind {
            case .slideLeft: dxTerms.append("(\(sign)*W*\(away))")
            case .slideRight: dxTerms.append("(\(-sign)*W*\(away))")
            case .slideUp: dyTerms.append("(\(sign)*H*\(away))")
            case .slideDown: dyTerms.append("(\(-sign)*H*\(away))")
            default: alphaTerms.append(shown)
            }
        }
        alpha = alphaTerms.joined(separator: "*")
        if !dxTerms.isEmpty { dx = dxTerms.joined(separator: "+") }
        if !dyTerms.isEmpty { dy = dyTerms.joined(separator: "+") }
    }
}

extension TextAlignment.Horizontal {
    var fraction: Double {
        switch self {
        case .left: 0
        case .center: 0.5
        case .right: 1
        }
    }
}

extension TextAlignment.Vertical {
    var fraction: Double {
        switch self {
        case .top: 0
        case .center: 0.5
        case .bottom: 1
        }
    }
}
