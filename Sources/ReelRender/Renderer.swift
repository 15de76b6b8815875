import Foundation
import Logging
import ReelNetwork
import ReelTimeline

public struct RendererConfiguration: Sendable {
    public var ffmpegPath: String
    public var ffprobePath: String
    /// Downloaded assets, kept between renders.
    public var cacheDirectory: URL
    /// Previews' small copies of video sources, kept under a quarter of `maxCacheBytes`.
    public var proxyDirectory: URL
    /// How large the asset cache may grow before the files used least recently are removed.
    public var maxCacheBytes: Int64
    /// Each render works in a folder of its own under this one, removed when it ends.
    public var workDirectory: URL
    /// The longest one render may take, from the first fetch to the saved file.
    public var timeout: Duration
    public var limits: TimelineLimits
    public var maxAssetBytes: Int64
    /// Which hosts asset URLs may point at: any for the CLI; a server by default refuses loopback, private and link-local ones.
    public var addressPolicy: AddressPolicy

    public init(dataDirectory: URL) {
        ffmpegPath = Self.locate("ffmpeg")
        ffprobePath = Self.locate("ffprobe")
        cacheDirectory = dataDirectory.appendingPathComponent("cache")
        proxyDirectory = dataDirectory.appendingPathComponent("proxies")
        maxCacheBytes = 5 * 1024 * 1024 * 1024
        workDirectory = dataDirectory.appendingPathComponent("work")
        timeout = .seconds(600)
        limits = TimelineLimits()
        maxAssetBytes = 512 * 1024 * 1024
        addressPolicy = AddressPolicy(allowPrivate: true)
    }

    /// The first `name` on PATH.
    static func locate(_ name: String) -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return "/usr/bin/\(name)"
    }
}

/// What a finished render produced.
public struct RenderResult: Sendable {
    public var output: URL
    public var poster: URL?
    public var thumbnail: URL?
    public var duration: Double
    public var size: FrameSize?
    public var fps: FrameRate?
    public var format: OutputFormat
    public var fileSize: Int64
}

/// Renders a validated request into a file: fetch and probe assets, resolve the
/// timeline, compile one ffmpeg invocation, run it, then make the poster and thumbnail.
public struct Renderer: Sendable {
    public let configuration: RendererConfiguration
    let fetcher: AssetFetcher
    let proxies: ProxyMedia
    let fileHashes = FileHashes()
    private let logger: Logger

    public init(configuration: RendererConfiguration, logger: Logger = Logger(label: "reel.render")) {
        self.configuration = configuration
        self.logger = logger
        fetcher = AssetFetcher(
            cache: AssetCache(
                directory: configuration.cacheDirectory, maxBytes: configuration.maxCacheBytes,
                keepRecent: Double(configuration.timeout.components.seconds) + 60),
            httpClient: AssetFetcher.sharedClient,
            limits: AssetFetcher.Limits(
                maxBytes: configuration.maxAssetBytes, addresses: configuration.addressPolicy))
        proxies = ProxyMedia(
            cache: AssetCache(
                directory: configuration.proxyDirectory, maxBytes: configuration.maxCacheBytes / 4,
                keepRecent: Double(configuration.timeout.components.seconds) + 60),
            ffmpegPath: configuration.ffmpegPath)
    }

    /// Renders `request` into `destination`; a poster and thumbnail, if asked for, go beside it.
    /// Cancelling the calling task kills ffmpeg and removes every temporary file. The timeout
    /// covers the whole render, Reel's own work (fetching, probing, layout) as well as ffmpeg's.
    public func render(
        _ request: RenderRequest, to destination: URL, progress report: @escaping @Sendable (RenderProgress) -> Void = { _ in }
    ) async throws(RenderError) -> RenderResult {
        try await withRenderDeadline { () async throws(RenderError) -> RenderResult in
            try await renderUnbounded(request, to: destination, progress: report)
        }
    }

