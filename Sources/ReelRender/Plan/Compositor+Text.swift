import ReelTimeline

extension Compositor {
    /// Draws a text clip with one `drawtext` per line, or per character or word of a line when the text
    /// has an `animation` (see `TextEntrance`). The text reaches ffmpeg only
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
        let enable = "between(t,\(num(clip.start)),\(num(clip.end)))"
        // drawtext puts a text's baseline as far below `y` as its highest glyph rises (`max_glyph_a`): a line
        // without tall letters would sit higher than the others, and a lone "a" higher than an "l". Every
        // line and piece is put on the baseline the tallest line has, which leaves that line where it was.
        let ascents = lines.map { $0.metrics?.ascent(of: $0.text[...], size: font.size) }
        let blockAscent = ascents.contains { $0 == nil } ? nil : ascents.compactMap { $0 }.max()
        let entrance = asset.animation.map {
            TextEntrance($0, lines: lines.map(\.text), clip: clip, fontSize: font.size, ascent: blockAscent ?? (font.size * 0.8).rounded())
        }
        let baseline = blockAscent.map { "+\(num($0))-max_glyph_a" } ?? ""
        var stream = stream
        let frameWidth = Double(canvas.width)
        for (index, line) in lines.enumerated() where !line.text.allSatisfy(\.isWhitespace) {
            func left(textWidth: String) -> String {
                if let width = asset.width {
                    let boxLeft = (frameWidth - Double(width)) * anchor.x + offsetX
                    return "\(num(boxLeft))+(\(width)-\(textWidth))*\(num(asset.alignment.horizontal.fraction))"
                }
                return "\(num(padding))+(W-\(textWidth)-\(num(2 * padding)))*\(num(anchor.x))+\(num(offsetX))"
            }
            let lineTop = "\(top)+\(num(step * Double(index)))"
            let pieces = entrance?.pieces(of: line, index: index, left: left, top: lineTop, motion: motion, enable: enable)
                ?? [TextPiece(text: line.text, x: "\(left(textWidth: "tw"))+\(motion.dx)", y: "\(lineTop)\(baseline)+\(motion.dy)", alpha: motion.alpha, enable: enable)]
            for piece in pieces {
                let textFile = plan.sideFile("text-\(plan.sideFiles.count).txt", piece.text, in: planner.workDirectory)
                var options = [
                    "fontfile=\(escapeFilterValue(line.fontFile))", "textfile=\(escapeFilterValue(textFile))", "expansion=none",
                    "fontsize=\(num(font.size))", "fontcolor=\(font.color.ffmpegHex)",
                    "x=\(escapeFilterValue(piece.x))", "y=\(escapeFilterValue(piece.y))",
                    "alpha=\(escapeFilterValue(piece.alpha))", "enable=\(escapeFilterValue(piece.enable))",
                ]
                if let background = asset.background {
                    options += ["box=1", "boxcolor=\(background.color.withOpacity(background.opacity).ffmpegHex)", "boxborderw=\(background.padding)"]
                }
                stream = plan.graph.chain([stream], ["drawtext=" + options.joined(separator: ":")], hint: "txt")
            }
        }
        return stream
    }

    /// Splits at newlines, picks each paragraph's font, then wraps words to the box width as
    /// that font measures them; a word wider than the box on its own is broken between characters.
    private func wrap(_ text: String, font: TextFont, width: Int?) throws(RenderError) -> [WrappedLine] {
        var lines: [WrappedLine] = []
        let check = planner.cancellation.check
        for paragraph in try FontBook.paragraphs(of: text, check: check) {
            let face = try planner.inputs.fonts.face(family: font.family, bold: font.weight >= 600, for: paragraph, check: check)
            lines += try wrap(paragraph, size: font.size, metrics: face.metrics, width: width).map {
                WrappedLine(text: $0, fontFile: face.file, metrics: face.metrics)
            }
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
/// One line of a text clip as drawtext draws it, with the font that measures it.
struct WrappedLine {
    var text: String
    var fontFile: String
    var metrics: FontMetrics?

    /// Its width at `size` pixels; without the font's metrics, an estimate.
    func width(of part: Substring, size: Double) -> Double {
        metrics?.width(of: part, size: size) ?? Double(part.count) * size * 0.56
    }
}

struct TextMotion {
    var dx = "0"
    var dy = "0"
    var alpha: String

    init(clip: ScheduledClip, canvas: FrameSize) {
        let virtualStart = clip.start - clip.phase
        let virtualEnd = virtualStart + clip.fullLength
        var alphaTerms = [num(clip.clip.opacity)]
        var dxTerms: [String] = []
        var dyTerms: [String] = []
        if let motion = clip.clip.motion {
            Self.tweens(motion, since: virtualStart, canvas: canvas, alpha: &alphaTerms, dx: &dxTerms, dy: &dyTerms)
        }
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

extension TextMotion {
    /// Tweened opacity replaces the static one; tweened offsets move the text from where its offset at
    /// the clip's start puts it.
    static func tweens(
        _ motion: ClipMotion, since virtualStart: Double, canvas: FrameSize, alpha: inout [String], dx: inout [String], dy: inout [String]
    ) {
        let time = "(t-\(num(virtualStart)))"
        if motion.opacity.isAnimated { alpha = ["clip(\(Expression.value(of: motion.opacity, time: time).text),0,1)"] }
        if motion.offsetX.isAnimated {
            dx.append("(\(Expression.value(of: motion.offsetX, time: time).text)-\(num(motion.offsetX.value(at: 0))))*\(canvas.width)")
        }
        if motion.offsetY.isAnimated {
            dy.append("(\(num(motion.offsetY.value(at: 0)))-\(Expression.value(of: motion.offsetY, time: time).text))*\(canvas.height)")
        }
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
