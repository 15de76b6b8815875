import Foundation
import ReelRender
import Testing

/// `luma` assets: the alpha matte of the picture clips they overlap on their own track.
@Suite struct LumaTests {
    /// `matte.png`: white on the left half of a 320x180 frame, black on the right.
    static func makeHalfBlackMatte(in scratch: Scratch) async throws {
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=white:s=320x180,drawbox=x=160:y=0:w=160:h=180:color=black:t=fill", "-frames:v", "1", "matte.png",
        ])
    }

    @Test func aStillMatteShowsTheClipWhereItIsWhiteAndTheTrackBelowWhereItIsBlack() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try await Self.makeHalfBlackMatte(in: scratch)
        let tracks = ##"""
            {"clips": [{"asset": {"type": "luma", "src": "matte.png"}, "start": 0.5, "length": 1},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2}]},
            \##(colorTrack("#0000ff"))
            """##
        let output = try await scratch.render(request(tracks: tracks), to: "matted.mp4", base: scratch.folder).output
        let before = try await Frame(of: output, at: 0.2)
        #expect(before.isColor((255, 0, 0), at: 0.25, 0.5) && before.isColor((255, 0, 0), at: 0.75, 0.5), "no matte yet: \(before)")
        let during = try await Frame(of: output, at: 1)
        #expect(during.isColor((255, 0, 0), at: 0.25, 0.5), "white shows the clip: \(during.pixel(at: 0.25, 0.5))")
        #expect(during.isColor((0, 0, 255), at: 0.75, 0.5), "black shows the track below: \(during.pixel(at: 0.75, 0.5))")
        let after = try await Frame(of: output, at: 1.8)
        #expect(after.isColor((255, 0, 0), at: 0.75, 0.5), "the matte has ended: \(after.pixel(at: 0.75, 0.5))")
    }

    @Test func aMatteStaysPutOnTheFrameWhileTheClipItMasksGlides() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try await Self.makeHalfBlackMatte(in: scratch)
        // A 96x54 red box gliding from the left half (white in the matte) to the right half (black).
        let tracks = ##"""
            {"clips": [{"asset": {"type": "luma", "src": "matte.png"}, "start": 0, "length": 2},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2, "scale": 0.3,
                        "offset": {"x": [{"from": -0.3, "to": 0.3, "start": 0, "length": 2}]}}]},
            \##(colorTrack("#0000ff"))
            """##
        let output = try await scratch.render(request(tracks: tracks), to: "gliding.mp4", base: scratch.folder).output
        // At 0.4 s the box spans x 54–150, under the matte's white half.
        #expect(try await Frame(of: output, at: 0.4).isColor((255, 0, 0), at: 102.0 / 320, 0.5), "white shows the box")
        // At 1.6 s it spans x 170–266, under the black half: a matte that moved with the box would show its left part.
        let late = try await Frame(of: output, at: 1.6)
        for x in [190.0, 240.0] {
            #expect(late.isColor((0, 0, 255), at: x / 320, 0.5), "black hides the box at x \(x): \(late.pixel(at: x / 320, 0.5))")
        }
    }

    @Test func lumaClipsAtBothEndsOfAClipMaskEachWhileItLasts() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try await Self.makeHalfBlackMatte(in: scratch)
        _ = try await scratch.ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=160x90", "-frames:v", "1", "black.png"])
        let tracks = ##"""
            {"clips": [{"asset": {"type": "luma", "src": "matte.png"}, "start": 0, "length": 0.6},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2},
                       {"asset": {"type": "luma", "src": "black.png"}, "start": 1.4, "length": 0.6}]},
            \##(colorTrack("#0000ff"))
            """##
        let output = try await scratch.render(request(tracks: tracks), to: "ends.mp4", base: scratch.folder).output
        let entering = try await Frame(of: output, at: 0.2)
        #expect(entering.isColor((255, 0, 0), at: 0.25, 0.5) && entering.isColor((0, 0, 255), at: 0.75, 0.5), "the first matte: \(entering)")
        #expect(try await Frame(of: output, at: 1).isColor((255, 0, 0), at: 0.75, 0.5), "no matte between them")
        #expect(try await Frame(of: output, at: 1.8).isColor((0, 0, 255), at: 0.25, 0.5), "the second matte hides the clip")
    }

    @Test func aChunkCutThroughAMatteDrawsWhatASinglePassDraws() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // From black to white over two seconds: the clip fades in as the matte brightens.
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=white:s=160x90:r=25:d=3,fade=t=in:st=0:d=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "ramp.mp4",
        ])
        let tracks = ##"""
            {"clips": [{"asset": {"type": "luma", "src": "ramp.mp4", "trim": 0.2}, "start": 0.3, "length": 1.5},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2}]},
            \##(colorTrack("#0000ff"))
            """##
        let renderer = Renderer(configuration: scratch.configuration)
        let request = try scratch.request(request(tracks: tracks), base: scratch.folder)
        let single = try await renderer.render(request, to: scratch.file("single.mp4")).output
        let length = try await renderer.length(of: request)
        let spans = Renderer.spans(frames: length.frames, count: 2, fps: request.output.fps)
        let chunked = try await renderInChunks(request, length: length, spans: spans, renderer: renderer, scratch: scratch)
        for time in [0.96, 1.0, 1.04, 1.6] {
            let expected = try await Frame(of: single, at: time).pixel(at: 0.5, 0.5)
            let actual = try await Frame(of: chunked, at: time).pixel(at: 0.5, 0.5)
            #expect(abs(expected.r - actual.r) <= 6 && abs(expected.b - actual.b) <= 6, "\(actual) against \(expected) at \(time) s")
        }
        // The matte does brighten across the cut: a chunk reading it from the wrong time would differ.
        let early = try await Frame(of: single, at: 0.6).pixel(at: 0.5, 0.5).r
        let late = try await Frame(of: single, at: 1.6).pixel(at: 0.5, 0.5).r
        #expect(late - early > 80, "\(early) then \(late)")
    }

    @Test func aMovingMatteIsReadFromItsTrim() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // Black for a second, white for a second, then black again.
        _ = try await scratch.ffmpeg([
            "-f", "lavfi", "-i", "color=c=black:s=160x90:r=25:d=3,drawbox=x=0:y=0:w=160:h=90:color=white:t=fill:enable='between(t,1,2)'",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "matte.mp4",
        ])
        let tracks = ##"""
            {"clips": [{"asset": {"type": "luma", "src": "matte.mp4", "trim": 0.5}, "start": 0, "length": 2},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2}]},
            \##(colorTrack("#0000ff"))
            """##
        let output = try await scratch.render(request(tracks: tracks), to: "moving.mp4", base: scratch.folder).output
        #expect(try await Frame(of: output, at: 0.2).isColor((0, 0, 255), at: 0.5, 0.5), "the matte's 0.7 s is black")
        #expect(try await Frame(of: output, at: 1).isColor((255, 0, 0), at: 0.5, 0.5), "its 1.5 s is white")
        #expect(try await Frame(of: output, at: 1.8).isColor((0, 0, 255), at: 0.5, 0.5), "its 2.3 s is black")
    }
}
