import Foundation
@testable import ReelTimeline
import Testing

/// `alias` and `alias://NAME` starts and lengths (Shotstack's smart clips).
@Suite struct AliasTests {
    let voice = "https://example.com/voice.mp3"

    @Test func aReferenceTakesTheStartOrLengthOfTheAliasedClip() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "text", "text": "Hi"}, "start": "alias://voice", "length": "alias://voice"}]},
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 0, "length": 1.5},
                       {"asset": {"type": "audio", "src": "\##(voice)", "trim": 1}, "start": "auto", "alias": "voice"}]}
            """##, durations: [.url(voice): 5])
        let text = schedule.tracks[0][0]
        let audio = schedule.tracks[1][1]
        #expect(audio.start == 1.5 && audio.length == 4)
        #expect(text.start == audio.start && text.length == audio.length)
    }

    @Test func referencesMayChainAcrossTracksAndAutoStarts() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": "alias://b", "length": 2, "alias": "a"},
                       {"asset": {"type": "color", "color": "#ffffff"}, "start": "auto", "length": "alias://a"}]},
            {"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": 1, "length": 0.5, "alias": "b"}]}
            """##)
        #expect(schedule.tracks[0].map(\.start) == [1, 3])
        #expect(schedule.tracks[0].map(\.length) == [2, 2])
    }

    @Test func aCycleIsRefusedNamingAFieldInIt() {
        let mutual = ##"""
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": "alias://b", "length": 1, "alias": "a"}]},
            {"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "start": "alias://a", "length": 1, "alias": "b"},
                       {"asset": {"type": "color", "color": "#00ff00"}, "start": 5, "length": 1}]}
            """##
        // One issue, where the cycle closed: the clips waiting on it are not named again.
        #expect {
            try resolve(mutual)
        } throws: { error in
            (error as? TimelineValidationError)?.issues.map(\.description)
                == ["timeline.tracks[0].clips[0].start: depends on itself through 'alias://' references and 'auto' starts"]
        }
        // A start that waits on the end of the clip before it, which starts with it.
        let selfStarting = ##"""
            {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 0, "length": 1},
                       {"asset": {"type": "color", "color": "#ffffff"}, "start": "alias://c", "length": 1},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": "auto", "length": 1, "alias": "c"}]}
            """##
        #expect {
            try resolve(selfStarting)
        } throws: { error in
            (error as? TimelineValidationError)?.issues.map(\.description)
                == ["timeline.tracks[0].clips[1].start: depends on itself through 'alias://' references and 'auto' starts"]
        }
    }

    @Test func anUnknownOrRepeatedAliasIsRefusedByPath() {
        #expect {
            try resolve(##"""
                {"clips": [{"asset": {"type": "color", "color": "#000000"}, "start": 0, "length": "alias://missing", "alias": "x"},
                           {"asset": {"type": "color", "color": "#ffffff"}, "start": 1, "length": 1, "alias": "x"}]}
                """##)
        } throws: { error in
            Set((error as? TimelineValidationError)?.issues.map(\.description) ?? []) == [
                "timeline.tracks[0].clips[0].length: refers to 'alias://missing', but no clip has the alias 'missing'",
                "timeline.tracks[0].clips[1].alias: 'x' is already the alias of timeline.tracks[0].clips[0]",
            ]
        }
    }

    @Test func badAliasNamesAreRefusedWhenParsed() {
        let found = issues(body(clip: ##"{"asset": \##(colorAsset), "start": "alias://", "length": 1, "alias": "a b"}"##))
        #expect(Set(found.map(\.path)) == ["timeline.tracks[0].clips[0].start", "timeline.tracks[0].clips[0].alias"])
    }

    @Test func mergeFieldsWorkInsideReferences() throws {
        let json = ##"""
            {"timeline": {"tracks": [{"clips": [
               {"asset": {"type": "color", "color": "#000000"}, "start": 2, "length": 1, "alias": "{{NAME}}"},
               {"asset": {"type": "color", "color": "#ffffff"}, "start": "alias://{{NAME}}", "length": 1}]}]},
             "output": {"format": "mp4"}, "merge": [{"find": "NAME", "replace": "intro"}]}
            """##
        let clips = try RenderRequest.parse(Data(json.utf8)).timeline.tracks[0].clips
        #expect(clips[0].alias == "intro" && clips[1].start == .alias("intro"))
    }
}
