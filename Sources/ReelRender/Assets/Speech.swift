import Crypto
import Foundation
import ReelTimeline

/// Speaks `text-to-speech` assets offline with espeak-ng (Debian's espeak-ng) into WAV files. The text
/// goes through a file and the voice is a checked name (see `AssetParser.speech`), so neither can be
/// read as an option. espeak-ng says the same words the same way every time: each speech is kept in the
/// asset cache, named by the SHA-256 of its language, voice and text, so that pricing, the render and
/// every chunk of a chunked render speak it once between them.
enum Speech {
    static let espeak = RendererConfiguration.locate("espeak-ng")

    /// The speech's name in the asset cache.
    static func name(of speech: SpeechAsset) -> String {
        let key = ["text-to-speech", speech.language.lowercased(), speech.voice ?? "", speech.text].joined(separator: "\n")
        return SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined() + ".wav"
    }

    static func speak(_ speech: SpeechAsset, index: Int, work: URL, cache: AssetCache, path: String) async throws(RenderError) -> URL {
        try await cache.keep(name(of: speech), describedAs: "a speech in the asset cache") { output throws(RenderError) in
            let text = work.appendingPathComponent("speech-\(index).txt")
            do {
                try Data(speech.text.utf8).write(to: text)
            } catch {
                throw RenderError(.internalError, "could not write a speech's text: \(error)")
            }
            // An unknown variant is the language's own voice; an unknown language fails.
            let voice = speech.language.lowercased() + (speech.voice.map { "+" + $0 } ?? "")
            let arguments = ["-v", voice, "-b", "1", "-w", output.path, "-f", text.path]
            let result: FFmpegProcess.Result
            do {
                result = try await FFmpegProcess(executable: espeak, arguments: arguments, timeout: .seconds(120)).run()
            } catch {
                throw RenderError(.internalError, "espeak-ng could not run: \(error)")
            }
            guard result.status == 0 else {
                let languagePath = path + ".language"
                throw RenderError(.invalidAsset, "\(languagePath): espeak-ng has no voice for '\(speech.language)'", path: languagePath)
            }
        }
    }
}

extension Renderer {
    /// Each distinct speech of the request as a WAV file, spoken once, by its `spokenSource`.
    func speakAll(_ request: RenderRequest, work: URL) async throws(RenderError) -> [MediaSource: PreparedAsset] {
        var spoken: [MediaSource: PreparedAsset] = [:]
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        for (clip, path) in request.timeline.clipsWithPaths {
            guard case .speech(let speech) = clip.asset, spoken[speech.spokenSource] == nil else { continue }
            let file = try await Speech.speak(speech, index: spoken.count, work: work, cache: fetcher.cache, path: path + ".asset")
            let info = try await probe.probe(file)
            spoken[speech.spokenSource] = PreparedAsset(file: file, info: info)
            try checkNotCanceled()
        }
        return spoken
    }

    /// How long each speech whose clip has an `auto` length lasts once spoken: what pricing needs.
    func spokenLengths(_ request: RenderRequest) async throws(RenderError) -> [MediaSource: Double] {
        let speaks = request.timeline.tracks.contains { track in
            track.clips.contains { clip in
                if case .speech = clip.asset { return clip.length == .auto }
                return false
            }
        }
        guard speaks else { return [:] }
        let work = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        return try await speakAll(request, work: work).compactMapValues(\.info.duration)
    }
}
