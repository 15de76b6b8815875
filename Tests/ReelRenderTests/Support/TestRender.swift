import Foundation
import ReelRender
import ReelTimeline
import Testing

/// The package's root folder, for its examples.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let examplesFolder = packageRoot.appendingPathComponent("examples")

/// A scratch folder of the test's own, removed by the caller with `cleanUp()`.
struct Scratch {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    var configuration: RendererConfiguration { RendererConfiguration(dataDirectory: file("data")) }

    /// Parses `json` as `reel render` would, with local paths relative to `base`.
    func request(_ json: String, base: URL = examplesFolder) throws -> RenderRequest {
        try RenderRequest.parse(Data(json.utf8), options: ValidationOptions(allowLocalFiles: true, baseDirectory: base.path))
    }

    /// Renders `json` into `name` and returns the result.
    func render(
        _ json: String, to name: String, base: URL = examplesFolder,
        progress: @escaping @Sendable (RenderProgress) -> Void = { _ in }
    ) async throws -> RenderResult {
        try await Renderer(configuration: configuration).render(try request(json, base: base), to: file(name), progress: progress)
    }

    /// Runs ffmpeg to make test media, on a thread of its own; `arguments` end with the output name inside the scratch folder.
    func ffmpeg(_ arguments: [String]) async throws -> URL {
        let output = file(arguments.last!)
        let status = try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            process.arguments = ["-hide_banner", "-loglevel", "error", "-y"] + arguments.dropLast() + [output.path]
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(status == 0, "ffmpeg could not make \(output.lastPathComponent)")
        return output
    }
}

/// A wide JSON request around the given tracks, at 320×180, 25 fps.
func request(tracks: String, output: String = ##"{"format": "mp4", "size": {"width": 320, "height": 180}, "fps": 25}"##, background: String = "#000000") -> String {
    ##"{"timeline": {"background": "\##(background)", "tracks": [\##(tracks)]}, "output": \##(output)}"##
}

/// A track holding one colour clip.
func colorTrack(_ color: String, start: Double = 0, length: Double = 2, extra: String = "") -> String {
    ##"{"clips": [{"asset": {"type": "color", "color": "\##(color)"}, "start": \##(start), "length": \##(length)\##(extra)}]}"##
}

/// Runs CPU-bound or blocking work on a thread of its own: the tests share the concurrency pool's
/// two threads with the renders they run.
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
