import Foundation
import ReelRender
import Testing

/// Text, paths and captions that look like filter-graph syntax, expansions or shell
/// commands reach ffmpeg as data: they render literally and change nothing else.
@Suite struct SafetyTests {
    static let hostileTexts = [
        "it's \"quoted\" 'twice'", "a:b=c:d", "one, two; three", "[in]drawbox=w=100[out]", "back\\slash \\\\ \\n \\N",
        "%{pts} %{n} %{eif:1+1:d} %{localtime}", "line one\nline two", "emoji 🎬🍿 ok", "مرحبا بالعالم", "שלום עולם",
        "$(touch /tmp/reel-pwned) `touch /tmp/reel-pwned`", "',drawtext=text=x:fontfile=/etc/passwd,'", "{\\b1}ass{/b}",
    ]

    @Test(arguments: hostileTexts)
    func hostileTextRendersLiterally(_ text: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let clip = ##"{"clips": [{"asset": {"type": "text", "text": \##(jsonString(text)), "font": {"size": 24, "color": "#ffffff"}}, "start": 0, "length": 2}]}"##
        let output = try await scratch.render(request(tracks: clip + "," + colorTrack("#000000")), to: "text.mp4").output
        let early = try await Frame(of: output, at: 0.3)
        let late = try await Frame(of: output, at: 1.3)
        let blank = Frame(width: early.width, height: early.height, color: (0, 0, 0))
        #expect(early.changedPixels(from: blank, x: 0..<320, y: 0..<180) > 20, "nothing drawn for \(text)")
        // Expansions like %{pts} or %{n} would change from frame to frame.
        #expect(late.changedPixels(from: early, x: 0..<320, y: 0..<180) == 0, "the text changed over time: \(text)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/reel-pwned"))
        // The default font draws every ASCII character, so ffmpeg alone can draw those texts for comparison,
        // reading them from files the test writes: a text cut at a colon or at `%{` differs from it.
        if text.allSatisfy(\.isASCII) {
            let reference = try await Frame(of: try await referenceDrawing(of: text, in: scratch), at: 0.3)
            let ink = reference.changedPixels(from: blank, x: 0..<320, y: 0..<180)
            let differing = early.changedPixels(from: reference, x: 0..<320, y: 0..<180)
            #expect(differing <= ink / 20, "\(differing) of the \(ink) pixels of ffmpeg's own drawing differ for \(text)")
        }
    }

    @Test func hostileFolderAndFileNamesStayOneArgument() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let weird = scratch.file("data 'x', [y]; z:%{pts}\\")
        var configuration = RendererConfiguration(dataDirectory: weird)
        configuration.timeout = .seconds(60)
        let image = scratch.file("pic 'o', [1]; :x.png")
        try FileManager.default.copyItem(at: examplesFolder.appendingPathComponent("media/logo.png"), to: image)
        let captions = scratch.file("subs, 'x' [1].srt")
        try "1\n00:00:00,000 --> 00:00:02,000\n{\\an8}braces {x} and \\N back\\slash\n".write(to: captions, atomically: true, encoding: .utf8)
        let tracks = ##"""
            {"clips": [{"asset": {"type": "caption", "src": \##(jsonString(captions.lastPathComponent))}, "start": 0, "length": 2}]},
            {"clips": [{"asset": {"type": "text", "text": "x:y"}, "start": 0, "length": 2}]},
            {"clips": [{"asset": {"type": "image", "src": \##(jsonString(image.lastPathComponent))}, "start": 0, "length": 2, "fit": "none"}]}
            """##
        let renderer = Renderer(configuration: configuration)
        let result = try await renderer.render(try scratch.request(request(tracks: tracks), base: scratch.folder), to: scratch.file("out.mp4"))
        let frame = try await Frame(of: result.output, at: 1)
        #expect(frame.isColor((255, 200, 0), at: 0.5, 0.63, tolerance: 40))
        #expect(try await ProbedFile(result.output).duration > 1.9)
    }
}

/// `text` as the text clip above places it (white DejaVu Sans, 24 px, each line centred, lines 1.2 sizes
/// apart, the block centred on a black 320×180 frame), drawn by ffmpeg's drawtext from files the test writes.
private func referenceDrawing(of text: String, in scratch: Scratch) async throws -> URL {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let (size, step) = (24.0, 24.0 * 1.2)
    let top = (180 - (step * Double(lines.count - 1) + size)) / 2
    let filters = try lines.enumerated().map { index, line in
        let file = scratch.file("reference-\(index).txt")
        try String(line).write(to: file, atomically: true, encoding: .utf8)
        return "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:textfile=\(file.path):expansion=none"
            + ":fontsize=\(size):fontcolor=white:x=(W-tw)/2:y=\(top + step * Double(index))"
    }
    return try await scratch.ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=1", "-vf", filters.joined(separator: ","), "-pix_fmt", "yuv420p", "reference.mp4"])
}

func jsonString(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}
