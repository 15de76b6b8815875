import Foundation
import ReelRender
import Testing

/// What an upload is, decided from its bytes.
@Suite struct FileInspectorTests {
    @Test(arguments: [
        ("png", "image/png", [String]()), ("jpg", "image/jpeg", []), ("gif", "image/gif", []), ("bmp", "image/bmp", []),
        ("webp", "image/webp", ["-lossless", "0"]), ("webp", "image/webp", ["-lossless", "1"]),
    ])
    func eachImageFormatIsReadFromItsHeader(_ format: String, _ mimeType: String, _ options: [String]) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let file = try await scratch.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=37x23", "-frames:v", "1"] + options + ["picture.\(format)"])
        let renamed = scratch.file("upload")
        try FileManager.default.moveItem(at: file, to: renamed)
        let inspected = try await Renderer(configuration: scratch.configuration).inspect(renamed)
        #expect(inspected.kind == .image && inspected.mimeType == mimeType && inspected.width == 37 && inspected.height == 23, "\(inspected)")
    }

    @Test func aHeaderCutShortIsNotAnImage() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let file = try await scratch.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=37x23", "-frames:v", "1", "picture.png"])
        let cut = scratch.file("cut")
        try Data(try Data(contentsOf: file).prefix(20)).write(to: cut)
        await #expect(throws: RenderError.self) { _ = try await Renderer(configuration: scratch.configuration).inspect(cut) }
    }
}
