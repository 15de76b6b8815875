import Foundation
@testable import ReelTimeline
import Testing

@Suite struct SpeechParsingTests {
    @Test func aSpeechIsReadAndWaitsForItsSpokenLength() throws {
        let tracks = ##"{"clips": [{"asset": {"type": "text-to-speech", "text": "Hi {{NAME}}", "voice": "m3", "language": "fr"}, "start": 1}]}"##
        let json = ##"{"timeline": {"tracks": [\##(tracks)]}, "output": {"format": "mp3"}, "merge": [{"find": "NAME", "replace": "Ada"}]}"##
        let asset = try RenderRequest.parse(Data(json.utf8)).timeline.tracks[0].clips[0].asset
        let speech = SpeechAsset(text: "Hi Ada", voice: "m3", language: "fr", volume: 1, effect: nil)
        #expect(asset == .speech(speech) && !asset.isVisual)
        let schedule = try resolve(tracks.replacingOccurrences(of: "{{NAME}}", with: "Ada"), durations: [speech.spokenSource: 2.5])
        #expect(schedule.duration == 3.5)
    }

    @Test func voicesLanguagesAndLengthsAreBounded() {
        let prefix = "timeline.tracks[0].clips[0].asset."
        let found = issues(body(clip: ##"{"asset": {"type": "text-to-speech", "text": " ", "voice": "-x; rm", "language": "en US"}, "start": 0}"##))
        #expect(Set(found.map(\.path)) == Set(["text", "voice", "language"].map { prefix + $0 }))
        var limits = TimelineLimits()
        limits.maxSpeechLength = 10
        let long = issues(
            body(clip: ##"{"asset": {"type": "text-to-speech", "text": "far too long to say"}, "start": 0}"##), options: ValidationOptions(limits: limits))
        #expect(long.map(\.path) == [prefix + "text"])
    }
}
