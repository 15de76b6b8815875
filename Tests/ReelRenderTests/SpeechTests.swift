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

    /// Pricing, the render and each chunk of a chunked render all read the one kept WAV: a render finds
    /// it there (and, when two speak at once, the first one kept wins).
    @Test func aSpeechIsSpokenOnceAndKeptInTheAssetCache() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = ##"{"clips": [{"asset": {"type": "text-to-speech", "text": "Spoken once.", "language": "en-GB"}, "start": 0}]}"##
        let first = try await scratch.render(request(tracks: tracks), to: "first.mp4").output
        let cache = scratch.file("data/cache")
        let kept = try FileManager.default.contentsOfDirectory(at: cache, includingPropertiesForKeys: nil).filter { $0.pathExtension == "wav" }
        try #require(kept.count == 1, "\(kept)")
        let spoken = try await ProbedFile(first).duration
        // Put 2.5 s of tone in its place: a render that spoke the text again would last as long as the speech.
        _ = try await scratch.ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=2.5", "tone.wav"])
        try FileManager.default.removeItem(at: kept[0])
        try FileManager.default.moveItem(at: scratch.file("tone.wav"), to: kept[0])
        let second = try await ProbedFile(try await scratch.render(request(tracks: tracks), to: "second.mp4").output).duration
        #expect(abs(second - 2.5) <= 0.06 && abs(spoken - 2.5) > 0.2, "spoken \(spoken) s, then \(second) s")
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
