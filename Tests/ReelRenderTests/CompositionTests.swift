import Foundation
import ReelRender
import Testing

/// Renders small timelines and checks pixels at chosen times.
@Suite struct CompositionTests {
    @Test func aRedColorClipIsRedAtOneSecond() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let result = try await scratch.render(request(tracks: colorTrack("#ff0000")), to: "red.mp4")
        let frame = try await Frame(of: result.output, at: 1)
        #expect(frame.isColor((255, 0, 0), at: 0.5, 0.5))
        let probe = try await ProbedFile(result.output)
        #expect(probe.videoCodec == "h264" && probe.width == 320 && probe.height == 180)
        #expect(abs(probe.duration - 2) <= 0.04)
        #expect(probe.audioCodec == nil)
    }

    @Test func theTopTrackCoversTheOneBelow() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = colorTrack("#0000ff", start: 0.5, length: 1) + "," + colorTrack("#ff0000")
        let result = try await scratch.render(request(tracks: tracks), to: "layers.mp4")
        #expect(try await Frame(of: result.output, at: 0.2).isColor((255, 0, 0), at: 0.5, 0.5))
        #expect(try await Frame(of: result.output, at: 1).isColor((0, 0, 255), at: 0.5, 0.5))
        #expect(try await Frame(of: result.output, at: 1.8).isColor((255, 0, 0), at: 0.5, 0.5))
    }

    @Test func aFadeIsBetweenItsTwoColoursAtItsMidpoint() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"""
            {"clips": [
              {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2},
              {"asset": {"type": "color", "color": "#0000ff"}, "start": 1, "length": 2, "transition": {"in": "fade"}}
            ]}
            """##
        let result = try await scratch.render(request(tracks: track), to: "fade.mp4")
        #expect(try await Frame(of: result.output, at: 0.5).isColor((255, 0, 0), at: 0.5, 0.5))
        let middle = try await Frame(of: result.output, at: 1.5).pixel(at: 0.5, 0.5)
        #expect((90...165).contains(middle.r) && (90...165).contains(middle.b), "\(middle)")
        #expect(try await Frame(of: result.output, at: 2.5).isColor((0, 0, 255), at: 0.5, 0.5))
    }

    @Test func backToBackClipsCutOnTheFrameAndGapsShowTheBackground() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"""
            {"clips": [
              {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 1},
              {"asset": {"type": "color", "color": "#00ff00"}, "start": 1, "length": 1},
              {"asset": {"type": "color", "color": "#0000ff"}, "start": 2.5, "length": 1}
            ]}
            """##
        let output = try await scratch.render(request(tracks: track, background: "#ffffff"), to: "cuts.mp4").output
        #expect(try await Frame(of: output, at: 0.96).isColor((255, 0, 0), at: 0.5, 0.5))
        #expect(try await Frame(of: output, at: 1.04).isColor((0, 255, 0), at: 0.5, 0.5))
        #expect(try await Frame(of: output, at: 2.2).isColor((255, 255, 255), at: 0.5, 0.5))
        #expect(try await Frame(of: output, at: 3).isColor((0, 0, 255), at: 0.5, 0.5))
    }

    @Test func aCrossfadeAfterBackToBackClipsKeepsTheTiming() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"""
            {"clips": [
              {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 1},
              {"asset": {"type": "image", "src": "media/bars.jpg"}, "start": 1, "length": 1},
              {"asset": {"type": "color", "color": "#0000ff"}, "start": 1.5, "length": 1.5, "transition": {"in": "fade"}}
            ]}
            """##
        let output = try await scratch.render(request(tracks: track), to: "mixed.mp4").output
        let probe = try await ProbedFile(output)
        #expect(abs(probe.duration - 3) <= 0.04)
        #expect(try await Frame(of: output, at: 0.5).isColor((255, 0, 0), at: 0.5, 0.5))
        #expect(try await Frame(of: output, at: 2.5).isColor((0, 0, 255), at: 0.5, 0.5))
    }

    @Test func aSlideEffectPansAcrossTheWholeClip() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"{"clips": [{"asset": {"type": "image", "src": "media/bars.jpg"}, "start": 0, "length": 2, "effect": "slideLeftFast"}]}"##
        let output = try await scratch.render(request(tracks: track), to: "slide.mp4").output
        let first = try await Frame(of: output, at: 0)
        let last = try await Frame(of: output, at: 1.96)
        // The picture moved: the right edge at the end shows what lay beyond it at the start.
        #expect(last.changedPixels(from: first, x: 0..<320, y: 0..<180) > 5000)
        #expect(abs(try await ProbedFile(output).duration - 2) <= 0.04)
    }

    @Test func aWipeSplitsTheFrameAtItsMidpoint() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let track = ##"""
            {"clips": [
              {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2},
              {"asset": {"type": "color", "color": "#0000ff"}, "start": 1, "length": 2, "transition": {"in": "wipeLeft"}}
            ]}
            """##
        let frame = try await Frame(of: try await scratch.render(request(tracks: track), to: "wipe.mp4").output, at: 1.5)
        #expect(frame.isColor((255, 0, 0), at: 0.2, 0.5))
        #expect(frame.isColor((0, 0, 255), at: 0.8, 0.5))
    }

    @Test func halfOpacityBlendsWithTheTrackBelow() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = colorTrack("#ffffff", extra: ##", "opacity": 0.5"##) + "," + colorTrack("#000000")
        let pixel = try await Frame(of: try await scratch.render(request(tracks: tracks), to: "blend.mp4").output, at: 1).pixel(at: 0.5, 0.5)
        #expect((100...156).contains(pixel.g), "\(pixel)")
    }

    @Test func anEntranceFadeRisesFromTheTrackBelow() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = colorTrack("#ffffff", start: 0, length: 4, extra: ##", "transition": {"in": "fadeSlow"}"##) + "," + colorTrack("#000000", length: 5)
        let output = try await scratch.render(request(tracks: tracks), to: "rise.mp4").output
        #expect(try await Frame(of: output, at: 0.04).pixel(at: 0.5, 0.5).g < 40)
        #expect((90...170).contains(try await Frame(of: output, at: 1).pixel(at: 0.5, 0.5).g))
        #expect(try await Frame(of: output, at: 2.5).pixel(at: 0.5, 0.5).g > 230)
    }

    @Test func positionAndScalePlaceAClip() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = colorTrack("#00ff00", extra: ##", "scale": 0.25, "position": "bottomRight""##)
        let frame = try await Frame(of: try await scratch.render(request(tracks: tracks), to: "corner.mp4").output, at: 1)
        #expect(frame.isColor((0, 255, 0), at: 0.9, 0.9))
        #expect(frame.isColor((0, 0, 0), at: 0.1, 0.1))
        #expect(frame.isColor((0, 0, 0), at: 0.5, 0.5))
    }

    @Test func rangeAndTrimCutWhereTheySay() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // One second each of red, green and blue.
        let video = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=red:s=160x90:r=25:d=1", "-f", "lavfi", "-i", "color=c=lime:s=160x90:r=25:d=1",
            "-f", "lavfi", "-i", "color=c=blue:s=160x90:r=25:d=1", "-filter_complex", "concat=n=3:v=1:a=0",
            "-c:v", "libx264", "-g", "5", "-pix_fmt", "yuv420p", "rgb.mp4",
        ])
        let trimmed = ##"{"clips": [{"asset": {"type": "video", "src": "rgb.mp4", "trim": 1}, "start": 0, "length": 2}]}"##
        let trimOutput = try await scratch.render(request(tracks: trimmed), to: "trim.mp4", base: scratch.folder).output
        #expect(try await Frame(of: trimOutput, at: 0.5).isColor((0, 255, 0), at: 0.5, 0.5))
        #expect(try await Frame(of: trimOutput, at: 1.5).isColor((0, 0, 255), at: 0.5, 0.5))
        #expect(abs(try await ProbedFile(trimOutput).duration - 2) <= 0.04)

        let whole = ##"{"clips": [{"asset": {"type": "video", "src": "\##(video.lastPathComponent)"}, "start": 0, "length": 3}]}"##
        let ranged = request(tracks: whole, output: ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25, "range": {"start": 2, "length": 1}}"##)
        let rangeOutput = try await scratch.render(ranged, to: "range.mp4", base: scratch.folder).output
        #expect(try await Frame(of: rangeOutput, at: 0.5).isColor((0, 0, 255), at: 0.5, 0.5))
        #expect(abs(try await ProbedFile(rangeOutput).duration - 1) <= 0.04)
    }

    @Test func aTextClipChangesPixelsOnlyWhereItIsPlaced() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let text = ##"{"clips": [{"asset": {"type": "text", "text": "Reel", "font": {"size": 40, "color": "#ffffff"}}, "start": 0, "length": 2, "position": "topLeft"}]}"##
        let withText = try await Frame(of: try await scratch.render(request(tracks: text + "," + colorTrack("#202080")), to: "text.mp4").output, at: 1)
        let without = try await Frame(of: try await scratch.render(request(tracks: colorTrack("#202080")), to: "plain.mp4").output, at: 1)
        #expect(withText.changedPixels(from: without, x: 0..<120, y: 0..<60) > 100)
        #expect(withText.changedPixels(from: without, x: 130..<320, y: 0..<180) == 0)
        #expect(withText.changedPixels(from: without, x: 0..<320, y: 70..<180) == 0)
    }
}
