import Foundation
import ReelTimeline

extension Renderer {
    /// What each source is used as, so a file can be checked for what its clip needs.
    private enum Use {
        case picture, moving, sound, captions, font, vector

        var isMedia: Bool { self == .picture || self == .moving || self == .sound }

        var noun: String {
            switch self {
            case .picture: "an image"
            case .moving: "a video"
            case .sound: "audio"
            case .captions: "SRT or WebVTT captions"
            case .font: "a font"
            case .vector: "an SVG file"
            }
        }
    }

    /// Fetches every source, probes the media, reads captions and finds fonts; a preview's video sources
    /// are then read from their proxies.
    /// A source that cannot be used fails the render with `INVALID_ASSET` and the path that names it.
    func prepare(_ request: RenderRequest, work: URL, progress: ProgressTracker) async throws(RenderError) -> PlanInputs {
        var uses: [(source: MediaSource, path: String, use: Use)] = []
        var families: [FontRequest: [Substring]] = [:]
        for (clip, clipPath) in request.timeline.clipsWithPaths {
            let path = clipPath + ".asset.src"
            switch clip.asset {
            case .video(let asset): uses.append((asset.src, path, .moving))
            case .image(let asset): uses.append((asset.src, path, .picture))
            case .luma(let asset): uses.append((asset.src, path, .picture))
            case .audio(let asset): uses.append((asset.src, path, .sound))
            case .caption(let asset):
                // libass finds caption fonts, and fallbacks, itself: it only needs the timeline's font folder.
                uses.append((asset.src, path, .captions))
            case .text(let asset):
                let paragraphs = try FontBook.paragraphs(of: asset.text, check: checkNotCanceled).filter { !$0.isEmpty }
                families[FontRequest(family: asset.font.family, bold: asset.font.weight >= 600), default: []] += paragraphs
            case .svg(let asset):
                if let file = asset.file { uses.append((file, path, .vector)) }
            case .color, .shape, .speech: break
            }
        }
        if let soundtrack = request.timeline.soundtrack { uses.append((soundtrack.src, "timeline.soundtrack.src", .sound)) }
        for (index, font) in request.timeline.fonts.enumerated() { uses.append((font.src, "timeline.fonts[\(index)].src", .font)) }

        var firstPaths: [MediaSource: String] = [:]
        for (source, path, _) in uses where firstPaths[source] == nil { firstPaths[source] = path }
        let files = try await fetchAll(Array(firstPaths.keys), paths: firstPaths, progress: progress)
        let customFonts = request.timeline.fonts.compactMap { files[$0.src] }
        async let fontBook = FontBook.make(customFonts: customFonts, families: families, directory: work.appendingPathComponent("fonts"))
        let mediaFiles = uses.filter { $0.use.isMedia }.map(\.source)
        let infos = try await probeAll(Set(mediaFiles), files: files, paths: firstPaths)

        var assets: [MediaSource: PreparedAsset] = [:]
        var captions: [MediaSource: [CaptionCue]] = [:]
        for (source, path, use) in uses {
            let file = files[source]!
            switch use {
            case .font, .vector:
                continue
            case .captions:
                guard captions[source] == nil else { continue }
                do throws(RenderError) {
                    captions[source] = try Self.cues(of: source, in: file)
                } catch {
                    throw RenderError(error.code, "\(path): \(error.message)", path: path)
                }
            case .picture, .moving, .sound:
                let info = infos[source]!
                let usable =
                    switch use {
                    case .picture, .moving: info.hasVideo && (info.width ?? 0) > 0
                    default: info.hasAudio
                    }
                guard usable else {
                    throw RenderError(.invalidAsset, "\(path): \(source) is not \(use.noun)", path: path)
                }
                assets[source] = PreparedAsset(file: file, info: info)
            }
        }
        if request.output.encoderSpeed == .proxy {
            let moving = Set(uses.filter { $0.use == .moving && ProxyMedia.worthAProxy(assets[$0.source]!.info) }.map(\.source))
            let proxies = try await Self.concurrently(Array(moving), paths: firstPaths) { [self] source throws(RenderError) in
                try await self.proxies.proxy(of: files[source]!, hash: try await fileHashes.hash(of: files[source]!), timeout: nil)
            }
            // The original's size still lays the clip out: only the pixels read come from the proxy.
            for (source, proxy) in proxies { assets[source]?.file = proxy }
        }
        let fonts: FontBook
        do {
            fonts = try await fontBook
        } catch {
            // `async let` forgets the typed error: FontBook only throws RenderError.
            throw error as? RenderError ?? .canceledRender
        }
        let vectors = try await rasteriseVectors(request, work: work, files: files)
        for (source, spoken) in try await speakAll(request, work: work) { assets[source] = spoken }
        progress.update(.fetching, fraction: 1)
        return PlanInputs(assets: assets, fonts: fonts, captions: captions, vectors: vectors)
    }

    /// The cues of a caption file: a file with none is not captions.
    private static func cues(of source: MediaSource, in file: URL) throws(RenderError) -> [CaptionCue] {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= CaptionParser.maxFileBytes else {
            throw RenderError(.invalidAsset, "\(source) is \(size) bytes of captions; at most \(CaptionParser.maxFileBytes) are read")
        }
        let cues = try CaptionParser.cues(in: file)
        guard !cues.isEmpty else { throw RenderError(.invalidAsset, "\(source) is not \(Use.captions.noun) with at least one cue") }
        return cues
    }

