import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ReelServer

/// Shotstack's shape, SVG, text-to-speech and smart-clip features through `/compat/shotstack`, rendered.
@Suite struct ShotstackMediaTests {
    @Test func anEditWithShapesSpeechAndAliasesRenders() async throws {
        let fixture = try await ServerFixture(["workers": .int(1)])
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let headers: HTTPFields = [HTTPField.Name("x-api-key")!: key, .contentType: "application/json"]
        let svg = ##"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"9\"><rect width=\"8\" height=\"9\" fill=\"#ffffff\"/></svg>"##
        let edit = ##"""
            {"timeline": {"tracks": [
               {"clips": [{"asset": {"type": "text-to-speech", "text": "Hello", "voice": "Matthew", "language": "en-US"}, "start": 0.2, "alias": "voice"}]},
               {"clips": [{"asset": {"type": "shape", "shape": "circle", "circle": {"radius": 40}, "fill": {"color": "#ff0000", "opacity": 0.8}},
                           "start": "alias://voice", "length": "alias://voice"}]},
               {"clips": [{"asset": {"type": "svg", "src": "\##(svg)"}, "start": 0, "length": 1}]}]},
             "output": {"format": "mp4", "resolution": "preview"}}
            """##
        try await fixture.live { client in
            let queued = try await client.call(.post, "/compat/shotstack/v1/render", headers: headers, body: edit)
            #expect(queued.status == .created, "\(String(buffer: queued.body))")
            let id = try #require((try queued.json()["response"] as? [String: Any])?["id"] as? String)
            var render: [String: Any] = [:]
            for _ in 0..<240 {
                render = try #require(try await client.call(.get, "/compat/shotstack/v1/render/\(id)", headers: headers).json()["response"] as? [String: Any])
                if ["done", "failed"].contains(render["status"] as? String) { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(render["status"] as? String == "done", "\(render)")
            try await client.requireVideo(at: try #require(render["url"] as? String), in: fixture.folder)
        }
    }

    /// Shotstack's own example of a luma matte: on the track of the clip it masks, overlapping it.
    @Test func anEditWithALumaMatteIsQueued() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.cleanUp() }
        let (_, key) = try await fixture.account()
        let headers: HTTPFields = [HTTPField.Name("x-api-key")!: key, .contentType: "application/json"]
        let edit = ##"""
            {"timeline": {"tracks": [{"clips": [
               {"asset": {"type": "luma", "src": "https://example.com/circle.jpg"}, "start": 0, "length": 2},
               {"asset": {"type": "video", "src": "https://example.com/cat.mp4", "speed": 1.5, "chromaKey": {"color": "#00b140"}}, "start": 0, "length": 2}]}]},
             "output": {"format": "mp4", "resolution": "preview"}}
            """##
        try await fixture.live { client in
            let queued = try await client.call(.post, "/compat/shotstack/v1/render", headers: headers, body: edit)
            #expect(queued.status == .created, "\(String(buffer: queued.body))")
        }
    }
}
