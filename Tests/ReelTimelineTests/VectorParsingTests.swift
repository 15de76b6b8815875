import Foundation
@testable import ReelTimeline
import Testing

@Suite struct VectorParsingTests {
    @Test func aShapeIsReadWithItsDetails() throws {
        let clip = try timeline(##"""
            {"clips": [{"asset": {"type": "shape", "shape": "rectangle", "width": 400, "height": 300,
                                  "rectangle": {"width": 200, "height": 100, "cornerRadius": 12},
                                  "fill": {"color": "#ff0000", "opacity": 0.5}, "stroke": {"color": "#000000", "width": 2}},
                        "start": 0, "length": 2}]}
            """##).tracks[0].clips[0]
        let expected = ShapeAsset(
            kind: .rectangle(width: 200, height: 100, cornerRadius: 12), width: 400, height: 300,
            fill: ShapeFill(color: RGBAColor(red: 255, green: 0, blue: 0), opacity: 0.5),
            stroke: ShapeStroke(color: .black, width: 2))
        #expect(clip.asset == .shape(expected))
    }

    @Test func aShapeNeedsItsDetailsAndSomethingToDraw() {
        let prefix = "timeline.tracks[0].clips[0]"
        let missing = issues(body(clip: ##"{"asset": {"type": "shape", "shape": "circle"}, "length": 1}"##))
        #expect(Set(missing.map(\.path)) == [prefix + ".asset.circle", prefix + ".asset"])
        let wrong = issues(body(clip: ##"""
            {"asset": {"type": "shape", "shape": "line", "line": {"length": 0}, "fill": {"color": "#fff"}}, "length": 1}
            """##))
        #expect(Set(wrong.map(\.path)) == [prefix + ".asset.line.length", prefix + ".asset.line.thickness"])
        let fitted = issues(body(clip: ##"""
            {"asset": {"type": "shape", "shape": "circle", "circle": {"radius": 5}, "stroke": {}}, "length": 1, "fit": "cover"}
            """##))
        #expect(fitted.map(\.path) == [prefix + ".fit"])
        let unknown = issues(body(clip: ##"{"asset": {"type": "shape", "shape": "star", "fill": {}}, "length": 1}"##))
        #expect(unknown.map(\.description) == [prefix + ".asset.shape: must be one of 'rectangle', 'circle', 'line', not 'star'"])
    }

    @Test func svgMarkupIsBoundedAndMustBeSVG() {
        let path = "timeline.tracks[0].clips[0].asset.src"
        #expect(issues(body(clip: ##"{"asset": {"type": "svg", "src": " <div>no</div>"}, "length": 1}"##)).map(\.path) == [path])
        let url = try? RenderRequest.parse(Data(body(clip: ##"{"asset": {"type": "svg", "src": "https://example.com/a.svg"}, "length": 1}"##).utf8))
        #expect(url?.timeline.tracks[0].clips[0].asset == .svg(SvgAsset(content: .file(.url("https://example.com/a.svg")))))
        #expect(url?.mediaSources.map(\.path) == [path])
        var limits = TimelineLimits()
        limits.maxSvgLength = 50
        let long = "<svg>" + String(repeating: " ", count: 60) + "</svg>"
        let found = issues(body(clip: ##"{"asset": {"type": "svg", "src": "\##(long)"}, "length": 1}"##), options: ValidationOptions(limits: limits))
        #expect(found.map(\.path) == [path])
    }
}

@Suite struct LumaParsingTests {
    @Test func aLumaMatteMayOverlapTheClipsOfItsTrack() throws {
        let schedule = try resolve(##"""
            {"clips": [{"asset": {"type": "luma", "src": "https://example.com/m.mp4", "trim": 1}, "start": 0.5, "length": 1},
                       {"asset": {"type": "color", "color": "#ff0000"}, "start": 0, "length": 2}]}
            """##)
        #expect(schedule.tracks[0].map(\.start) == [0, 0.5] && schedule.tracks[0][1].clip.asset.isMatte)
        #expect(schedule.tracks[0][1].sourceStart == 1)
    }
}

@Suite struct ShapeBoundsTests {
    @Test func aShapesBoxIsBoundedByThePixelLimit() {
        let found = issues(body(clip: ##"""
            {"asset": {"type": "shape", "shape": "circle", "circle": {"radius": 5}, "fill": {}, "width": 7680, "height": 7680}, "length": 1}
            """##))
        #expect(found.map(\.description) == ["timeline.tracks[0].clips[0].asset: its box is 7680×7680 pixels, more than the 8294400 allowed"])
    }
}

@Suite struct LumaPlacementTests {
    @Test func aLumaMatteTakesNoPlacementOfItsOwn() {
        let found = issues(body(clip: ##"{"asset": {"type": "luma", "src": "https://example.com/m.png"}, "start": 0, "length": 1, "scale": 0.5, "opacity": 0.5}"##))
        #expect(Set(found.map(\.path)) == ["timeline.tracks[0].clips[0].scale", "timeline.tracks[0].clips[0].opacity"])
    }
}
