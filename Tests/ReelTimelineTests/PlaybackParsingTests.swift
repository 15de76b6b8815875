import Foundation
@testable import ReelTimeline
import Testing

@Suite struct PlaybackParsingTests {
    let video = "https://example.com/v.mp4"

    @Test func speedVolumeEffectAndChromaKeyAreRead() throws {
        let clip = try timeline(##"""
            {"clips": [{"asset": {"type": "video", "src": "\##(video)", "speed": 1.5, "volumeEffect": "fadeOut",
                                  "chromaKey": {"color": "#00b140", "threshold": 120}}, "start": 0, "length": 2}]}
            """##).tracks[0].clips[0]
        let expected = MediaPlayback(
            speed: 1.5, volumeEffect: .fadeOut, chromaKey: ChromaKey(color: RGBAColor(red: 0, green: 0xb1, blue: 0x40), threshold: 120, halo: 100))
        #expect(clip.asset.playback == expected)
    }

    @Test func outOfRangePlaybackIsRefusedByPath() {
        let found = issues(body(clip: ##"""
            {"asset": {"type": "video", "src": "\##(video)", "speed": 11, "volumeEffect": "louder", "chromaKey": {"threshold": 300}}, "start": 0, "length": 2}
            """##))
        let prefix = "timeline.tracks[0].clips[0].asset."
        #expect(Set(found.map(\.path)) == Set(["speed", "volumeEffect", "chromaKey.color", "chromaKey.threshold"].map { prefix + $0 }))
        #expect(found.first { $0.path == prefix + "speed" }?.description == prefix + "speed: must be between 0.1 and 10")
    }

    @Test func anAudioAssetTakesASpeedButNoVideoFields() {
        let found = issues(body(clip: ##"""
            {"asset": {"type": "audio", "src": "https://example.com/a.mp3", "speed": 0.5, "chromaKey": {"color": "#00ff00"}}, "start": 0, "length": 2}
            """##))
        #expect(found.map(\.path) == ["timeline.tracks[0].clips[0].asset.chromaKey"])
        #expect(found.first?.code == .unsupportedFeature)
    }

    @Test func anAutoLengthLastsTheTrimmedSourceDividedByTheSpeed() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "video", "src": "\##(video)", "trim": 2, "speed": 2}, "start": 1},
                       {"asset": {"type": "audio", "src": "\##(video)", "speed": 0.5}, "start": "auto"}]}
            """##, durations: [.url(video): 10])
        #expect(schedule.tracks[0].map(\.length) == [4, 20])
        #expect(schedule.duration == 25)
    }

    @Test func aRangeStartingInsideASpedUpClipReadsTheSourceAtItsSpeed() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "video", "src": "\##(video)", "trim": 1, "speed": 2}, "start": 0, "length": 4}]}
            """##, range: OutputRange(start: 1.5, length: 2))
        let clip = schedule.tracks[0][0]
        #expect(clip.sourceStart == 4 && clip.sourceLength == 4)
    }
}
