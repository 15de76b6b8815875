import Foundation
@testable import ReelTimeline
import Testing

@Suite struct ProjectParsingTests {
    static let project = ##"""
        {"name": "Promo", "merge": [{"find": "C", "replace": "#2050c0"}], "metadata": {"order": 7},
         "timeline": {"tracks": [{"clips": [{"asset": {"type": "color", "color": "{{C}}"}, "start": 0, "length": 2}]}]},
         "output": {"format": "mp4", "size": {"width": 320, "height": 240}, "range": {"start": 0.5}}}
        """##

    @Test func aProjectKeepsItsRequestWithoutItsNameAndRefusesACallback() throws {
        let definition = try ProjectDefinition.parse(Data(Self.project.utf8))
        guard case .object(let fields) = definition.request else { throw ProjectTestFailure() }
        #expect(definition.name == "Promo" && fields["name"] == nil && Set(fields.keys) == ["merge", "metadata", "timeline", "output"])
        #expect(definition.render.output.size == FrameSize(width: 320, height: 240) && definition.render.metadata == .object(["order": .number(7)]))
        #expect(try ProjectDefinition.parse(Data(Self.project.replacingOccurrences(of: #""name": "Promo", "#, with: "").utf8)).name == nil)

        let withCallback = Self.project.replacingOccurrences(of: #""name": "Promo""#, with: #""name": "", "callback": "https://example.com/hook""#)
        let refused = #expect(throws: TimelineValidationError.self) { try ProjectDefinition.parse(Data(withCallback.utf8)) }
        #expect(refused?.code == .invalidRequest && refused?.issues.map(\.path) == ["callback", "name"])
        let broken = Self.project.replacingOccurrences(of: #""length": 2"#, with: #""length": -1"#)
        #expect(throws: TimelineValidationError.self) { try ProjectDefinition.parse(Data(broken.utf8)) }
    }

    @Test func aRendersOutputIsMergedOverTheProjectsAndItsCallbackAdded() throws {
        let stored = try ProjectDefinition.parse(Data(Self.project.utf8)).request
        let body = #"{"output": {"resolution": "preview", "range": {"length": 1}, "fps": null}, "callback": "https://example.com/hook", "num_workers": "auto"}"#
        let made = try RenderRequest.parse(try ProjectRender.request(body: Data(body.utf8), project: stored))
        // The preset replaced the project's size, and the range merged field by field.
        #expect(made.output.size == FrameSize(width: 512, height: 288) && made.output.range?.start == 0.5 && made.output.range?.length == 1)
        #expect(made.callback == "https://example.com/hook" && made.output.format == .mp4)
        #expect(made.timeline.tracks[0].clips[0].asset == .color(ColorAsset(color: RGBAColor(red: 0x20, green: 0x50, blue: 0xc0))))
        // No body at all is the project as it is.
        #expect(try RenderRequest.parse(try ProjectRender.request(body: Data(), project: stored)) == (try ProjectDefinition.parse(Data(Self.project.utf8)).render))
    }

    @Test func aBadRenderBodyIsRefusedByPath() throws {
        let stored = try ProjectDefinition.parse(Data(Self.project.utf8)).request
        for (body, path) in [
            (#"{"num_workers": 0}"#, "num_workers"), (#"{"output": "hd"}"#, "output"), (#"{"input": {}}"#, "input"),
        ] {
            let refused = #expect(throws: TimelineValidationError.self) { try ProjectRender.request(body: Data(body.utf8), project: stored) }
            #expect(refused?.issues.first?.path == path, "\(body)")
        }
        // An override is read as part of the request it makes, with the same path.
        let made = try ProjectRender.request(body: Data(#"{"output": {"format": "avi"}}"#.utf8), project: stored)
        let refused = #expect(throws: TimelineValidationError.self) { try RenderRequest.parse(made) }
        #expect(refused?.issues.map(\.path) == ["output.format"])
    }

    @Test func theContentOfARenderIsTheSameHoweverItsRequestIsWritten() throws {
        func content(_ json: String, identity: String = "a") throws -> String {
            let request = try RenderRequest.parse(Data(json.utf8))
            let schedule = try TimelineSchedule.resolve(request.timeline, range: request.output.range, mediaDurations: [:], limits: TimelineLimits())
            return request.canonicalContent(schedule: schedule) { _ in identity }
        }
        let plain = ##"{"timeline": {"tracks": [{"clips": [{"asset": {"type": "image", "src": "https://example.com/a.png"}, "start": 0, "length": 3}]}]}, "output": {"format": "mp4"}}"##
        // Defaults spelled out, `auto` and merge fields resolved, keys reordered, a callback and metadata: the same file.
        let spelled = ##"""
            {"metadata": {"x": 1}, "callback": "https://example.com/hook", "merge": [{"find": "F", "replace": "mp4"}],
             "output": {"resolution": "sd", "format": "{{F}}", "fps": 25},
             "timeline": {"background": "#000000", "tracks": [{"clips": [{"length": "auto", "start": "auto", "asset": {"src": "https://example.com/a.png", "type": "image"}}]}]}}
            """##
        #expect(try content(plain) == content(spelled))
        #expect(try content(plain) != content(plain, identity: "b"))
        #expect(try content(plain) != content(plain.replacingOccurrences(of: #""length": 3"#, with: #""length": 4"#)))
        #expect(try content(plain) != content(plain.replacingOccurrences(of: #""format": "mp4""#, with: #""format": "mp4", "quality": "high""#)))
    }
}

private struct ProjectTestFailure: Error {}
