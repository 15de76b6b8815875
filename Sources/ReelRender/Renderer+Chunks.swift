import Foundation
import ReelTimeline

/// One part of a chunked render: frames `startFrame..<endFrame` of the output.
public struct ChunkSpan: Sendable, Equatable, Codable {
    public var index: Int
    public var startFrame: Int
    public var endFrame: Int

    public init(index: Int, startFrame: Int, endFrame: Int) {
        self.index = index
        self.startFrame = startFrame
        self.endFrame = endFrame
    }

    public var frames: Int { endFrame - startFrame }
}

/// A chunked render: the output's frames split into spans, each rendered by itself as video only with the
/// encoder settings of a single pass; the sound of the whole timeline mixed once; the parts joined by
/// stream copy and muxed with the sound. Cuts inside transitions, motion effects, text and captions are
/// drawn as a single pass draws them (`ClipGroup.redrawingCuts`, the schedule's `phase`).
extension Renderer {
    /// Whether `output` can be rendered in chunks: moving pictures in MP4, MOV or WebM.
    public static func canChunk(_ output: Output) -> Bool { OutputEncoding.canChunk(output) }

    /// Splits `frames` into `count` spans. Where the rate is a whole number of frames a second, each boundary is
    /// on a whole second, so that every time in a part's graph is as exact as in a single pass (a time like
    /// 1/3 s, written with six decimals, could move an edge by a frame). The first span's worker also does
    /// `firstWorkerAlsoDoes` frames' worth of other work (the sound): its span is shorter by that much, shared
    /// out so that every worker has about as much to do.
    public static func spans(frames: Int, count: Int, fps: FrameRate, firstWorkerAlsoDoes extra: Int = 0) -> [ChunkSpan] {
        let perSecond = fps.denominator == 1 ? fps.numerator : 1
        let units = max(1, frames / perSecond)
        let parts = max(1, min(count, units))
        var boundaries = (0...parts).map { units * $0 / parts }
        if parts > 1 && extra > 0 {
            let share = (Double(units) + Double(extra) / Double(perSecond)) / Double(parts)
            let first = min(max(1, Int((share - Double(extra) / Double(perSecond)).rounded())), units - (parts - 1))
            let rest = units - first
            boundaries = [0] + (0..<parts).map { first + rest * $0 / (parts - 1) }
        }
        boundaries = boundaries.map { $0 * perSecond }
        boundaries[parts] = frames
        return (0..<parts).map { ChunkSpan(index: $0, startFrame: boundaries[$0], endFrame: boundaries[$0 + 1]) }
    }

    /// What a chunked render's split needs to know, from its planning.
    public struct Length: Sendable {
        /// In seconds, and in frames as a single pass renders them.
        public var duration: Double
        public var frames: Int
        /// What mixing and encoding the sound costs, in frames of picture (`soundCost`).
        public var soundCost: Int
    }

    /// The output's length, and the cost of its sound. Fetches and probes what `request` reads.
    public func length(of request: RenderRequest) async throws(RenderError) -> Length {
        try await withRenderDeadline { () async throws(RenderError) -> Length in
            let work = try makeWorkFolder()
            defer { try? FileManager.default.removeItem(at: work) }
            let plans = try await makePlans(request, contents: [.pictures, .sound], work: work, progress: ProgressTracker(report: { _ in }))
            let (pictures, sound) = (plans[0], plans[1])
            let frames = Int((pictures.duration * request.output.fps.value - 1e-6).rounded(.up))
            return Length(duration: pictures.duration, frames: frames, soundCost: Self.soundCost(sound, output: request.output))
        }
    }

    /// A model of the sound's cost, in frames of picture, from what bench/chunks measured on its 60 s 720p
    /// montage (BENCHMARKS.md, "Chunked renders"): decoding and mixing a second of one voice, or encoding a
    /// second of the mix, costs about as much as drawing and encoding 700,000 pixels of picture. A wrong
    /// figure only makes the first chunk's worker finish a little before or after the others.
    private static func soundCost(_ plan: RenderPlan, output: Output) -> Int {
        guard plan.audioOutput != nil else { return 0 }
        let voiceSeconds = plan.inputs.reduce(0.0) { total, input in
            guard let flag = input.firstIndex(of: "-t"), flag + 1 < input.count, let seconds = Double(input[flag + 1]) else { return total }
            return total + seconds
        }
        let pixelsPerFrame = Double(max(1, output.size.width * output.size.height))
        return Int(((voiceSeconds + plan.duration) * 700_000 / pixelsPerFrame).rounded())
    }

