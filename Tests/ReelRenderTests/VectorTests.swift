import Foundation
import ReelRender
import Testing

/// `shape` and `svg` assets, rasterised by rsvg-convert and checked by points inside and outside them.
@Suite struct VectorTests {
    private func expectColor(_ frame: Frame, _ expected: (Int, Int, Int), at x: Int, _ y: Int, _ comment: String) {
        let pixel = frame.pixel(x, y)
        let close = abs(pixel.r - expected.0) <= 30 && abs(pixel.g - expected.1) <= 30 && abs(pixel.b - expected.2) <= 30
        #expect(close, "\(comment) at \(x), \(y): \(pixel)")
    }

    @Test func shapesCoverTheirInsideOnly() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let tracks = ##"""
            {"clips": [{"asset": {"type": "shape", "shape": "circle", "width": 80, "height": 80, "circle": {"radius": 30},
                                  "fill": {"color": "#ffffff"}}, "start": 0, "length": 1, "position": "topLeft"}]},
            {"clips": [{"asset": {"type": "shape", "shape": "line", "width": 320, "height": 20, "line": {"length": 300, "thickness": 6},
                                  "fill": {"color": "#00ff00"}}, "start": 0, "length": 1, "position": "bottom"}]},
            {"clips": [{"asset": {"type": "shape", "shape": "rectangle", "rectangle": {"width": 160, "height": 100, "cornerRadius": 40},
                                  "fill": {"color": "#ff0000"}, "stroke": {"color": "#ffff00", "width": 8}}, "start": 0, "length": 1}]}
            """##
        let output = try await scratch.render(request(tracks: tracks, background: "#0000ff"), to: "shapes.mp4").output
        let frame = try await Frame(of: output, at: 0.5)
        let (blue, red, white, yellow, green) = ((0, 0, 255), (255, 0, 0), (255, 255, 255), (255, 255, 0), (0, 255, 0))
        expectColor(frame, white, at: 40, 40, "the circle's centre")
        expectColor(frame, white, at: 40, 64, "inside the circle's edge")
        expectColor(frame, blue, at: 6, 6, "the circle's box outside the circle")
        expectColor(frame, red, at: 160, 90, "the rectangle's middle")
        expectColor(frame, red, at: 100, 60, "inside the rounded corner")
        expectColor(frame, blue, at: 84, 44, "outside the rounded corner")
        expectColor(frame, yellow, at: 160, 40, "the stroke on the top edge")
        expectColor(frame, blue, at: 160, 30, "above the stroke")
        expectColor(frame, blue, at: 260, 90, "right of the rectangle")
        expectColor(frame, green, at: 160, 170, "the line")
        expectColor(frame, blue, at: 160, 162, "above the line")
        expectColor(frame, blue, at: 4, 170, "left of the line")
    }

    @Test func svgMarkupAndFilesAreDrawnToFitTheFrame() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // 32×18 units, drawn ten times over to fit the 320×180 frame.
        let markup = ##"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 18\" width=\"32\" height=\"18\"><rect width=\"16\" height=\"18\" fill=\"#ff0000\"/><circle cx=\"24\" cy=\"9\" r=\"4\" fill=\"#ffffff\"/></svg>"##
        // The same picture from a file, on a track of its own after a second.
        try Data(markup.replacingOccurrences(of: "\\\"", with: "\"").utf8).write(to: scratch.file("picture.svg"))
        let tracks = ##"""
            {"clips": [{"asset": {"type": "svg", "src": "\##(markup)"}, "start": 0, "length": 1, "fit": "contain"}]},
            {"clips": [{"asset": {"type": "svg", "src": "picture.svg"}, "start": 1, "length": 1}]}
            """##
        let output = try await scratch.render(request(tracks: tracks, background: "#0000ff"), to: "svg.mp4", base: scratch.folder).output
        for time in [0.5, 1.5] {
            expectPicture(try await Frame(of: output, at: time))
        }
    }

    /// An SVG that names a file outside its own folder, by path or URL, draws without it.
    @Test func anSVGReadsNoOtherFile() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let red = try await scratch.ffmpeg(["-f", "lavfi", "-i", "color=c=red:s=32x18", "-frames:v", "1", "red.png"])
        let markup = ##"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"32\" height=\"18\"><image width=\"16\" height=\"18\" href=\"\##(red.path)\"/><image x=\"16\" width=\"16\" height=\"18\" xlink:href=\"file://\##(red.path)\"/><rect width=\"1\" height=\"1\" fill=\"#00ff00\"/></svg>"##
        let track = ##"{"clips": [{"asset": {"type": "svg", "src": "\##(markup)"}, "start": 0, "length": 1}]}"##
        let frame = try await Frame(of: try await scratch.render(request(tracks: track, background: "#0000ff"), to: "svg.mp4").output, at: 0.5)
        expectColor(frame, (0, 255, 0), at: 4, 4, "the rest of the picture")
        expectColor(frame, (0, 0, 255), at: 80, 90, "no image by path")
        expectColor(frame, (0, 0, 255), at: 240, 90, "no image by file URL")
    }

    private func expectPicture(_ frame: Frame) {
        expectColor(frame, (255, 0, 0), at: 40, 90, "the left half")
        expectColor(frame, (255, 0, 0), at: 150, 20, "the left half")
        expectColor(frame, (255, 255, 255), at: 240, 90, "the circle")
        expectColor(frame, (0, 0, 255), at: 240, 20, "the transparent right half")
        expectColor(frame, (0, 0, 255), at: 300, 170, "the transparent right half")
    }
}
