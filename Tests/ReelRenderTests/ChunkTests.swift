import Foundation
import ReelRender
import ReelTimeline
import Testing

@Suite struct ChunkTests {
    /// Boundaries at 2 s and 4 s: a crossfade (1.5–2.5 s) and a zoom cross the first, a slide and a
    /// logo's fade-in (3.5–4.5 s) the second; text fades in before the first and out after the second.
    static func timeline(media: String) -> String {
        ##"""
        {"timeline": {"background": "#102030", "soundtrack": {"src": "\##(media)/music.mp3", "effect": "fadeInFadeOut"},
          "tracks": [
            {"clips": [{"asset": {"type": "text", "text": "Chunks", "font": {"size": 28, "color": "#ffffff"}},
                        "start": 0.5, "length": 5, "position": "bottom", "transition": {"in": "fade", "out": "fadeSlow"}}]},
            {"clips": [{"asset": {"type": "image", "src": "\##(media)/logo.png"}, "start": 3.5, "length": 2.5, "scale": 0.25,
                        "position": "topRight", "transition": {"in": "fade"}}]},
            {"clips": [
              {"asset": {"type": "image", "src": "\##(media)/sunset.jpg"}, "start": 0, "length": 2.5, "effect": "zoomIn", "transition": {"out": "fade"}},
              {"asset": {"type": "image", "src": "\##(media)/bars.jpg"}, "start": 1.46, "length": 3.04, "effect": "slideLeft", "transition": {"in": "fade"}},
              {"asset": {"type": "video", "src": "moving.mp4"}, "start": 4.5, "length": 1.5}]}
          ]},
         "output": {"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "quality": "veryhigh"}}
        """##
    }

    @Test func threeChunksJoinedEqualASinglePass() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let renderer = Renderer(configuration: scratch.configuration)
        // Moving pictures and a tone: testsrc2's noise would measure x264's two encodes more than the render.
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "testsrc=s=320x180:r=25:d=2", "-f", "lavfi", "-i", "sine=f=440:d=2",
            "-c:v", "libx264", "-crf", "16", "-pix_fmt", "yuv420p", "-c:a", "aac", "moving.mp4",
        ])
        let request = try scratch.request(Self.timeline(media: examplesFolder.appendingPathComponent("media").path), base: scratch.folder)
        let single = try await renderer.render(request, to: scratch.file("single.mp4")).output

        let length = try await renderer.length(of: request)
        #expect(length.soundCost > 0, "the tone costs something to mix and encode")
        let spans = Renderer.spans(frames: length.frames, count: 3, fps: request.output.fps)
        #expect(spans.map(\.startFrame) == [0, 50, 100] && spans.last?.endFrame == 150)
        let chunked = try await renderInChunks(request, length: length, spans: spans, renderer: renderer, scratch: scratch)

        let singleFrames = try await frameTimes(single)
        #expect(singleFrames.count == length.frames)
        #expect(try await frameTimes(chunked) == singleFrames, "every frame at the same time, none lost or doubled at a join")
        let psnr = try await framePSNR(single, chunked)
        #expect(psnr.count == length.frames)
        let worst = try #require(psnr.enumerated().min { $0.element < $1.element })
        #expect(worst.element >= 40, "frame \(worst.offset) differs: \(worst.element) dB")
        #expect(try await soundDigest(single) == soundDigest(chunked), "the sound is mixed once, as a single pass mixes it")
    }

    /// A clip that starts between two frames shows its first frame on the next one, in one pass as in a part
    /// that cuts it: testsrc's counter makes a frame shown one late differ everywhere.
    @Test func aClipStartingBetweenFramesShowsTheSameFramesWhenAChunkCutsIt() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let renderer = Renderer(configuration: scratch.configuration)
        _ = try await scratch.ffmpeg(["-f", "lavfi", "-i", "testsrc=s=320x180:r=25:d=3", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", "counter.mp4"])
        let request = try scratch.request(
            ##"{"timeline": {"background": "#000000", "tracks": [{"clips": [{"asset": {"type": "video", "src": "counter.mp4"}, "start": 0.23, "length": 1.7}]}]},"##
                + ##" "output": {"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "quality": "veryhigh"}}"##, base: scratch.folder)
        let single = try await renderer.render(request, to: scratch.file("single.mp4")).output
        let length = try await renderer.length(of: request)
        let spans = Renderer.spans(frames: length.frames, count: 2, fps: request.output.fps)
        let chunked = try await renderInChunks(request, length: length, spans: spans, renderer: renderer, scratch: scratch)
        let psnr = try await framePSNR(single, chunked)
        #expect(psnr.count == length.frames)
        let worst = try #require(psnr.enumerated().min { $0.element < $1.element })
        #expect(worst.element >= 40, "frame \(worst.offset) differs: \(worst.element) dB; \(psnr.enumerated().filter { $0.element < 40 }.map { "\($0.offset): \(Int($0.element))" })")
    }

    @Test func spansSplitOnWholeSecondsWhereTheRateAllows() {
        let thirty = FrameRate(numerator: 30, denominator: 1)
        #expect(Renderer.spans(frames: 300, count: 4, fps: thirty).map(\.startFrame) == [0, 60, 150, 210])
        #expect(Renderer.spans(frames: 45, count: 8, fps: thirty).map(\.frames) == [45])
        let ntsc = FrameRate(numerator: 30000, denominator: 1001)
        #expect(Renderer.spans(frames: 100, count: 3, fps: ntsc).map(\.frames) == [33, 33, 34])
    }

    @Test func theFirstSpanIsShorterByTheWorkItsWorkerAlsoDoes() {
        let thirty = FrameRate(numerator: 30, denominator: 1)
        // 60 s and 4 s of sound for two workers: 32 s of work each, so 28 s of picture for the sound's worker.
        #expect(Renderer.spans(frames: 1800, count: 2, fps: thirty, firstWorkerAlsoDoes: 120).map(\.startFrame) == [0, 840])
        #expect(Renderer.spans(frames: 1800, count: 3, fps: thirty, firstWorkerAlsoDoes: 90).map(\.startFrame) == [0, 540, 1170])
        // More extra work than a share still leaves the first worker a second of picture.
        #expect(Renderer.spans(frames: 300, count: 2, fps: thirty, firstWorkerAlsoDoes: 3000).map(\.frames) == [30, 270])
    }
}

/// Renders `request` as the workers of a chunked render do: each span's part, the sound, then the join.
func renderInChunks(_ request: RenderRequest, length: Renderer.Length, spans: [ChunkSpan], renderer: Renderer, scratch: Scratch) async throws -> URL {
    var parts: [URL] = []
    for span in spans {
        let part = scratch.file("part-\(span.index).mkv")
        try await renderer.renderPart(request, span: span, isLast: span.index == spans.count - 1, to: part)
        parts.append(part)
    }
    let sound = scratch.file(Renderer.soundFileName(for: request.output))
    let hasSound = try await renderer.renderSound(request, to: sound)
    return try await renderer.join(parts: parts, sound: hasSound ? sound : nil, request: request, duration: length.duration, to: scratch.file("chunked.mp4")).output
}

/// Each frame's presentation time, in order.
func frameTimes(_ file: URL) async throws -> [String] {
    let output = try await run("/usr/bin/ffprobe", [
        "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time", "-of", "csv=p=0", file.path,
    ])
    // A key frame's line also carries its side data, after a comma.
    return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: ",").first.map(String.init) }
}

/// The PSNR of each frame of `other` against `reference` (all planes), from ffmpeg's psnr filter.
func framePSNR(_ reference: URL, _ other: URL) async throws -> [Double] {
    let stats = reference.deletingLastPathComponent().appendingPathComponent("psnr.log")
    _ = try await run("/usr/bin/ffmpeg", [
        "-v", "error", "-i", reference.path, "-i", other.path, "-lavfi", "[0:v][1:v]psnr=stats_file=\(stats.path)", "-f", "null", "-",
    ])
    return try String(contentsOf: stats, encoding: .utf8).split(separator: "\n").compactMap { line in
        guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("psnr_avg:") }) else { return nil }
        let value = field.dropFirst("psnr_avg:".count)
        return value == "inf" ? .infinity : Double(value)
    }
}

/// The MD5 of the decoded sound.
private func soundDigest(_ file: URL) async throws -> String {
    String(decoding: try await run("/usr/bin/ffmpeg", ["-v", "error", "-i", file.path, "-map", "0:a", "-f", "md5", "-"]), as: UTF8.self)
}
