import Foundation
import ReelRender
import ReelTimeline
import Testing

/// Reel's own work outside ffmpeg is bounded like ffmpeg's, and hostile caption cues stay text.
@Suite struct RenderBoundsTests {
    /// One paragraph long enough that laying it out takes seconds, as only a library caller with
    /// raised limits can ask for: the server's limits keep real requests far below it.
    /// Parsed on a thread of its own: seconds of CPU on the concurrency pool would stall other tests.
    static func longTextRender() async throws -> RenderRequest {
        try await offPool {
            let text = String(repeating: "lorem ipsum dolor sit amet ", count: 200_000)
            var limits = TimelineLimits()
            limits.maxTextLength = text.count
            let json = request(tracks: ##"{"clips": [{"asset": {"type": "text", "text": \##(jsonString(text)), "width": 120}, "start": 0, "length": 1}]}"##)
            return try RenderRequest.parse(Data(json.utf8), options: ValidationOptions(limits: limits))
        }
    }

    /// A configuration whose ffmpeg does not exist: a render that got as far as ffmpeg would fail with INTERNAL_ERROR.
    static func configurationWithoutFFmpeg(_ scratch: Scratch, timeout: Duration) -> RendererConfiguration {
        var configuration = scratch.configuration
        configuration.ffmpegPath = scratch.file("no-ffmpeg-here").path
        configuration.timeout = timeout
        return configuration
    }

    @Test func theTimeoutStopsARenderStillLayingOutText() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let render = try await Self.longTextRender()
        let renderer = Renderer(configuration: Self.configurationWithoutFFmpeg(scratch, timeout: .milliseconds(500)))
        let started = ContinuousClock.now
        let error = await #expect(throws: RenderError.self) { _ = try await renderer.render(render, to: scratch.file("out.mp4")) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .renderTimeout, "\(String(describing: error))")
        #expect(elapsed < .seconds(2), "the render ran \(elapsed) against a 0.5 s timeout")
    }

    @Test func aCancelStopsTextLayoutWithinASecond() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let render = try await Self.longTextRender()
        let renderer = Renderer(configuration: Self.configurationWithoutFFmpeg(scratch, timeout: .seconds(600)))
        let stages = ProgressLog()
        let task = Task { try await renderer.render(render, to: scratch.file("out.mp4")) { stages.append($0) } }
        try await Task.sleep(for: .milliseconds(700))
        let canceled = ContinuousClock.now
        task.cancel()
        let error = await #expect(throws: RenderError.self) { _ = try await task.value }
        let elapsed = ContinuousClock.now - canceled
        #expect(error?.code == .canceled, "\(String(describing: error))")
        #expect(elapsed < .seconds(1), "the render went on for \(elapsed) after its cancel")
        #expect(!stages.updates.contains { $0.stage == .rendering }, "ffmpeg was reached: the cancel did not land during layout")
    }

    /// Each kind of line break inside a cue, followed by a line of subtitle script that would draw
    /// text across the frame for nine seconds: the cues last half a second, so at 1.5 s nothing may show.
    @Test(arguments: ["\r", "\u{2028}", "\u{2029}", "\u{0C}", "\u{0B}", "\u{85}", "\r\n", "\n"])
    func aLineBreakInACueAddsNoLineToTheSubtitleScript(_ lineBreak: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let injected = "Dialogue: 0,0:00:00.00,0:00:09.00,Default,,0,0,60,,{\\fs40}INJECTED INJECTED"
        try "1\n00:00:00,000 --> 00:00:00,500\nfirst\(lineBreak)\(injected)\n\n".write(to: scratch.file("cues.srt"), atomically: true, encoding: .utf8)
        let tracks = ##"{"clips": [{"asset": {"type": "caption", "src": "cues.srt"}, "start": 0, "length": 2}]},"## + colorTrack("#000000")
        let output = try await scratch.render(request(tracks: tracks), to: "captions.mp4", base: scratch.folder).output
        let during = try await Frame(of: output, at: 0.25)
        let after = try await Frame(of: output, at: 1.5)
        let blank = Frame(width: after.width, height: after.height, color: (0, 0, 0))
        #expect(during.changedPixels(from: blank, x: 0..<320, y: 0..<180) > 20, "the cue itself was not drawn")
        #expect(after.changedPixels(from: blank, x: 0..<320, y: 0..<180) == 0, "text outside every cue")
    }
}