    /// Runs `work` under the render's deadline (`RendererConfiguration.timeout`).
    func withRenderDeadline<Value: Sendable>(_ work: @escaping @Sendable () async throws(RenderError) -> Value) async throws(RenderError) -> Value {
        let timeout = configuration.timeout
        let (result, expired) = await withDeadline(timeout) { () -> Result<Value, RenderError> in
            do throws(RenderError) {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
        if case .failure = result, expired { throw Self.renderError(.timedOut, timeout: timeout) }
        return try result.get()
    }

    private func renderUnbounded(
        _ request: RenderRequest, to destination: URL, progress report: @escaping @Sendable (RenderProgress) -> Void
    ) async throws(RenderError) -> RenderResult {
        let progress = ProgressTracker(report: report)
        progress.update(.fetching, fraction: 0)
        let work = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(at: work) }

        let plan = try await makePlan(request, content: .everything, work: work, progress: progress)
        let rendered = work.appendingPathComponent("output.\(request.output.format.rawValue)")
        var encoding = OutputEncoding.arguments(for: request.output, hasAudio: plan.audioOutput != nil)
        if !request.output.format.isStill { encoding += ["-t", num(plan.duration)] }
        try await run(plan, encoding: encoding, into: rendered, work: work, progress: progress)

        progress.update(.encoding, fraction: 0.5)
        let stills = try await makeStills(request.output, from: rendered, duration: plan.duration, work: work)
        progress.update(.saving, fraction: 0)
        let result = try save(rendered, stills: stills, to: destination, request: request, duration: plan.duration)
        progress.update(.saving, fraction: 1)
        return result
    }

    /// Fetches and probes what `request` reads, schedules its timeline (its output range included) and plans the graph.
    func makePlan(_ request: RenderRequest, content: PlanContent, work: URL, progress: ProgressTracker) async throws(RenderError) -> RenderPlan {
        try await makePlans(request, contents: [content], work: work, progress: progress)[0]
    }

    /// `makePlan` for each of `contents`, fetching and probing once.
    func makePlans(_ request: RenderRequest, contents: [PlanContent], work: URL, progress: ProgressTracker) async throws(RenderError) -> [RenderPlan] {
        let inputs = try await prepare(request, work: work, progress: progress)
        let schedule: TimelineSchedule
        do {
            schedule = try TimelineSchedule.resolve(
                request.timeline, range: request.output.range,
                mediaDurations: inputs.naturalLengths, limits: configuration.limits)
        } catch {
            throw RenderError(error)
        }
        return try await onOwnThread { cancellation throws(RenderError) in
            var plans: [RenderPlan] = []
            for content in contents {
                var planner = RenderPlanner(
                    schedule: schedule, timeline: request.timeline, output: request.output, inputs: inputs, workDirectory: work,
                    cancellation: cancellation)
                planner.content = content
                plans.append(try planner.plan())
            }
            return plans
        }
    }

    /// A folder of the render's own under the work directory; the caller removes it.
    func makeWorkFolder() throws(RenderError) -> URL {
        let work = configuration.workDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw RenderError(.internalError, "cannot create the work folder \(work.path): \(error)")
        }
        return work
    }

    // MARK: Running ffmpeg

