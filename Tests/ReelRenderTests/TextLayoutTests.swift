import Foundation
@testable import ReelRender
import ReelTimeline
import Testing

/// Text wraps by the widths the font gives its glyphs; captions last as long as their cues.
@Suite struct TextLayoutTests {
    let dejaVu = URL(fileURLWithPath: FontBook.fallbackFile)

    @Test func fontMetricsGiveEachGlyphItsOwnWidth() throws {
        let metrics = try #require(FontMetrics(file: dejaVu))
        let wide = metrics.width(of: "WWWW", size: 20)
        let narrow = metrics.width(of: "iiii", size: 20)
        #expect(wide == 4 * metrics.width(of: "W", size: 20))
        #expect((72...84).contains(wide), "\(wide)")
        #expect(narrow < wide / 2, "\(narrow)")
        let missing = metrics.width(of: "\u{4E2D}", size: 20)
        #expect(missing > 0 && missing == metrics.width(of: "\u{4E8C}", size: 20), "a glyph the font lacks is drawn as glyph 0")
    }

    @Test func aFileThatIsNotAFontHasNoMetrics() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        #expect(FontMetrics(file: examplesFolder.appendingPathComponent("media/bars.jpg")) == nil)
        let font = try Data(contentsOf: dejaVu)
        for cut in [12, 200, font.count / 3] {
            let truncated = scratch.file("cut-\(cut).ttf")
            try font.prefix(cut).write(to: truncated)
            #expect(FontMetrics(file: truncated) == nil, "a font cut at \(cut) bytes")
        }
    }

    /// About 190 px each on one line: an estimate of 0.56 em per character kept the words on one
    /// line, and a word wider than the box was never broken.
    @Test(arguments: ["WWW WWW WWW", "WWWWWWWWW"])
    func wideGlyphsWrapInsideTheBox(_ words: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "\##(words)", "width": 130, "font": {"size": 20, "color": "#ffffff"}}, "start": 0, "length": 2}]}"##
        let withText = try await Frame(of: try await scratch.render(request(tracks: text + "," + colorTrack("#202080")), to: "wide.mp4").output, at: 1)
        let without = try await Frame(of: try await scratch.render(request(tracks: colorTrack("#202080")), to: "plain.mp4").output, at: 1)
        let box = 95..<225
        #expect(withText.changedPixels(from: without, x: box, y: 0..<180) > 300)
        #expect(withText.changedPixels(from: without, x: 0..<box.lowerBound, y: 0..<180) == 0)
        #expect(withText.changedPixels(from: without, x: box.upperBound..<320, y: 0..<180) == 0)
        #expect(inkedRows(withText, without).count >= 2, "two lines")
    }

    @Test func narrowGlyphsShareALine() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // About 85 px: an estimate of 0.56 em per character broke it into two lines.
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "llll llll llll", "width": 100, "font": {"size": 20, "color": "#ffffff"}}, "start": 0, "length": 2}]}"##
        let withText = try await Frame(of: try await scratch.render(request(tracks: text + "," + colorTrack("#202080")), to: "narrow.mp4").output, at: 1)
        let without = try await Frame(of: try await scratch.render(request(tracks: colorTrack("#202080")), to: "plain.mp4").output, at: 1)
        let rows = inkedRows(withText, without)
        #expect(rows.count == 1, "\(rows)")
    }

    /// drawtext puts a text's baseline as far below its `y` as the text's tallest glyph rises: a line of
    /// short letters sat 8 px higher than one with an "l", closer to the line above than the line height says.
    @Test func linesWithAndWithoutTallLettersStandALineHeightApart() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // Size 40 at the default line height of 1.2: baselines 48 px apart. Neither line has a descender.
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "Hello\nonce more\nHello", "font": {"size": 40, "color": "#ffffff"}}, "start": 0, "length": 2}]}"##
        let withText = try await Frame(of: try await scratch.render(request(tracks: text + "," + colorTrack("#202080")), to: "lines.mp4").output, at: 1)
        let without = try await Frame(of: try await scratch.render(request(tracks: colorTrack("#202080")), to: "plain.mp4").output, at: 1)
        let rows = inkedRows(withText, without)
        try #require(rows.count == 3, "\(rows)")
        let baselines = rows.map(\.upperBound)
        #expect(abs(baselines[1] - baselines[0] - 48) <= 1 && abs(baselines[2] - baselines[1] - 48) <= 1, "\(rows)")
    }

    /// drawtext has no fallback: without one of Reel's own, these characters came out as empty boxes.
    @Test(arguments: [("こんにちは", "Noto Sans CJK JP"), ("🎉 ★", "Symbola")])
    func charactersTheFontLacksAreDrawnWithASystemFontThatHasThem(_ text: String, _ family: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        func frame(_ family: String) async throws -> Frame {
            let clip = ##"{"clips": [{"asset": {"type": "text", "text": "\##(text)", "font": {"family": "\##(family)", "size": 40}}, "start": 0, "length": 1}]}"##
            return try await Frame(of: try await scratch.render(request(tracks: clip + "," + colorTrack("#202080", length: 1)), to: "\(family).mp4").output, at: 0.5)
        }
        let fallback = try await frame("DejaVu Sans")
        let direct = try await frame(family)
        let background = try await Frame(of: try await scratch.render(request(tracks: colorTrack("#202080", length: 1)), to: "plain.mp4").output, at: 0.5)
        #expect(fallback.changedPixels(from: background, x: 0..<320, y: 0..<180) > 100)
        #expect(fallback.changedPixels(from: direct, x: 0..<320, y: 0..<180) == 0, "drawn with \(family), as if the timeline had named it")
    }

    @Test func eachParagraphGetsTheFallbackForItsOwnCharacters() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let paragraphs: [Substring] = ["plain", "こんにちは", "emoji 🎬🍿 ok"]
        let book = try await FontBook.make(customFonts: [], families: [FontRequest(family: "DejaVu Sans", bold: false): paragraphs], directory: scratch.folder)
        func file(_ paragraph: Substring) throws -> String { try book.face(family: "DejaVu Sans", bold: false, for: paragraph) {}.file }
        #expect(try file("plain") == FontBook.fallbackFile)
        #expect(try file("こんにちは").hasSuffix("NotoSansCJK-Regular.ttc"))
        #expect(try file("emoji 🎬🍿 ok").hasSuffix("Symbola_hint.ttf"))
    }

    @Test func aCaptionWithAutoLengthLastsUntilItsLastCue() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let json = request(tracks: ##"""
            {"clips": [{"asset": {"type": "caption", "src": "media/captions.srt"}, "start": 0.5, "length": "auto"}]},
            \##(colorTrack("#202080", length: 1))
            """##)
        let durations = try await Renderer(configuration: scratch.configuration).mediaDurations(for: try scratch.request(json))
        #expect(durations == [.file(examplesFolder.appendingPathComponent("media/captions.srt").path): 3.8])
        let output = try await scratch.render(json, to: "captions.mp4").output
        #expect(abs(try await ProbedFile(output).duration - 4.3) <= 0.04)
    }

    /// The runs of rows where the two frames differ: one run a line of text.
    private func inkedRows(_ frame: Frame, _ background: Frame) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        for row in 0..<frame.height where frame.changedPixels(from: background, x: 0..<frame.width, y: row..<row + 1) > 0 {
            if let last = runs.last, last.upperBound == row {
                runs[runs.count - 1] = last.lowerBound..<row + 1
            } else {
                runs.append(row..<row + 1)
            }
        }
        return runs
    }
}
