import ReelTimeline

/// What one drawtext draws: a text and its expressions.
struct TextPiece {
    var text: String
    var x: String
    var y: String
    var alpha: String
    var enable: String
}

/// A text's `animation`: its characters (typewriter) or words appear one after another, in reading order
/// across its lines, each drawn by a drawtext of its own at the place the whole line puts it.
struct TextEntrance {
    let preset: TextAnimation.Preset
    /// Seconds between two units' appearances; a word fades or rises in over as long.
    let step: Double
    /// Units in the lines before each line.
    let unitsBefore: [Int]
    let virtualStart: Double
    let fontSize: Double
    /// How far below a line's top its baseline lies (see `Compositor.drawText`).
    let ascent: Double

    init(_ animation: TextAnimation, lines: [String], clip: ScheduledClip, fontSize: Double, ascent: Double) {
        preset = animation.preset
        var before: [Int] = []
        var count = 0
        for line in lines {
            before.append(count)
            count += Self.units(of: line, preset).count
        }
        unitsBefore = before
        step = animation.seconds(inClipOf: clip.fullLength) / Double(max(1, count))
        virtualStart = clip.start - clip.phase
        self.fontSize = fontSize
        self.ascent = ascent
    }

    /// A typewriter's units are characters, spaces included so that they take their time; the others' are words.
    private static func units(of line: String, _ preset: TextAnimation.Preset) -> [Range<String.Index>] {
        switch preset {
        case .typewriter: line.indices.map { $0..<line.index(after: $0) }
        case .fadeInWords, .slideInWords: line.split(separator: " ").map { $0.startIndex..<$0.endIndex }
        }
    }

    /// The pieces of line `index`: `left` places a text of the given width as the line is aligned, and
    /// each unit sits where the text before it on its line ends (drawtext's advances add up), on the line's
    /// baseline.
    func pieces(of line: WrappedLine, index: Int, left: (_ textWidth: String) -> String, top: String, motion: TextMotion, enable: String) -> [TextPiece] {
        let lineLeft = left(num(line.width(of: line.text[...], size: fontSize)))
        let top = "\(top)+\(num(ascent))-max_glyph_a"
        let time = "(t-\(num(virtualStart)))"
        return Self.units(of: line.text, preset).enumerated().compactMap { (offset, range) -> TextPiece? in
            let unit = line.text[range]
            guard !unit.allSatisfy(\.isWhitespace) else { return nil }
            let appears = num(Double(unitsBefore[index] + offset) * step)
            let x = "\(lineLeft)+\(num(line.width(of: line.text[..<range.lowerBound], size: fontSize)))+\(motion.dx)"
            let shownFrom = "\(enable)*gte(\(time),\(appears))"
            let shown = "clip((\(time)-\(appears))/\(num(step)),0,1)"
            switch preset {
            case .typewriter:
                return TextPiece(text: String(unit), x: x, y: "\(top)+\(motion.dy)", alpha: motion.alpha, enable: shownFrom)
            case .fadeInWords:
                return TextPiece(text: String(unit), x: x, y: "\(top)+\(motion.dy)", alpha: "(\(motion.alpha))*\(shown)", enable: shownFrom)
            case .slideInWords:
                // Rises half a font size into place.
                let y = "\(top)+\(motion.dy)+(1-\(shown))*\(num(fontSize / 2))"
                return TextPiece(text: String(unit), x: x, y: y, alpha: "(\(motion.alpha))*\(shown)", enable: shownFrom)
            }
        }
    }
}
