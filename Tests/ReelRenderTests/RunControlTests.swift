import Foundation
import ReelRender
import ReelTimeline
import Testing

/// Progress, cancellation, timeouts and failures of a running ffmpeg.
@Suite struct RunControlTests {
    /// A render that takes many seconds: a minute of moving 1080p picture.
    static let slowRender = request(
        tracks: ##"{"clips": [{"asset": {"type": "image", "src": "media/fractal.jpg"}, "start": 0, "length": 60, "effect": "zoomIn"}]}"##,
        output: ##"{"format": "mp4", "resolution": "1080", "fps": 30}"##)

    @Test func progressOnlyMovesForwardThroughTheStages() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let log = ProgressLog()
        _ = try await scratch.render(request(tracks: colorTrack("#336699", length: 3)), to: "p.mp4") { log.append($0) }
        let updates = log.updates
        #expect(updates.count >= 3)
        #expect(zip(updates, updates.dropFirst()).allSatisfy { $0.percent <= $1.percent })
        let stages = updates.map(\.stage)
        #expect(zip(stages, stages.dropFirst()).allSatisfy { RenderStage.allCases.firstIndex(of: $0)! <= RenderStage.allCases.firstIndex(of: $1)! })
        #expect(stages.contains(.rendering))
        #expect(updates.last?.stage == .saving && updates.last?.percent == 100)
    }

    @Test func cancelStopsFFmpegWithinASecondAndLeavesNothingBehind() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let log = ProgressLog()
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            // The wait below ends with the render too, so a render that fails early fails the test instead of hanging it.
            defer { started.continuation.finish() }
            return try await scratch.render(Self.slowRender, to: "slow.mp4") { progress in
                log.append(progress)
                if progress.stage == .rendering && progress.percent > 11 { started.continuation.yield() }
            }
        }
        defer { task.cancel() }
        let giveUp = Task {
            try await Task.sleep(for: .seconds(60))
            started.continuation.finish()
        }
        defer { giveUp.cancel() }
        var underWay = false
        for await _ in started.stream {
            underWay = true
            break
        }
        try #require(underWay, "the render did not get past 11% within 60 s; last progress: \(String(describing: log.updates.last))")
        try #require(ffmpegProcesses(using: scratch.folder).count == 1)
        let canceledAt = ContinuousClock.now
        task.cancel()
        // The cancel kills ffmpeg before it returns. Looked for from this thread without awaiting, so that no
        // other test's task comes between the cancel and the look: the suite beside it cannot stretch the time.
        while !ffmpegProcesses(using: scratch.folder).isEmpty && ContinuousClock.now - canceledAt < .seconds(2) { usleep(10_000) }
        let stoppedAfter = ContinuousClock.now - canceledAt
        #expect(stoppedAfter < .seconds(1), "ffmpeg still ran \(stoppedAfter) after the cancel")
        await #expect(throws: RenderError.self) { _ = try await task.value }
        let result = await task.result
        if case .failure(let error as RenderError) = result { #expect(error.code == .canceled) }
        #expect(ffmpegProcesses(using: scratch.folder).isEmpty)
        let work = scratch.file("data/work")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("slow.mp4").path))
    }

    @Test func aRenderOverItsTimeLimitFailsWithRenderTimeout() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        var configuration = scratch.configuration
        configuration.timeout = .seconds(1)
        let started = ContinuousClock.now
        await #expect {
            _ = try await Renderer(configuration: configuration).render(try scratch.request(Self.slowRender), to: scratch.file("slow.mp4"))
        } throws: { error in
            (error as? RenderError)?.code == .renderTimeout
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(ffmpegProcesses(using: scratch.folder).isEmpty)
    }

    @Test func aFailingFFmpegReportsItsErrorLinesNotItsWholeLog() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // A real ffmpeg given a graph that cannot be built.
        let wrapper = packageRoot.appendingPathComponent("Tests/Tools/ffmpeg-with-a-broken-graph")
        var configuration = scratch.configuration
        configuration.ffmpegPath = wrapper.path
        await #expect {
            _ = try await Renderer(configuration: configuration).render(try scratch.request(request(tracks: colorTrack("#ffffff"))), to: scratch.file("x.mp4"))
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.code == .renderFailed && error.message.contains("No such filter: 'nosuchsource'")
                && error.message.count < 600
        }
    }
}

/// ffmpeg processes whose arguments mention `folder`.
func ffmpegProcesses(using folder: URL) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        let program = command.split(separator: " ").first.map { $0.split(separator: "/").last ?? $0 }
        return program == "ffmpeg" && command.contains(folder.path) ? pid : nil
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RenderProgress] = []

    func append(_ progress: RenderProgress) { lock.withLock { stored.append(progress) } }
    var updates: [RenderProgress] { lock.withLock { stored } }
}
