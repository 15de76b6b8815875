import Foundation
@testable import ReelTimeline
import Testing

/// Parses `json`, expecting it to be refused, and returns the issues.
func issues(_ json: String, options: ValidationOptions = ValidationOptions()) -> [TimelineIssue] {
    do {
        _ = try RenderRequest.parse(Data(json.utf8), options: options)
        Issue.record("expected \(json) to be refused")
        return []
    } catch {
        return error.issues
    }
}

func body(clip: String, output: String = ##"{"format": "mp4"}"##) -> String {
    ##"{"timeline": {"tracks": [{"clips": [\##(clip)]}]}, "output": \##(output)}"##
}

let colorAsset = ##"{"type": "color", "color": "#ff0000"}"##

@Suite struct ValidationTests {
    @Test func aValidRequestReadsEveryField() throws {
        let json = ##"""
            {"timeline": {"background": "#112233", "tracks": [{"clips": [
               {"asset": {"type": "image", "src": "https://example.com/a.jpg", "crop": {"top": 0.1}}, "start": 1, "length": 2,
                "fit": "contain", "scale": 0.5, "position": "topRight", "offset": {"x": 0.1, "y": -0.2}, "opacity": 0.5,
                "transition": {"in": "wipeLeftSlow", "out": "zoom"}, "effect": "zoomInFast", "filter": "greyscale"}]}]},
             "output": {"format": "webm", "resolution": "hd", "aspectRatio": "9:16", "fps": 29.97, "quality": "high"},
             "callback": "https://example.com/hook", "metadata": {"project": "p1"}}
            """##
        let request = try RenderRequest.parse(Data(json.utf8))
        let clip = request.timeline.tracks[0].clips[0]
        #expect(request.timeline.background == RGBAColor(red: 0x11, green: 0x22, blue: 0x33))
        #expect(clip.asset == .image(ImageAsset(src: .url("https://example.com/a.jpg"), crop: Crop(top: 0.1, bottom: 0, left: 0, right: 0))))
        #expect(clip.start == .at(1) && clip.length == .seconds(2))
        #expect(clip.fit == .contain && clip.scale == 0.5 && clip.position == .topRight && clip.opacity == 0.5)
        #expect(clip.offset == Offset(x: 0.1, y: -0.2))
        #expect(clip.transition.in == TransitionStyle(kind: .wipeLeft, speed: .slow))
        #expect(clip.transition.out == TransitionStyle(kind: .zoom, speed: .normal))
        #expect(clip.effect == MotionEffect(kind: .zoomIn, speed: .fast))
        #expect(clip.filter == .greyscale)
        #expect(request.output.format == .webm && request.output.quality == .high)
        #expect(request.output.size == FrameSize(width: 720, height: 1280))
        #expect(request.output.fps == FrameRate(numerator: 30000, denominator: 1001))
        #expect(request.callback == "https://example.com/hook")
        #expect(request.metadata == .object(["project": .string("p1")]))
    }

    @Test func aRejectionNamesThePathAndTheReason() {
        let found = issues(body(clip: ##"{"asset": \##(colorAsset), "start": 0, "length": 0}"##))
        #expect(found.map(\.description) == ["timeline.tracks[0].clips[0].length: must be greater than 0"])
        #expect(found.first?.code == .invalidTimeline)
    }

    @Test func everyIssueIsReportedNotOnlyTheFirst() {
        let found = issues(##"{"timeline": {"background": "blue-ish", "tracks": [{"clips": [{"asset": {"type": "color", "color": "#ff0000"}, "opacity": 2, "fit": "stretch"}]}]}, "output": {"format": "avi"}}"##)
        #expect(Set(found.map(\.path)) == [
            "timeline.background", "timeline.tracks[0].clips[0].opacity", "timeline.tracks[0].clips[0].fit", "output.format",
        ])
    }

    @Test func unknownAssetTypesAndFieldsAreUnsupportedNotIgnored() {
        let html = issues(body(clip: ##"{"asset": {"type": "html", "html": "<p>"}, "start": 0, "length": 1}"##))
        #expect(html.first?.code == .unsupportedFeature)
        #expect(html.first?.path == "timeline.tracks[0].clips[0].asset.type")
        let field = issues(body(clip: ##"{"asset": \##(colorAsset), "start": 0, "length": 1, "chromaKey": {"color": "#00ff00"}}"##))
        #expect(field.map(\.code) == [.unsupportedFeature])
        #expect(field.first?.path == "timeline.tracks[0].clips[0].chromaKey")
        let output = issues(body(clip: ##"{"asset": \##(colorAsset), "length": 1}"##, output: ##"{"format": "mp4", "destinations": []}"##))
        #expect(output.first?.path == "output.destinations" && output.first?.code == .unsupportedFeature)
    }

    @Test func localPathsAreRefusedUnlessAllowed() throws {
        let clip = ##"{"asset": {"type": "image", "src": "media/a.jpg"}, "length": 1}"##
        #expect(issues(body(clip: clip)).first?.path == "timeline.tracks[0].clips[0].asset.src")
        let request = try RenderRequest.parse(Data(body(clip: clip).utf8), options: ValidationOptions(allowLocalFiles: true, baseDirectory: "/data/project"))
        #expect(request.timeline.tracks[0].clips[0].asset.source == .file("/data/project/media/a.jpg"))
        let ftp = issues(body(clip: ##"{"asset": {"type": "image", "src": "ftp://example.com/a.jpg"}, "length": 1}"##), options: ValidationOptions(allowLocalFiles: true))
        #expect(ftp.first?.message == "must be an http or https URL, or asset:// and an upload's id")
        let upload = try RenderRequest.parse(Data(body(clip: ##"{"asset": {"type": "image", "src": "asset://ast_01J0000000000000000000000Z"}, "length": 1}"##).utf8))
        #expect(upload.timeline.tracks[0].clips[0].asset.source == .asset("ast_01J0000000000000000000000Z"))
        for bad in ["asset://", "asset://ast_01J000", "asset://ast_01J0000000000000000000000U", "asset://../../etc/passwd", "asset://ast_01J0000000000000000000000Z/x"] {
            let refused = issues(body(clip: ##"{"asset": {"type": "image", "src": "\##(bad)"}, "length": 1}"##))
            #expect(refused.first?.path == "timeline.tracks[0].clips[0].asset.src" && refused.first?.message.hasPrefix("must be asset:// followed by") == true, "\(bad)")
        }
    }

    @Test func mergeFieldsReplacePlaceholdersBeforeValidation() throws {
        let json = ##"""
            {"timeline": {"tracks": [{"clips": [{"asset": {"type": "text", "text": "Hi {{NAME}}, {{NAME}}!"}, "length": "{{LEN}}"}]}]},
             "output": {"format": "mp4"}, "merge": [{"find": "NAME", "replace": "Ada"}, {"find": "LEN", "replace": 4}]}
            """##
        let clip = try RenderRequest.parse(Data(json.utf8)).timeline.tracks[0].clips[0]
        guard case .text(let text) = clip.asset else { Issue.record("not text"); return }
        #expect(text.text == "Hi Ada, Ada!")
        #expect(clip.length == .seconds(4))
        let bad = issues(##"{"timeline": {"tracks": []}, "output": {"format": "mp4"}, "merge": [{"find": "", "replace": {}}]}"##)
        #expect(bad.map(\.path).contains("merge[0].find") && bad.map(\.path).contains("merge[0].replace"))
    }

    @Test func limitsAreEnforcedAndConfigurable() {
        var options = ValidationOptions()
        options.limits.maxClips = 2
        options.limits.maxTextLength = 5
        let clips = Array(repeating: ##"{"asset": \##(colorAsset), "length": 1}"##, count: 3).joined(separator: ",")
        #expect(issues(body(clip: clips), options: options).first?.message == "must have at most 2 items")
        let long = issues(body(clip: ##"{"asset": {"type": "text", "text": "too long"}, "length": 1}"##), options: options)
        #expect(long.first?.path == "timeline.tracks[0].clips[0].asset.text")
        let huge = issues(body(clip: ##"{"asset": \##(colorAsset), "length": 1}"##, output: ##"{"format": "mp4", "size": {"width": 7680, "height": 4320}}"##))
        #expect(huge.first?.path == "output.size")
        let odd = issues(body(clip: ##"{"asset": \##(colorAsset), "length": 1}"##, output: ##"{"format": "mp4", "size": {"width": 641, "height": 360}}"##))
        #expect(odd.first?.description == "output.size.width: must be an even number of pixels")
    }

    @Test func fontFamiliesAreKeptToPlainNames() {
        for family in ["Inter:style=Bold", "A'B", "x,y", "../etc", "a\nb", "%{pts}"] {
            let clip = ##"{"asset": {"type": "text", "text": "x", "font": {"family": \##(jsonString(family))}}, "length": 1}"##
            #expect(issues(body(clip: clip)).first?.path == "timeline.tracks[0].clips[0].asset.font.family", "\(family)")
        }
    }

    @Test func badJSONIsAnInvalidRequest() {
        #expect(issues("{\"timeline\": ").first?.code == .invalidRequest)
        #expect(issues("[]").first?.description == "must be an object, not an array")
    }

    @Test func outputSizesFollowPresetsAndAspectRatios() throws {
        func size(_ output: String) throws -> FrameSize {
            try RenderRequest.parse(Data(body(clip: ##"{"asset": \##(colorAsset), "length": 1}"##, output: output).utf8)).output.size
        }
        #expect(try size(##"{"format": "mp4"}"##) == FrameSize(width: 1024, height: 576))
        #expect(try size(##"{"format": "mp4", "resolution": "1080", "aspectRatio": "1:1"}"##) == FrameSize(width: 1080, height: 1080))
        #expect(try size(##"{"format": "mp4", "resolution": "hd", "aspectRatio": "4:5"}"##) == FrameSize(width: 720, height: 900))
        #expect(try size(##"{"format": "mp4", "resolution": "preview", "aspectRatio": "4:3"}"##) == FrameSize(width: 384, height: 288))
    }
}

func jsonString(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}
