import Foundation
@testable import ReelTimeline
import Testing

func timeline(_ tracks: String) throws -> Timeline {
    try RenderRequest.parse(Data(##"{"timeline": {"tracks": [\##(tracks)]}, "output": {"format": "mp4"}}"##.utf8)).timeline
}

func resolve(_ tracks: String, range: OutputRange? = nil, durations: [MediaSource: Double] = [:]) throws -> TimelineSchedule {
    try TimelineSchedule.resolve(timeline(tracks), range: range, mediaDurations: durations, limits: TimelineLimits())
}

@Suite struct ScheduleTests {
    let video = "https://example.com/v.mp4"

    @Test func autoStartFollowsThePreviousClipAndAutoLengthUsesTheMedia() throws {
        let schedule = try resolve(##"""
            {"clips": [
              {"asset": {"type": "video", "src": "\##(video)", "trim": 2}, "start": 1, "length": "auto"},
              {"asset": {"type": "image", "src": "https://example.com/a.jpg"}, "start": "auto"},
              {"asset": {"type": "color", "color": "#000000"}, "start": "auto", "length": "end"}
            ]},
            {"clips": [{"asset": {"type": "text", "text": "t"}, "start": 0, "length": 10}]}
            """##, durations: [.url(video): 6])
        let clips = schedule.tracks[0]
        #expect(clips.map(\.start) == [1, 5, 8])
        #expect(clips.map(\.length) == [4, 3, 2])
        #expect(schedule.duration == 10)
    }

    @Test func overlapsNeedATransition() throws {
        let overlapping = ##"""
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 0, "length": 2},
                       {"asset": {"type": "color", "color": "#ffffff"}, "start": 1.5, "length": 2}]}
            """##
        #expect {
            try resolve(overlapping)
        } throws: { error in
            (error as? TimelineValidationError)?.issues.first?.description
                == "timeline.tracks[0].clips[1].start: overlaps timeline.tracks[0].clips[0], which ends at 2 s; clips on one track overlap only across a transition"
        }
        let joined = overlapping.replacingOccurrences(of: ##""start": 1.5"##, with: ##""start": 1.5, "transition": {"in": "fade"}"##)
        #expect(try resolve(joined).duration == 3.5)
    }

    @Test func trimBeyondTheMediaIsRefused() {
        #expect(throws: TimelineValidationError.self) {
            try resolve(##"{"clips": [{"asset": {"type": "video", "src": "\##(video)", "trim": 8}}]}"##, durations: [.url(video): 6])
        }
    }

    @Test func theRangeCutsClipsAndRecordsWhatItCut() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 0, "length": 4},
                       {"asset": {"type": "video", "src": "\##(video)", "trim": 1}, "start": 4, "length": 4}]}
            """##, range: OutputRange(start: 3, length: 2), durations: [.url(video): 10])
        #expect(schedule.duration == 2)
        #expect(schedule.soundtrackOffset == 3)
        let clips = schedule.tracks[0]
        #expect(clips.map(\.start) == [0, 1] && clips.map(\.length) == [1, 1])
        #expect(clips.map(\.phase) == [3, 0])
        #expect(clips[1].sourceStart == 1)
    }

    @Test func aTimelineLongerThanTheLimitIsRefused() {
        #expect(throws: TimelineValidationError.self) {
            try TimelineSchedule.resolve(
                timeline(##"{"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 590, "length": 20}]}"##),
                range: nil, mediaDurations: [:], limits: TimelineLimits())
        }
    }

    @Test func creditsFollowTheShortEdge() {
        #expect(Pricing.credits(duration: 10.5, size: FrameSize(width: 1280, height: 720)) == 11)
        #expect(Pricing.credits(duration: 10, size: FrameSize(width: 640, height: 360)) == 5)
        #expect(Pricing.credits(duration: 10, size: FrameSize(width: 1080, height: 1920)) == 15)
        #expect(Pricing.credits(duration: 10, size: FrameSize(width: 3840, height: 2160)) == 20)
        #expect(Pricing.credits(duration: 0.1, size: FrameSize(width: 640, height: 360)) == 1)
    }
}
