import Foundation
import ReelRender
import ReelTimeline
import Testing

/// What each file in `examples/` must render to, checked with ffprobe.
struct ExampleExpectation: Sendable, CustomStringConvertible {
    var name: String
    var container: String
    var video: String?
    var audio: String?
    var duration: Double?
    var fps: Double?

    var description: String { name }

    static let all: [ExampleExpectation] = [
        .init(name: "hello", container: "mp4", video: "h264", audio: nil, duration: 4, fps: 25),
        .init(name: "slideshow", container: "mp4", video: "h264", audio: "aac", duration: 8, fps: 30),
        .init(name: "montage", container: "webm", video: "vp9", audio: "opus", duration: 3.5, fps: 25),
        .init(name: "social", container: "mov", video: "h264", audio: nil, duration: 4, fps: 24),
        .init(name: "filters", container: "gif", video: "gif", audio: nil, duration: 4, fps: nil),
        .init(name: "transitions", container: "mp4", video: "h264", audio: nil, duration: 15.6, fps: 25),
        .init(name: "podcast", container: "mp3", video: nil, audio: "mp3", duration: 6.05, fps: nil),
        .init(name: "voiceover", container: "wav", video: nil, audio: "pcm_s16le", duration: 3, fps: nil),
        .init(name: "badge", container: "png", video: "png", audio: nil, duration: nil, fps: nil),
        .init(name: "cover", container: "jpg", video: "mjpeg", audio: nil, duration: nil, fps: nil),
        .init(name: "layout", container: "mp4", video: "h264", audio: "aac", duration: 5, fps: 25),
        .init(name: "motion", container: "mp4", video: "h264", audio: "aac", duration: 4, fps: 25),
    ]
}

@Suite struct ExampleTests {
    @Test func everyExampleHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: examplesFolder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ExampleExpectation.all.map(\.name)))
        #expect(files.count >= 10)
    }

    @Test(arguments: ExampleExpectation.all)
    func exampleRendersAtPreviewSize(_ expected: ExampleExpectation) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let json = try String(contentsOf: examplesFolder.appendingPathComponent("\(expected.name).json"), encoding: .utf8)
        var request = try scratch.request(json)
        let size = request.output.size
        if size.shortEdge > 180 {
            let factor = 180 / Double(size.shortEdge)
            request.output.size = FrameSize(width: Int(Double(size.width) * factor / 2) * 2, height: Int(Double(size.height) * factor / 2) * 2)
        }
        let destination = scratch.file("\(expected.name).\(request.output.format.rawValue)")
        let result = try await Renderer(configuration: scratch.configuration).render(request, to: destination)
        let probe = try await ProbedFile(result.output)

        let containers = ["mp4": "mp4", "mov": "mov", "webm": "webm", "gif": "gif", "mp3": "mp3", "wav": "wav", "png": "png_pipe", "jpg": "image2"]
        #expect(probe.formatName.split(separator: ",").contains { $0 == containers[expected.container]! }, "\(probe.formatName)")
        #expect(probe.videoCodec == expected.video)
        #expect(probe.audioCodec == expected.audio)
        if expected.video != nil {
            #expect(probe.width == request.output.size.width && probe.height == request.output.size.height)
        }
        if let fps = expected.fps { #expect(abs((probe.frameRate ?? 0) - fps) < 0.01) }
        if let duration = expected.duration {
            let tolerance = expected.fps.map { 1 / $0 + 0.001 } ?? 0.1
            #expect(abs(probe.duration - duration) <= tolerance, "duration \(probe.duration)")
            #expect(abs(result.duration - duration) <= tolerance)
        }
        if request.output.poster != nil {
            let poster = try await ProbedFile(try #require(result.poster))
            #expect(poster.width == request.output.size.width)
        }
        if let thumbnail = request.output.thumbnail {
            let probed = try await ProbedFile(try #require(result.thumbnail))
            #expect(probed.width == Int(Double(request.output.size.width) * thumbnail.scale / 2) * 2)
        }
    }
}