    /// Probes every file at once: each ffprobe spends most of its time starting up, not reading.
    private func probeAll(_ sources: Set<MediaSource>, files: [MediaSource: URL], paths: [MediaSource: String]) async throws(RenderError) -> [MediaSource: MediaInfo] {
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        let infos = try await Self.concurrently(Array(sources), paths: paths) { source throws(RenderError) in
            do throws(RenderError) {
                return try await probe.probe(files[source]!)
            } catch {
                throw RenderError(error.code, "\(source) \(error.message)")
            }
        }
        try checkNotCanceled()
        return infos
    }

    private func fetchAll(_ sources: [MediaSource], paths: [MediaSource: String], progress: ProgressTracker) async throws(RenderError) -> [MediaSource: URL] {
        let shares = FetchShares(count: sources.count, progress: progress)
        return try await Self.concurrently(sources, paths: paths) { [fetcher] source throws(RenderError) in
            let file = try await fetcher.localFile(for: source) { fraction in shares.set(source, fraction) }
            shares.set(source, 1)
            return file
        }
    }

    /// Runs `operation` on every source at once. The first failure cancels the others and is
    /// thrown with the JSON path of its source in front.
    private static func concurrently<Value: Sendable>(
        _ sources: [MediaSource], paths: [MediaSource: String],
        operation: @escaping @Sendable (MediaSource) async throws(RenderError) -> Value
    ) async throws(RenderError) -> [MediaSource: Value] {
        var values: [MediaSource: Value] = [:]
        let failure = await withTaskGroup(of: (MediaSource, Result<Value, RenderError>).self) { group in
            for source in sources {
                group.addTask {
                    // Awaiting inside the returned tuple miscompiles in release builds (Swift 6.3:
                    // the group then yields garbage), so the result is bound first.
                    let value: Value
                    do throws(RenderError) {
                        value = try await operation(source)
                    } catch {
                        return (source, .failure(error))
                    }
                    return (source, .success(value))
                }
            }
            var failure: RenderError?
            for await (source, result) in group {
                switch result {
                case .success(let value):
                    values[source] = value
                case .failure(let error):
                    let path = paths[source] ?? ""
                    failure = failure ?? RenderError(error.code, "\(path): \(error.message)", path: path)
                    group.cancelAll()
                }
            }
            return failure
        }
        if let failure { throw failure }
        return values
    }
}

/// How far each fetch has come, as the fetching stage's progress: one large download moves it
/// as its bytes arrive, not only when it ends.
private final class FetchShares: @unchecked Sendable {
    private let lock = NSLock()
    private var fractions: [MediaSource: Double] = [:]
    private let count: Int
    private let progress: ProgressTracker

    init(count: Int, progress: ProgressTracker) {
        self.count = count
        self.progress = progress
    }

    func set(_ source: MediaSource, _ fraction: Double) {
        let total = lock.withLock {
            fractions[source] = fraction
            return fractions.values.reduce(0, +)
        }
        progress.update(.fetching, fraction: 0.9 * total / Double(max(count, 1)))
    }
}

extension Renderer {
    /// The natural length of every source whose clip asks for its `auto` length (a video's or
    /// audio's probed duration, a caption file's last cue): what pricing needs before a render.
    /// The files land in the asset cache, so the render does not fetch them again.
    public func mediaDurations(for request: RenderRequest) async throws(RenderError) -> [MediaSource: Double] {
        var sources: [MediaSource: (path: String, isCaption: Bool)] = [:]
        for (clip, path) in request.timeline.clipsWithPaths where clip.length == .auto && clip.asset.hasMediaDuration {
            if case .speech = clip.asset { continue }
            guard let source = clip.asset.source, sources[source] == nil else { continue }
            var isCaption = false
            if case .caption = clip.asset { isCaption = true }
            sources[source] = (path + ".asset.src", isCaption)
        }
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        var durations: [MediaSource: Double] = [:]
        for (source, (path, isCaption)) in sources {
            do throws(RenderError) {
                let file = try await fetcher.localFile(for: source)
                if isCaption {
                    durations[source] = try Self.cues(of: source, in: file).end
                } else {
                    durations[source] = try await probe.probe(file).duration
                }
            } catch {
                throw RenderError(error.code, "\(path): \(error.message)", path: path)
            }
        }
        return durations.merging(try await spokenLengths(request)) { file, _ in file }
    }
}

extension Renderer {
    /// The SHA-256 of a source's bytes, fetched through the asset cache as a render fetches them: what
    /// names a URL's file in a render's content key (the README's "Projects"). Asking again for a file
    /// still in the cache does not read it again.
    public func contentHash(of source: MediaSource) async throws(RenderError) -> String {
        try await fileHashes.hash(of: try await fetcher.localFile(for: source))
    }
}

extension Renderer {
    /// Removes the proxy of the file whose SHA-256 this is, as its upload is deleted: nothing of it stays.
    public func removeProxy(sha256: String) {
        try? FileManager.default.removeItem(at: proxies.file(forHash: sha256))
    }
}
