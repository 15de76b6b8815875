import Foundation
@testable import ReelTimeline
import Testing

@Suite struct TweenValidationTests {
    @Test func tweensAndATransformAreReadWithTheirDefaults() throws {
        let clip = ##"""
            {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 3,
             "opacity": [{"from": 0, "to": 1, "start": 0, "length": 1}],
             "offset": {"x": [{"from": -0.2, "to": 0.2, "start": 0.5, "length": 2, "interpolation": "bezier", "easing": "easeInOutSine"}], "y": 0.1},
             "scale": [{"from": 0.5, "to": 1, "length": 1, "easing": "easeOutBack"}],
             "transform": {"rotate": {"angle": 30}, "skew": {"x": 0.1}, "flip": {"horizontal": true}}}
            """##
        let parsed = try RenderRequest.parse(Data(body(clip: clip).utf8)).timeline.tracks[0].clips[0]
        let motion = try #require(parsed.motion)
        #expect(motion.opacity == .tweens([Tween(from: 0, to: 1, start: 0, length: 1)]))
        #expect(motion.offsetX == .tweens([Tween(from: -0.2, to: 0.2, start: 0.5, length: 2, interpolation: .bezier, easing: .easeInOutSine)]))
        #expect(motion.offsetY == .fixed(0.1))
        // An easing alone asks for a curve.
        #expect(motion.scale.tweenList?.first?.interpolation == .bezier)
        #expect(motion.transform == ClipTransform(rotate: .fixed(30), skewX: .fixed(0.1), skewY: .fixed(0), flipHorizontal: true, flipVertical: false))
        // The static fields hold the values at the clip's start, for what draws the clip still.
        #expect(parsed.opacity == 0 && parsed.scale == 0.5 && parsed.offset == Offset(x: -0.2, y: 0.1))
    }

    @Test func aClipWithoutTweensOrTransformHasNoMotion() throws {
        let clip = ##"{"asset": {"type": "color", "color": "#ff0000"}, "length": 1, "opacity": 0.5, "scale": 0.5, "offset": {"x": 0.1}, "transform": {"rotate": {"angle": 0}}}"##
        #expect(try RenderRequest.parse(Data(body(clip: clip).utf8)).timeline.tracks[0].clips[0].motion == nil)
    }

    @Test func aTweenedValueHoldsItsNearestEndOutsideTheTweens() {
        let value = Animated.tweens([Tween(from: 0, to: 1, start: 1, length: 1), Tween(from: 1, to: 3, start: 3, length: 2)])
        #expect(value.value(at: 0) == 0 && value.value(at: 1.5) == 0.5 && value.value(at: 2.5) == 1)
        #expect(value.value(at: 4) == 2 && value.value(at: 9) == 3)
        let eased = Tween(from: 0, to: 1, start: 0, length: 1, interpolation: .bezier, easing: .easeInOutSine)
        // easings.net's easeInOutSine is -(cos(πx) - 1) / 2; its cubic-bezier stays within 0.002 of it.
        for x in stride(from: 0.0, through: 1.0, by: 0.1) {
            #expect(abs(eased.eased(x) - (1 - cos(Double.pi * x)) / 2) < 0.003)
        }
    }

    @Test func badTweensAreRefusedWithTheirPaths() {
        let clip = ##"""
            {"asset": {"type": "color", "color": "#ff0000"}, "length": 3,
             "opacity": [{"from": 0, "to": 2, "length": 1}, {"from": 0, "to": 1, "start": 0.5, "length": 1, "easing": "bounce"}],
             "offset": {"x": [{"from": 0, "length": 0}]},
             "transform": {"rotate": {"angle": [{"from": 0, "to": 720, "length": 1}]}, "skew": {"z": 1}, "flip": {"horizontal": 1}}}
            """##
        let found = issues(body(clip: clip)).map { "\($0.code.rawValue) \($0.path)" }
        let clipPath = "timeline.tracks[0].clips[0]"
        for expected in [
            "INVALID_TIMELINE \(clipPath).opacity[0].to", "INVALID_TIMELINE \(clipPath).opacity[1].easing",
            "INVALID_TIMELINE \(clipPath).offset.x[0].to", "INVALID_TIMELINE \(clipPath).offset.x[0].length",
            "INVALID_TIMELINE \(clipPath).transform.rotate.angle[0].to", "UNSUPPORTED_FEATURE \(clipPath).transform.skew.z",
            "INVALID_TIMELINE \(clipPath).transform.flip.horizontal",
        ] {
            #expect(found.contains(expected), "\(expected) in \(found)")
        }
    }

    @Test func overlappingOrTooManyTweensAreRefused() {
        let overlapping = ##"{"asset": {"type": "color", "color": "#ff0000"}, "length": 3, "scale": [{"from": 1, "to": 2, "length": 2}, {"from": 2, "to": 1, "start": 1, "length": 1}]}"##
        #expect(issues(body(clip: overlapping)).map(\.path) == ["timeline.tracks[0].clips[0].scale[1].start"])
        let tween = ##"{"from": 0, "to": 1, "length": 0.01}"##
        let many = ##"{"asset": {"type": "audio", "src": "https://example.com/a.mp3", "volume": [\##(Array(repeating: tween, count: 65).joined(separator: ","))]}, "length": 3}"##
        let found = issues(body(clip: many))
        #expect(found.map(\.path) == ["timeline.tracks[0].clips[0].asset.volume"] && found[0].message.contains("64"))
    }

    @Test func whatAClipCannotDrawIsRefused() {
        let text = ##"{"asset": {"type": "text", "text": "Hi"}, "length": 1, "scale": [{"from": 1, "to": 2, "length": 1}], "transform": {"flip": {"vertical": true}}}"##
        #expect(issues(body(clip: text)).map { "\($0.code.rawValue) \($0.path)" } == [
            "UNSUPPORTED_FEATURE timeline.tracks[0].clips[0].scale", "UNSUPPORTED_FEATURE timeline.tracks[0].clips[0].transform",
        ])
        let audio = ##"{"asset": {"type": "audio", "src": "https://example.com/a.mp3"}, "length": 1, "opacity": [{"from": 0, "to": 1, "length": 1}]}"##
        #expect(issues(body(clip: audio)).map(\.path) == ["timeline.tracks[0].clips[0]"])
    }

    @Test func mergeFieldsFillTweens() throws {
        let json = ##"""
            {"timeline": {"tracks": [{"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "length": 2,
              "opacity": [{"from": 0, "to": "{{TO}}", "length": "{{LENGTH}}", "easing": "{{EASING}}"}]}]}]},
             "output": {"format": "mp4"},
             "merge": [{"find": "TO", "replace": 0.5}, {"find": "LENGTH", "replace": 1.5}, {"find": "EASING", "replace": "easeInQuad"}]}
            """##
        let motion = try #require(try RenderRequest.parse(Data(json.utf8)).timeline.tracks[0].clips[0].motion)
        #expect(motion.opacity == .tweens([Tween(from: 0, to: 0.5, start: 0, length: 1.5, interpolation: .bezier, easing: .easeInQuad)]))
    }
}
