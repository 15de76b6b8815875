import ArgumentParser
import Foundation
import Logging
import ReelRender
import ReelTimeline

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a timeline into a file on this machine."
    )

    @OptionGroup var file: TimelineFile

    @Option(name: [.short, .customLong("output")], help: "The file to write; its poster and thumbnail go beside it.")
    var output: String

    @Option(help: "Override the output resolution preset (preview, mobile, sd, hd, 1080, 4k), keeping the timeline's aspect ratio.")
    var resolution: String?

    @Option(help: "Override the frame rate.")
    var fps: Double?

    @Option(help: "Where downloaded assets are cached and renders work.")
    var dataDir: String = "./.reel"

    @Option(help: "Stop a render that takes longer than this many seconds.")
    var timeout: Int = 600

    @Flag(help: "Print no progress.")
    var quiet = false

    @Flag(help: "Print the ffmpeg command and filter graph of the render.")
    var verbose = false

    func run() async throws {
        var request = try file.load()
        if let resolution {
            guard let preset = ResolutionPreset(rawValue: resolution) else {
                throw ValidationError("--resolution must be one of \(ResolutionPreset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            request.output.size = request.output.size.scaled(toShortEdge: preset.size.height)
        }
        if let fps {
            guard let rate = FrameRate(fps) else { throw ValidationError("--fps \(fps) is not a supported frame rate") }
            request.output.fps = rate
        }
        var configuration = RendererConfiguration(dataDirectory: URL(fileURLWithPath: dataDir))
        configuration.timeout = .seconds(timeout)
        var logger = Logger(label: "reel.render")
        logger.logLevel = verbose ? .debug : .info
        let renderer = Renderer(configuration: configuration, logger: logger)
        let bar = ProgressBar(enabled: !quiet)
        let destination = URL(fileURLWithPath: output)
        let started = ContinuousClock.now
        let result: RenderResult
        let finalRequest = request
        do {
            result = try await withTaskCancelledOnInterrupt {
                try await renderer.render(finalRequest, to: destination) { bar.show($0) }
            }
        } catch let error as RenderError {
            bar.finish()
            printError("render failed: \(error)")
            throw ExitCode(error.code == .canceled ? 130 : 1)
        }
        bar.finish()
        let seconds = (ContinuousClock.now - started).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        var summary = "\(result.output.path): \(result.format.rawValue)"
        if let size = result.size { summary += " \(size)" }
        if result.duration > 0 { summary += String(format: " %.2f s", result.duration) }
        summary += ", \(result.fileSize) bytes, rendered in " + String(format: "%.2f s", elapsed)
        print(summary)
        for still in [result.poster, result.thumbnail].compactMap({ $0 }) { print(still.path) }
    }
}

extension FrameSize {
    /// The same shape with its short edge at `shortEdge`, both sides even as encoders need.
    func scaled(toShortEdge shortEdge: Int) -> FrameSize {
        let factor = Double(shortEdge) / Double(min(width, height))
        func even(_ side: Int) -> Int { max(2, Int((Double(side) * factor / 2).rounded()) * 2) }
        return FrameSize(width: even(width), height: even(height))
    }
}