    /// Renders the span's frames, video only, into `file` (Matroska). The last span runs to the output's end.
    public func renderPart(
        _ request: RenderRequest, span: ChunkSpan, isLast: Bool, to file: URL,
        progress report: @escaping @Sendable (RenderProgress) -> Void = { _ in }
    ) async throws(RenderError) {
        var part = request
        let fps = request.output.fps.value
        let outputStart = request.output.range?.start ?? 0
        let length = isLast ? request.output.range?.length.map { $0 - Double(span.startFrame) / fps } : Double(span.frames) / fps
        part.output.range = OutputRange(start: outputStart + Double(span.startFrame) / fps, length: length)
        part.output.poster = nil
        part.output.thumbnail = nil
        try await withRenderDeadline { [part] () async throws(RenderError) in
            let progress = ProgressTracker(report: report)
            let work = try makeWorkFolder()
            defer { try? FileManager.default.removeItem(at: work) }
            let plan = try await makePlan(part, content: .pictures, work: work, progress: progress)
            let rendered = work.appendingPathComponent("part.mkv")
            let encoding = OutputEncoding.partArguments(for: request.output) + ["-frames:v", "\(span.frames)"]
            try await run(plan, encoding: encoding, into: rendered, work: work, progress: progress)
            try moveIntoPlace(rendered, file)
        }
    }

    /// Mixes the whole output's sound into `file`, encoded as a single pass encodes it (`soundFileName` names
    /// the file); false, and no file, when the output has no sound.
    public func renderSound(_ request: RenderRequest, to file: URL) async throws(RenderError) -> Bool {
        try await withRenderDeadline { () async throws(RenderError) -> Bool in
            let work = try makeWorkFolder()
            defer { try? FileManager.default.removeItem(at: work) }
            let plan = try await makePlan(request, content: .sound, work: work, progress: ProgressTracker(report: { _ in }))
            guard plan.audioOutput != nil else { return false }
            let rendered = work.appendingPathComponent(Self.soundFileName(for: request.output))
            let encoding = OutputEncoding.soundArguments(for: request.output) + ["-t", num(plan.duration)]
            try await run(plan, encoding: encoding, into: rendered, work: work, progress: ProgressTracker(report: { _ in }))
            try moveIntoPlace(rendered, file)
            return true
        }
    }

    /// Joins the parts, in order, and muxes them with the sound, all by stream copy, into `destination`,
    /// with the poster and thumbnail the request asks for.
    public func join(parts: [URL], sound: URL?, request: RenderRequest, duration: Double, to destination: URL) async throws(RenderError) -> RenderResult {
        try await withRenderDeadline { () async throws(RenderError) -> RenderResult in
            let work = try makeWorkFolder()
            defer { try? FileManager.default.removeItem(at: work) }
            let list = work.appendingPathComponent("parts.txt")
            // The concat demuxer's own quoting: a quote ends the string, so each one is written as '\''.
            let lines = parts.map { "file '" + $0.path.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }
            do {
                try (lines.joined(separator: "\n") + "\n").write(to: list, atomically: false, encoding: .utf8)
            } catch {
                throw RenderError(.internalError, "cannot write the list of parts: \(error)")
            }
            let joined = work.appendingPathComponent("output.\(request.output.format.rawValue)")
            var arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", list.path]
            if let sound { arguments += ["-i", sound.path] }
            arguments += ["-map", "0:v"] + (sound == nil ? [] : ["-map", "1:a"]) + ["-c", "copy"]
            arguments += OutputEncoding.containerFlags(for: request.output) + [joined.path]
            let result: FFmpegProcess.Result
            do throws(FFmpegProcess.Failure) {
                result = try await FFmpegProcess(executable: configuration.ffmpegPath, arguments: arguments, timeout: nil).run()
            } catch {
                throw Self.renderError(error, timeout: configuration.timeout)
            }
            guard result.status == 0, FileManager.default.fileExists(atPath: joined.path) else {
                throw RenderError(.renderFailed, "joining the parts failed with status \(result.status): \(result.stderrTail)")
            }
            let stills = try await makeStills(request.output, from: joined, duration: duration, work: work)
            return try save(joined, stills: stills, to: destination, request: request, duration: duration)
        }
    }

    /// The name of `renderSound`'s file for this output.
    public static func soundFileName(for output: Output) -> String { "sound.\(OutputEncoding.soundFileExtension(for: output))" }

    private func moveIntoPlace(_ file: URL, _ destination: URL) throws(RenderError) {
        do {
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: file, to: destination)
        } catch {
            throw RenderError(.internalError, "cannot save \(destination.lastPathComponent): \(error)")
        }
    }
}
