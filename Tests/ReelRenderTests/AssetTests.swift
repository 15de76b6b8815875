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

    @Test func aSourcesContentHashIsOfItsCachedBytesReadOnceUntilTheFileIsReplaced() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        let renderer = Renderer(configuration: scratch.configuration)
        let fetched = try await renderer.contentHash(of: .url(server.url("logo.png")))
        #expect(try await renderer.contentHash(of: .url(server.url("logo.png"))) == fetched)
        #expect(server.stop(countingRequestsFor: "logo.png") == 1)
        #expect(try await renderer.contentHash(of: .file(examplesFolder.appendingPathComponent("media/logo.png").path)) == fetched)
        #expect(fetched.count == 64 && fetched.allSatisfy(\.isHexDigit))

        // The cache never changes a file in place, so a change that keeps its inode and size is not looked for;
        // a file renamed over it, as the cache replaces one, is read again.
        let file = scratch.file("asset.bin")
        try Data("first".utf8).write(to: file, options: .atomic)
        let first = try await renderer.contentHash(of: .file(file.path))
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data("other".utf8))
        try handle.close()
        #expect(try await renderer.contentHash(of: .file(file.path)) == first)
        try Data("other".utf8).write(to: file, options: .atomic)
        let replaced = try await renderer.contentHash(of: .file(file.path))
        let again = try await renderer.contentHash(of: .file(file.path))
        #expect(replaced != first && replaced == again)
    }

    @Test func theCacheKeepsToItsCapRemovingTheLeastRecentlyUsedButNeverARecentFile() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let server = try StaticFileServer(serving: examplesFolder.appendingPathComponent("media"))
        let (logo, sunset, bars) = (332, 2011, 5596)
        /// The cached files by their size, which tells the three apart.
        func cached() throws -> [Int: URL] {
            let folder = scratch.file("data/cache")
            return Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).map {
                (try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0, $0)
            })
        }
        func used(_ size: Int, hoursAgo: Double) throws {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -hoursAgo * 3600)], ofItemAtPath: try #require(try cached()[size]).path)
        }
        var configuration = scratch.configuration
        configuration.maxCacheBytes = Int64(logo + bars + 100)
        func render(_ name: String) async throws {
            _ = try await Renderer(configuration: configuration).render(
                try scratch.request(request(tracks: imageTrack(server.url(name)))), to: scratch.file("out.mp4"))
        }
        try await render("logo.png")
        try await render("sunset.jpg")
        try used(logo, hoursAgo: 2)
        try used(sunset, hoursAgo: 1)
        try await render("logo.png")
        try await render("bars.jpg")
        #expect(try Set(cached().keys) == [logo, bars], "reading logo.png from the cache made it recent, so sunset.jpg went")

        try used(logo, hoursAgo: 3)
        try used(bars, hoursAgo: 2)
        configuration.maxCacheBytes = Int64(sunset + bars + 100)
        try await render("sunset.jpg")
        #expect(try Set(cached().keys) == [sunset, bars], "the file used least recently goes first, and only as many as the cap needs")

        configuration.maxCacheBytes = 1
        try await render("logo.png")
        #expect(try Set(cached().keys) == [logo, sunset], "files used within the render timeout stay, whatever the cap")
        #expect(server.stop(countingRequestsFor: "logo.png") == 2, "downloaded, read from the cache, downloaded again once removed")
    }

    @Test func aLargeDownloadMovesTheProgressAsItsBytesArrive() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // Noise does not compress: about 1.2 MB of PNG, which arrives in many reads.
        _ = try await scratch.ffmpeg(["-f", "lavfi", "-i", "nullsrc=s=1280x720,geq=random(1)*255:128:128", "-frames:v", "1", "noise.png"])
        let server = try StaticFileServer(serving: scratch.folder)
        defer { _ = server.stop(countingRequestsFor: "") }
        let log = ProgressLog()
        _ = try await scratch.render(request(tracks: imageTrack(server.url("noise.png"))), to: "noise.mp4") { log.append($0) }
        let fetching = log.updates.filter { $0.stage == .fetching }.map(\.percent)
        #expect(Set(fetching.filter { $0 > 0 && $0 < 9 }).count >= 5, "\(fetching)")
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
