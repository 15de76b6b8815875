import Foundation
import ReelTimeline

/// One subtitle: seconds from the start of its file.
struct CaptionCue: Sendable, Equatable {
    var start: Double
    var end: Double
    var text: String
}

extension [CaptionCue] {
    /// When the last cue ends: a caption clip's natural length.
    var end: Double { map(\.end).max() ?? 0 }
}

/// Reads SRT and WebVTT: every block with a `-->` timing line. Cue text is reduced to plain
/// text: markup tags are dropped and every kind of line break becomes one `\n`.
enum CaptionParser {
    /// Captions for a ten-minute video take tens of kilobytes; this bounds the work of reading them.
    static let maxFileBytes = 4 * 1024 * 1024

    /// The cues of a caption file; none when it cannot be read as UTF-8.
    static func cues(in file: URL) throws(RenderError) -> [CaptionCue] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try parse(text)
    }

    static func parse(_ text: String) throws(RenderError) -> [CaptionCue] {
        var cues: [CaptionCue] = []
        // Character.isNewline covers \r, \r\n, \n, U+0085, U+2028, U+2029, form feed and vertical tab:
        // libass would end a script line at some of them, so none may survive inside a cue.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var index = 0
        while index < lines.count {
            if index % 1024 == 0 { try checkNotCanceled() }
            let line = lines[index]
            index += 1
            guard line.contains("-->") else { continue }
            let parts = line.components(separatedBy: "-->")
            guard parts.count == 2, let start = seconds(parts[0]),
                let end = seconds(parts[1].split(separator: " ", omittingEmptySubsequences: true).first.map(String.init) ?? "")
            else { continue }
            var body: [String] = []
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
                body.append(stripTags(String(lines[index])))
                index += 1
            }
            if end > start, !body.isEmpty { cues.append(CaptionCue(start: start, end: end, text: body.joined(separator: "\n"))) }
        }
        return cues
    }

    /// `01:02:03,500`, `01:02:03.500` or `02:03.500`.
    private static func seconds(_ text: String) -> Double? {
        let fields = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".").split(separator: ":")
        guard (2...3).contains(fields.count) else { return nil }
        var total = 0.0
        for field in fields {
            guard let value = Double(field), value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total
    }

    private static func stripTags(_ line: String) -> String {
        line.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
    }
}

/// Writes captions as an ASS script for libass, positioned and styled by the clip.
enum CaptionScript {
    static func make(_ cues: [CaptionCue], asset: CaptionAsset, clip: ScheduledClip, canvas: FrameSize) -> String {
        var font = asset.font ?? .default
        if asset.font == nil { font.size = (Double(canvas.shortEdge) * 0.06).rounded() }
        let boxed = asset.background != nil
        let box = asset.background.map { $0.color.withOpacity($0.opacity) } ?? .black
        let outline = asset.background.map { max(1, $0.padding) } ?? 2
        let margin = Int(Double(canvas.height) * asset.margin)
        let style = [
            "Default", font.family, num(font.size), assColor(font.color), assColor(font.color), assColor(box), assColor(box),
            font.weight >= 600 ? "-1" : "0", "0", "0", "0", "100", "100", "0", "0", boxed ? "3" : "1", "\(outline)", "0", "2",
            "20", "20", "\(margin)", "1",
        ].joined(separator: ",")
        var script = """
            [Script Info]
            ScriptType: v4.00+
            PlayResX: \(canvas.width)
            PlayResY: \(canvas.height)
            WrapStyle: 0
            ScaledBorderAndShadow: yes

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: \(style)

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

            """
        let shift = clip.start - clip.phase
        for cue in cues {
            let start = max(cue.start + shift, clip.start)
            let end = min(cue.end + shift, clip.end)
            guard end > start else { continue }
            script += "Dialogue: 0,\(timestamp(start)),\(timestamp(end)),Default,,0,0,0,,\(escapeText(cue.text))\n"
        }
        return script
    }

    /// `&HAABBGGRR`, where ASS alpha 00 is opaque.
    private static func assColor(_ color: RGBAColor) -> String {
        String(format: "&H%02X%02X%02X%02X", 255 - Int(color.alpha), color.blue, color.green, color.red)
    }

    private static func timestamp(_ seconds: Double) -> String {
        let centiseconds = Int((seconds * 100).rounded())
        return String(format: "%d:%02d:%02d.%02d", centiseconds / 360_000, centiseconds / 6000 % 60, centiseconds / 100 % 60, centiseconds % 100)
    }

    /// Keeps cue text literal: braces are escaped so they open no override block, a backslash is
    /// followed by a word joiner so it starts no escape (`\N`, `\h`, `\{`), line breaks become `\N`,
    /// and other control characters, which no caption draws, are dropped.
    private static func escapeText(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\u{2060}"
            case "{", "}": escaped += "\\" + String(character)
            case _ where character.isNewline: escaped += "\\N"
            case _ where character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }): continue
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension Compositor {
    mutating func burnCaptions(_ asset: CaptionAsset, of clip: ScheduledClip, on stream: String) throws(RenderError) -> String {
        guard let cues = planner.inputs.captions[asset.src] else {
            throw RenderError(.internalError, "\(asset.src) was not read before planning")
        }
        let script = CaptionScript.make(cues, asset: asset, clip: clip, canvas: canvas)
        let path = plan.sideFile("captions-\(plan.sideFiles.count).ass", script, in: planner.workDirectory)
        var options = ["filename=\(escapeFilterValue(path))"]
        if let directory = planner.inputs.fonts.directory {
            options.append("fontsdir=\(escapeFilterValue(directory.path))")
        }
        return plan.graph.chain([stream], ["ass=" + options.joined(separator: ":")], hint: "cap")
    }
}
