import Foundation
import ReelRender
import ReelTimeline
import Testing

/// `speed`, `volumeEffect` and `chromaKey` on video and audio assets, checked on the rendered frames and sound.
@Suite struct PlaybackTests {
    /// Six seconds of testsrc, whose every frame differs from the next: its counter and its moving bar.
    private func counter(_ scratch: Scratch) async throws -> URL {
        try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "testsrc=s=320x180:r=25:d=6", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", "counter.mp4",
        ])
    }

    @Test func twiceTheSpeedPlaysSixSecondsInThreeShowingTheSourceAtTwiceTheTime() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let source = try await counter(scratch)
        let track = ##"{"clips": [{"asset": {"type": "video", "src": "counter.mp4", "speed": 2}, "start": 0}]}"##
        let output = try await scratch.render(request(tracks: track), to: "fast.mp4", base: scratch.folder).output
        #expect(abs(try await ProbedFile(output).duration - 3) <= 0.05)
        for time in [0.6, 1.8, 2.8] {
            let frame = try await Frame(of: output, at: time)
            let sourceAtTwice = try await Frame(of: source, at: 2 * time)
            let sourceAtSame = try await Frame(of: source, at: time)
            let pixels = 0..<320
            let rows = 0..<180
            #expect(frame.changedPixels(from: sourceAtTwice, x: pixels, y: rows) < 200, "at \(time) s")
            #expect(frame.changedPixels(from: sourceAtSame, x: pixels, y: rows) > 1000, "at \(time) s")
        }
    }

    @Test func fasterAudioKeepsItsPitch() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        _ = try await scratch.ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=4:r=48000", "tone.wav"])
        let track = ##"{"clips": [{"asset": {"type": "audio", "src": "tone.wav", "speed": 2.5}, "start": 0}]}"##
        let output = try await scratch.render(request(tracks: track, output: ##"{"format": "wav"}"##), to: "fast.wav", base: scratch.folder).output
        #expect(abs(try await ProbedFile(output).duration - 1.6) <= 0.05)
        let frequency = try await dominantFrequency(output, from: 0.3, seconds: 1)
        #expect(abs(frequency - 440) <= 8, "\(frequency) Hz")
    }

    @Test func aVideosVolumeEffectFadesItsSound() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=blue:s=320x180:r=25:d=4", "-f", "lavfi", "-i", "sine=f=440:d=4",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "toned.mp4",
        ])
        let track = ##"{"clips": [{"asset": {"type": "video", "src": "toned.mp4", "volumeEffect": "fadeIn"}, "start": 0, "length": 4}]}"##
        let output = try await scratch.render(request(tracks: track), to: "faded.mp4", base: scratch.folder).output
        let start = try await loudness(output, from: 0, seconds: 0.1)
        let middle = try await loudness(output, from: 2.5, seconds: 0.5)
        // lavfi's sine is an eighth of full scale: 0.088 RMS.
        #expect(middle > 0.05 && start < middle / 5, "start \(start), middle \(middle)")
    }

    /// A red and white subject on green, keyed over red.
    @Test func aChromaKeyShowsTheTrackBelowWhereTheGreenWasAndKeepsTheSubject() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i",
            "color=c=0x00B140:s=320x180:r=25:d=2,drawbox=x=40:y=40:w=80:h=100:color=red:t=fill,drawbox=x=200:y=40:w=80:h=100:color=white:t=fill",
            "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", "screen.mp4",
        ])
        let tracks = ##"""
            {"clips": [{"asset": {"type": "video", "src": "screen.mp4", "chromaKey": {"color": "#00b140", "threshold": 100, "halo": 40}}, "start": 0, "length": 2}]},
            \##(colorTrack("#ff0000"))
            """##
        let frame = try await Frame(of: try await scratch.render(request(tracks: tracks), to: "keyed.mp4", base: scratch.folder).output, at: 1)
        for (x, y) in [(0.05, 0.1), (0.5, 0.5), (0.95, 0.9), (0.5, 0.05)] {
            #expect(frame.isColor((255, 0, 0), at: x, y), "the green at \(x), \(y) is keyed out: \(frame.pixel(at: x, y))")
        }
        #expect(frame.isColor((255, 0, 0), at: 0.25, 0.5), "the red subject stays: \(frame.pixel(at: 0.25, 0.5))")
        #expect(frame.isColor((255, 255, 255), at: 0.75, 0.5), "the white subject stays: \(frame.pixel(at: 0.75, 0.5))")
    }

    /// Chunks cut the sped-up clip at 1 s and 2 s of output, 0.6 s and 1.6 s into the clip: each part must
    /// read its source from 1.2 s and 3.2 s, at the clip's speed, to draw the single pass's frames.
    @Test func chunksCuttingASpedUpClipEqualASinglePass() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        _ = try await counter(scratch)
        let json = request(tracks: ##"""
            {"clips": [{"asset": {"type": "video", "src": "counter.mp4", "speed": 2}, "start": 0.4, "scale": 0.6, "transition": {"in": "fade"}}]},
            \##(colorTrack("#204060", length: 3.4))
            """##, output: ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "quality": "veryhigh"}"##)
        let request = try scratch.request(json, base: scratch.folder)
        let renderer = Renderer(configuration: scratch.configuration)
        let single = try await renderer.render(request, to: scratch.file("single.mp4")).output
        let length = try await renderer.length(of: request)
        let spans = Renderer.spans(frames: length.frames, count: 3, fps: request.output.fps)
        #expect(spans.map(\.startFrame) == [0, 25, 50] && length.frames == 85)
        let chunked = try await renderInChunks(request, length: length, spans: spans, renderer: renderer, scratch: scratch)
        #expect(try await frameTimes(chunked) == frameTimes(single))
        let psnr = try await framePSNR(single, chunked)
        #expect(psnr.count == length.frames)
        let worst = try #require(psnr.enumerated().min { $0.element < $1.element })
        #expect(worst.element >= 40, "frame \(worst.offset) differs: \(worst.element) dB")
    }
}

/// Mono samples of a file's sound from `start`, as 16-bit PCM at 48 kHz.
private func samples(_ file: URL, from start: Double, seconds: Double) async throws -> [Int16] {
    let data = try await run("/usr/bin/ffmpeg", [
        "-v", "error", "-i", file.path, "-ss", String(start), "-t", String(seconds), "-map", "0:a", "-ac", "1", "-ar", "48000",
        "-f", "s16le", "-",
    ])
    return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
}

/// A pure tone's frequency: it crosses zero upwards once a period.
private func dominantFrequency(_ file: URL, from start: Double, seconds: Double) async throws -> Double {
    let pcm = try await samples(file, from: start, seconds: seconds)
    try #require(pcm.count > 24_000, "\(pcm.count) samples")
    let rising = zip(pcm, pcm.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
    return Double(rising) * 48_000 / Double(pcm.count)
}

/// The root mean square of the sound, 0–1.
private func loudness(_ file: URL, from start: Double, seconds: Double) async throws -> Double {
    let pcm = try await samples(file, from: start, seconds: seconds)
    try #require(!pcm.isEmpty)
    let power = pcm.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(pcm.count)
    return power.squareRoot() / 32_768
}