    /// Runs the plan's graph into `file` with the encoder (and length) arguments `encoding`.
    func run(_ plan: RenderPlan, encoding: [String], into file: URL, work: URL, progress: ProgressTracker) async throws(RenderError) {
        let script = work.appendingPathComponent("graph.txt")
        do {
            for (name, contents) in plan.sideFiles {
                try contents.write(to: work.appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            try plan.graph.script.write(to: script, atomically: false, encoding: .utf8)
        } catch {
            throw RenderError(.internalError, "cannot write the render plan: \(error)")
        }
        var arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-y"]
        arguments += plan.inputs.joined()
        arguments += ["-filter_complex_script", script.path]
        if let video = plan.videoOutput { arguments += ["-map", "[\(video)]"] }
        if let audio = plan.audioOutput { arguments += ["-map", "[\(audio)]"] }
        arguments += encoding
        arguments.append(file.path)

        let duration = plan.duration
        // No timeout of its own: the render's deadline (`render(_:to:progress:)`) covers this run.
        let process = FFmpegProcess(executable: configuration.ffmpegPath, arguments: arguments, timeout: nil) { line in
            if line.hasPrefix("out_time_us="), let micros = Double(line.dropFirst("out_time_us=".count)) {
                progress.update(.rendering, fraction: micros / 1_000_000 / duration)
            } else if line == "progress=end" {
                progress.update(.encoding, fraction: 0)
            }
        }
        logger.debug("ffmpeg \(arguments.joined(separator: " "))\n\(plan.graph.script)")
        let result: FFmpegProcess.Result
        do {
            result = try await process.run()
        } catch {
            throw Self.renderError(error, timeout: configuration.timeout)
        }
        guard result.status == 0, FileManager.default.fileExists(atPath: file.path) else {
            let detail = result.stderrTail.isEmpty ? "no error message" : result.stderrTail
            throw RenderError(.renderFailed, "ffmpeg exited with status \(result.status): \(detail)")
        }
    }

    static func renderError(_ failure: FFmpegProcess.Failure, timeout: Duration) -> RenderError {
        switch failure {
        case .timedOut: RenderError(.renderTimeout, "the render took longer than \(timeout.components.seconds) s and was stopped")
        case .canceled: RenderError(.canceled, "the render was canceled")
        case .launch(let message): RenderError(.internalError, message)
        }
    }

    // MARK: Poster and thumbnail

    struct Stills {
        var poster: URL?
        var thumbnail: URL?
    }

    func makeStills(_ output: Output, from video: URL, duration: Double, work: URL) async throws(RenderError) -> Stills {
        guard output.format.hasVideo, !output.format.isStill else { return Stills() }
        var stills = Stills()
        if let poster = output.poster {
            stills.poster = try await grabFrame(from: video, at: poster.capture, duration: duration, scale: 1, into: work.appendingPathComponent("poster.jpg"))
        }
        if let thumbnail = output.thumbnail {
            stills.thumbnail = try await grabFrame(
                from: video, at: thumbnail.capture, duration: duration, scale: thumbnail.scale, into: work.appendingPathComponent("thumbnail.jpg"))
        }
        return stills
    }

    private func grabFrame(from video: URL, at seconds: Double, duration: Double, scale: Double, into file: URL) async throws(RenderError) -> URL {
        let time = max(0, min(seconds, duration - 0.05))
        var arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-ss", num(time), "-i", video.path, "-frames:v", "1", "-update", "1"]
        if scale < 1 { arguments += ["-vf", "scale=trunc(iw*\(num(scale))/2)*2:-2"] }
        arguments += ["-q:v", "3", file.path]
        let result: FFmpegProcess.Result
        do {
            result = try await FFmpegProcess(executable: configuration.ffmpegPath, arguments: arguments, timeout: .seconds(60)).run()
        } catch {
            throw Self.renderError(error, timeout: .seconds(60))
        }
        guard result.status == 0, FileManager.default.fileExists(atPath: file.path) else {
            throw RenderError(.renderFailed, "could not capture a still at \(num(time)) s: \(result.stderrTail)")
        }
        return file
    }

    // MARK: Saving

    func save(_ rendered: URL, stills: Stills, to destination: URL, request: RenderRequest, duration: Double) throws(RenderError) -> RenderResult {
        let manager = FileManager.default
        let stem = destination.deletingPathExtension()
        func move(_ file: URL, to target: URL) throws(RenderError) -> URL {
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                _ = try? manager.removeItem(at: target)
                try manager.moveItem(at: file, to: target)
                return target
            } catch {
                throw RenderError(.internalError, "cannot save the \(target.lastPathComponent): \(error)")
            }
        }
        let output = try move(rendered, to: destination)
        let poster = try stills.poster.map { (file: URL) throws(RenderError) in try move(file, to: URL(fileURLWithPath: stem.path + "-poster.jpg")) }
        let thumbnail = try stills.thumbnail.map { (file: URL) throws(RenderError) in try move(file, to: URL(fileURLWithPath: stem.path + "-thumbnail.jpg")) }
        let size = (try? manager.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.int64Value ?? 0
        let format = request.output.format
        return RenderResult(
            output: output, poster: poster, thumbnail: thumbnail, duration: format.isStill ? 0 : duration,
            size: format.hasVideo ? request.output.size : nil, fps: format.hasVideo && !format.isStill ? request.output.fps : nil,
            format: format, fileSize: size)
    }
}
