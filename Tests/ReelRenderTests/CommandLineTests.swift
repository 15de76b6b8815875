import Foundation
import Testing

/// The `reel` executable, run as a user runs it.
@Suite struct CommandLineTests {
    /// `reel` is built beside the test bundle.
    static let reel = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reel")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func reel(_ arguments: [String], in folder: URL) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try reelBlocking(arguments, in: folder) }) }.start()
        }
    }

    private func reelBlocking(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = Self.reel
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func validateListsEveryErrorWithItsPathAndExitsOne() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try ##"{"timeline": {"tracks": [{"clips": [{"asset": {"type": "color", "color": "#f00"}, "length": 0}]}]}, "output": {"format": "mp4", "fps": 31}}"##
            .write(to: scratch.file("bad.json"), atomically: true, encoding: .utf8)
        let run = try await reel(["validate", "bad.json"], in: scratch.folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("timeline.tracks[0].clips[0].length: must be greater than 0"))
        #expect(run.stderr.contains("output.fps: must be one of"))
        let good = try await reel(["validate", examplesFolder.appendingPathComponent("hello.json").path], in: scratch.folder)
        #expect(good.status == 0 && good.stdout.contains("valid"))
    }

    @Test func renderWritesTheFileAndItsStills() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let run = try await reel(
            ["render", examplesFolder.appendingPathComponent("layout.json").path, "-o", "out/layout.mp4", "--resolution", "preview", "--fps", "12"],
            in: scratch.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let probe = try await ProbedFile(scratch.file("out/layout.mp4"))
        #expect(probe.width == 512 && abs((probe.frameRate ?? 0) - 12) < 0.01)
        #expect(FileManager.default.fileExists(atPath: scratch.file("out/layout-poster.jpg").path))
        #expect(FileManager.default.fileExists(atPath: scratch.file("out/layout-thumbnail.jpg").path))
        let work = scratch.file(".reel/work").path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).isEmpty)
    }

    @Test func aResolutionOverrideKeepsThePortraitShape() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let run = try await reel(
            ["render", examplesFolder.appendingPathComponent("social.json").path, "-o", "social.mov", "--resolution", "preview", "--quiet"],
            in: scratch.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let probe = try await ProbedFile(scratch.file("social.mov"))
        #expect(probe.width == 288 && probe.height == 512)
    }

    @Test func aMissingAssetFailsWithItsPath() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try ##"{"timeline": {"tracks": [{"clips": [{"asset": {"type": "image", "src": "nowhere.png"}, "length": 1}]}]}, "output": {"format": "mp4"}}"##
            .write(to: scratch.file("missing.json"), atomically: true, encoding: .utf8)
        let run = try await reel(["render", "missing.json", "-o", "x.mp4"], in: scratch.folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("INVALID_ASSET: timeline.tracks[0].clips[0].asset.src"))
    }
}
