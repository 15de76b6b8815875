import Foundation
@testable import ReelTimeline
import Testing

@Suite struct TemplateParsingTests {
    static let template = ##"""
        {"name": "Card", "inputs": [{"name": "SECONDS", "type": "number", "default": 2}, {"name": "TINT", "type": "color"}],
         "timeline": {"tracks": [
           {"clips": [{"asset": {"type": "text", "text": "{{TITLE}}: {{SECONDS}} s {{ not a name }}"}, "start": 0, "length": "{{SECONDS}}"}]},
           {"clips": [{"asset": {"type": "color", "color": "{{TINT}}"}, "start": 0, "length": "{{SECONDS}}"}]}]},
         "output": {"format": "mp4", "resolution": "{{SIZE}}"}}
        """##

    @Test func undeclaredPlaceholdersAreRequiredStringsAfterTheDeclaredInputs() throws {
        // SIZE stands in as "x" where a resolution goes: no string could render but a resolution's name, so it needs a default.
        let refused = #expect(throws: TimelineValidationError.self) { try TemplateDefinition.parse(Data(Self.template.utf8)) }
        #expect(refused?.issues.map(\.path) == ["output.resolution"])
        let template = Self.template.replacingOccurrences(of: #"{"name": "TINT", "type": "color"}"#, with: #"{"name": "TINT", "type": "color"}, {"name": "SIZE", "type": "string", "default": "preview"}"#)
        let definition = try TemplateDefinition.parse(Data(template.utf8))
        #expect(definition.inputs.map(\.name) == ["SECONDS", "TINT", "SIZE", "TITLE"])
        #expect(definition.inputs.map(\.isRequired) == [false, true, false, true])
        #expect(definition.inputs.last == TemplateInput(name: "TITLE", kind: .string))
    }

    @Test func aNumberStandingAloneStaysANumberAndOneInTextBecomesText() throws {
        let template = Self.template.replacingOccurrences(of: "{{SIZE}}", with: "preview")
        let definition = try TemplateDefinition.parse(Data(template.utf8))
        let body = Data(##"{"input": {"SECONDS": 1.5, "TINT": "#00ff00", "TITLE": "Ada"}, "metadata": {"n": 1}}"##.utf8)
        let made = try TemplateRender.request(body: body, timeline: definition.timeline, output: definition.output, inputs: definition.inputs)
        let render = try RenderRequest.parse(made)
        let text = render.timeline.tracks[0].clips[0]
        #expect(text.length == .seconds(1.5) && render.timeline.tracks[1].clips[0].length == .seconds(1.5))
        #expect(text.asset == .text(TextAsset(text: "Ada: 1.5 s {{ not a name }}", font: .default, alignment: .centered)))
        #expect(render.timeline.tracks[1].clips[0].asset == .color(ColorAsset(color: RGBAColor(red: 0, green: 255, blue: 0))))
        #expect(render.metadata == .object(["n": .number(1)]))
    }

    @Test func inputErrorsAreListedByKindInTheTemplatesOrder() throws {
        let definition = try TemplateDefinition.parse(Data(Self.template.replacingOccurrences(of: "{{SIZE}}", with: "sd").utf8))
        let body = Data(#"{"input": {"SECONDS": "long", "ZED": 1, "ALPHA": true}}"#.utf8)
        let error = #expect(throws: TemplateInputError.self) {
            try TemplateRender.request(body: body, timeline: definition.timeline, output: definition.output, inputs: definition.inputs)
        }
        #expect(error?.missing == ["TINT", "TITLE"] && error?.unknown == ["ALPHA", "ZED"] && error?.invalid.map(\.name) == ["SECONDS"])
        #expect(error?.description == "missing inputs: TINT, TITLE; unknown inputs: ALPHA, ZED; invalid inputs: SECONDS must be a number, not a string")
    }
}
