import Foundation
import ReelRender
import ReelTimeline
import Testing

/// Assets fetched over real HTTP from a loopback server.
@Suite struct AssetTests {
    func imageTrack(_ src: String, start: Double = 0) -> String {
        ##"{"clips": [{"asset": {"type": "image", "src": "\##(src)"}, "start": \##(start), "length": 1}]}"##
    }

    func failure(_ json: String, scratch: Scratch, configuration: RendererConfiguration? = nil) async throws -> RenderError {
        let renderer = Renderer(configuration: configuration ?? scratch.configuration)
        let parsed = try scratch.request(json)
        do {
            _ = try await renderer.render(parsed, to: scratch.file("out.mp4"))
        } catch {
            return error
        }
        Issue.record("the render succeeded")
        return RenderError(.internalError, "")
    }

    @Test func aURLIsDownloadedOnceAndCachedByItsAddress() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        let twice = imageTrack(server.url("logo.png")) + "," + imageTrack(server.url("logo.png"), start: 1)
        let first = try await scratch.render(request(tracks: twice), to: "a.mp4")
        _ = try await scratch.render(request(tracks: imageTrack(server.url("logo.png"))), to: "b.mp4")
        #expect(server.stop(countingRequestsFor: "logo.png") == 1)
        #expect(try await Frame(of: first.output, at: 1.5).isColor((255, 200, 0), at: 0.5, 0.5, tolerance: 40))
        let cached = try FileManager.default.contentsOfDirectory(atPath: scratch.file("data/cache").path)
        #expect(cached.count == 1 && cached[0].hasSuffix(".png") && !cached[0].contains("part"))
    }

    @Test func aMissingFileIsAnInvalidAssetNamingItsURLAndPath() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        defer { _ = server.stop(countingRequestsFor: "") }
        let error = try await failure(request(tracks: imageTrack(server.url("missing.png"))), scratch: scratch)
        #expect(error.code == .invalidAsset)
        #expect(error.path == "timeline.tracks[0].clips[0].asset.src")
        #expect(error.message.contains(server.url("missing.png")) && error.message.contains("HTTP 404"))
    }

    @Test func aFileThatIsNotMediaIsAnInvalidAsset() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        defer { _ = server.stop(countingRequestsFor: "") }
        let error = try await failure(request(tracks: imageTrack(server.url("generate.sh"))), scratch: scratch)
        #expect(error.code == .invalidAsset && error.message.contains("not a media file"))
        let sound = ##"{"clips": [{"asset": {"type": "audio", "src": "\##(server.url("logo.png"))"}, "start": 0, "length": 1}]}"##
        let notAudio = try await failure(request(tracks: sound + "," + colorTrack("#000000")), scratch: scratch)
        #expect(notAudio.code == .invalidAsset && notAudio.message.hasSuffix("is not audio"))
    }

    @Test func anOversizeFileIsRefusedAndLeavesNothingInTheCache() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        defer { _ = server.stop(countingRequestsFor: "") }
        var configuration = scratch.configuration
        configuration.maxAssetBytes = 10_000
        let error = try await failure(request(tracks: imageTrack(server.url("fractal.jpg"))), scratch: scratch, configuration: configuration)
        #expect(error.code == .invalidAsset && error.message.contains("more than the 10000"))
        let cache = scratch.file("data/cache").path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).isEmpty)
    }

    @Test func anUnreachableServerIsAnInvalidAsset() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let error = try await failure(request(tracks: imageTrack("http://127.0.0.1:9/nothing.png")), scratch: scratch)
        #expect(error.code == .invalidAsset && error.message.contains("could not be downloaded"))
    }
}
