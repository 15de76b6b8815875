import Foundation
import ReelRender
import Testing

/// `text-to-speech` assets, spoken by espeak-ng.
@Suite struct SpeechTests {
    /// What espeak-ng itself says the speech lasts.
    private func spokenLength(_ text: String, voice: String, scratch: Scratch) async throws -> Double {
        let wav = scratch.file("reference.wav")
        _ = try await run("/usr/bin/espeak-ng", ["-v", voice, "-w", wav.path, text])
        return try await ProbedFile(wav).duration
    }

    @Test func anAutoLengthLastsAsLongAsTheSpeechAndTheSoundIsThere() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = "Reel speaks this sentence offline."
        let expected = try await spokenLength(text, voice: "en-us+f2", scratch: scratch)
        try #require(expected > 1)
        let tracks = ##"""
            {"clips": [{"asset": {"type": "text-to-speech", "text": "\##(text)", "voice": "f2", "language": "en-US"}, "start": 0.5, "alias": "voice"}]},
            {"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": "alias://voice", "length": "alias://voice"}]}
            """##
        let output = try await scratch.render(request(tracks: tracks), to: "speech.mp4").output
        let probe = try await ProbedFile(output)
        #expect(abs(probe.duration - (0.5 + expected)) <= 0.06, "\(probe.duration) s for \(expected) s of speech from 0.5 s")
        #expect(probe.audioCodec == "aac")
        let frame = try await Frame(of: output, at: 0.25)
        #expect(frame.isColor((0, 0, 0), at: 0.5, 0.5), "the colour waits for the speech")
        #expect(try await Frame(of: output, at: 0.5 + expected - 0.1).isColor((255, 0, 0), at: 0.5, 0.5), "and lasts as long")
        let pcm = try await run("/usr/bin/ffmpeg", ["-v", "error", "-i", output.path, "-ss", "0.6", "-t", "0.8", "-ac", "1", "-f", "s16le", "-"])
        let samples = pcm.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let peak = samples.map { abs(Int($0)) }.max() ?? 0
        #expect(peak > 3000, "speech is heard: peak \(peak)")
    }

    @Test func aLanguageEspeakLacksFailsNamingIt() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"{"clips": [{"asset": {"type": "text-to-speech", "text": "Hello", "language": "xx-YY"}, "start": 0}]}"##
        await #expect {
            _ = try await scratch.render(request(tracks: track), to: "none.mp4")
        } throws: { error in
            (error as? RenderError)?.path == "timeline.tracks[0].clips[0].asset.language"
        }
    }
}
