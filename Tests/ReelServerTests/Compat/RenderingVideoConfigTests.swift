import Foundation
import HummingbirdTesting
import ReelTimeline
import Testing

@testable import ReelServer

/// RenderingVideo's `config` (seed 004) read as a Reel render request.
@Suite struct RenderingVideoConfigTests {
    /// The seed's example config, only made small.
    static let sample = #"""
        {
          "meta": {"version": "2.0.0", "width": 512, "height": 288, "fps": 30, "background": "#000000"},
          "tracks": [{"clips": [{"type": "text", "text": "Hello World", "start": 0, "duration": 1}]}]
        }
        """#

    static func config(_ text: String) throws -> RenderingVideoConfig {
        try RenderingVideoConfig(try JSONValue.parse(Data(text.utf8)))
    }

    @Test func theSeedsConfigIsARenderRequest() throws {
        let config = try Self.config(Self.sample)
        #expect(config.width == 512 && config.height == 288 && config.fps == 30 && config.duration == 1 && config.quality == "720p")
        let expected = try JSONValue.parse(Data(#"""
            {"timeline": {"background": "#000000", "tracks": [{"clips": [{"asset": {"type": "text", "text": "Hello World"}, "start": 0, "length": 1}]}]},
             "output": {"format": "mp4", "size": {"width": 512, "height": 288}, "fps": 30}}
            """#.utf8))
        #expect(config.request == expected)
    }

    @Test func mediaClipsKeepTheirSourceAndTheLastEndIsTheDuration() throws {
        let config = try Self.config(#"""
            {"meta": {"width": 1920, "height": 1080},
             "tracks": [{"clips": [{"type": "image", "src": "https://example.com/a.png", "start": 1, "duration": 2.5}]},
                        {"clips": [{"type": "video", "src": "https://example.com/b.mp4", "duration": 3},
                                   {"type": "audio", "src": "https://example.com/c.mp3", "start": 2, "duration": 1}]}]}
            """#)
        #expect(config.duration == 3.5 && config.fps == 30 && config.quality == "1080p")
        guard case .object(let request) = config.request, case .object(let timeline)? = request["timeline"],
            case .array(let tracks)? = timeline["tracks"], case .object(let second)? = tracks.last, case .array(let clips)? = second["clips"]
        else { Issue.record("no tracks in \(config.request)"); return }
        #expect(timeline["background"] == .string("#000000"))
        #expect(clips.first == .object(["asset": .object(["type": .string("video"), "src": .string("https://example.com/b.mp4")]), "start": .number(0), "length": .number(3)]))
    }

    @Test(arguments: [
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "text", "text": "a", "duration": 1}, {"type": "shape", "duration": 1}]}]}"#, "config.tracks[0].clips[1].type"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "text", "text": "a", "duration": 1, "style": {}}]}]}"#, "config.tracks[0].clips[0].style"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "text", "text": "a"}]}]}"#, "config.tracks[0].clips[0].duration"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "text", "duration": 1}]}]}"#, "config.tracks[0].clips[0].text"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "image", "duration": 1}]}]}"#, "config.tracks[0].clips[0].src"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [{"type": "text", "text": "a", "start": -1, "duration": 1}]}]}"#, "config.tracks[0].clips[0].start"),
        (#"{"meta": {"width": 511, "height": 288}, "tracks": []}"#, "config.meta.width"),
        (#"{"meta": {"width": 512}, "tracks": []}"#, "config.meta.height"),
        (#"{"meta": {"width": 512, "height": 288, "fps": 31}, "tracks": []}"#, "config.meta.fps"),
        (#"{"meta": {"width": 512, "height": 288, "background": "black"}, "tracks": []}"#, "config.meta.background"),
        (#"{"meta": {"width": 512, "height": 288, "theme": "x"}, "tracks": []}"#, "config.meta.theme"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": []}"#, "config.tracks"),
        (#"{"meta": {"width": 512, "height": 288}, "tracks": [{"clips": [], "name": "x"}]}"#, "config.tracks[0].name"),
        (#"{"tracks": []}"#, "config.meta"),
        (#"[]"#, "config"),
    ])
    func aFieldThatCannotBeTranslatedIsNamed(config: String, path: String) throws {
        let error = #expect(throws: APIError.self) { try Self.config(config) }
        #expect(error?.code == "INVALID_CONFIG" && error?.status == .badRequest)
        #expect(error?.details?["path"] == .string(path) && error?.message.hasPrefix("\(path): ") == true, "\(String(describing: error))")
    }

    @Test func theErrorIsRenderingVideosShape() throws {
        let response = try RenderingVideoConfig.error(RenderingVideoConfig.invalid("config.meta.fps", "must be one of 30"))
        #expect(response.status == .badRequest)
    }

    @Test func aTranslatedConfigRendersAVideo() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let body = String(decoding: try JSONBody.encoder.encode(try Self.config(Self.sample).request), as: UTF8.self)
        try await fixture.live { client in
            let submitted = try await client.call(.post, "/v1/renders", key: key, body: body)
            try #require(submitted.status == .accepted, "\(String(buffer: submitted.body))")
            let job = try await client.waitForJob(try #require(try submitted.json()["id"] as? String), key: key)
            try await client.requireVideo(at: try #require(job["url"] as? String), in: fixture.folder)
        }
    }
}
