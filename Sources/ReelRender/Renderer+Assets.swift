import Foundation
import ReelTimeline

extension Renderer {
    /// What each source is used as, so a file can be checked for what its clip needs.
    private enum Use {
        case picture, moving, sound, captions, font

        var noun: String {
            switch self {
            case .picture: "an image"
            case .moving: "a video"
            case .sound: "audio"
            case .captions: "SRT or WebVTT captions"
            case .font: "a font"
            }
        }
    }

    /// Fetches every source, probes the media, reads captions and finds fonts.
    /// A source that cannot be used fails the render with `INVALID_ASSET` and the path that names it.
    func prepare(_ request: RenderRequest, work: URL, progress: ProgressTracker) async throws(RenderError) -> PlanInputs {
        var uses: [(source: MediaSource, path: String, use: Use)] = []
        var families: Set<FontRequest> = []
        for (trackIndex, track) in request.timeline.tracks.enumerated() {
            for (clipIndex, clip) in track.clips.enumerated() {
                let path = "timeline.tracks[\(trackIndex)].clips[\(clipIndex)].asset.src"
                switch clip.asset {
                case .video(let asset): uses.append((asset.src, path, .moving))
                case .image(let asset): uses.append((asset.src, path, .picture))
                case .audio(let asset): uses.append((asset.src, path, .sound))
                case .caption(let asset):
                    uses.append((asset.src, path, .captions))
                    if let font = asset.font { families.insert(FontRequest(family: font.family, bold: font.weight >= 600)) }
                case .text(let asset): families.insert(FontRequest(family: asset.font.family, bold: asset.font.weight >= 600))
                case .color: break
                }
            }
        }
        if let soundtrack = request.timeline.soundtrack { uses.append((soundtrack.src, "timeline.soundtrack.src", .sound)) }
        for (index, font) in request.timeline.fonts.enumerated() { uses.append((font.src, "timeline.fonts[\(index)].src", .font)) }

        let files = try await fetchAll(Array(Set(uses.map(\.source))), paths: Dictionary(uses.map { ($0.source, $0.path) }, uniquingKeysWith: { first, _ in first }), progress: progress)
        var assets: [MediaSource: PreparedAsset] = [:]
        var captions: [MediaSource: [CaptionCue]] = [:]
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        for (source, path, use) in uses {
            try Task.checkCancellation(or: RenderError(.canceled, "the render was canceled"))
            let file = files[source]!
            switch use {
            case .font:
                continue
            case .captions:
                guard captions[source] == nil else { continue }
                let cues = (try? String(contentsOf: file, encoding: .utf8)).map(CaptionParser.parse) ?? []
                guard !cues.isEmpty else {
                    throw RenderError(.invalidAsset, "\(path): \(source) is not \(use.noun) with at least one cue", path: path)
                }
                captions[source] = cues
            case .picture, .moving, .sound:
                let info: MediaInfo
                if let known = assets[source]?.info {
                    info = known
                } else {
                    do {
                        info = try await probe.probe(file)
                    } catch {
                        throw RenderError(error.code, "\(path): \(source) \(error.message)", path: path)
                    }
                }
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
        let customFonts = request.timeline.fonts.compactMap { files[$0.src] }
        let fonts = await FontBook.make(customFonts: customFonts, families: families, directory: work.appendingPathComponent("fonts"))
        progress.update(.fetching, fraction: 1)
        return PlanInputs(assets: assets, fonts: fonts, captions: captions)
    }

    private func fetchAll(_ sources: [MediaSource], paths: [MediaSource: String], progress: ProgressTracker) async throws(RenderError) -> [MediaSource: URL] {
        var files: [MediaSource: URL] = [:]
        let outcome = await withTaskGroup(of: (MediaSource, Result<URL, RenderError>).self) { group in
            for source in sources {
                group.addTask {
                    // Awaiting inside the returned tuple miscompiles in release builds (Swift 6.3:
                    // the group then yields garbage), so the result is bound first.
                    let file: URL
                    do throws(RenderError) {
                        file = try await fetcher.localFile(for: source)
                    } catch {
                        return (source, .failure(error))
                    }
                    return (source, .success(file))
                }
            }
            var failure: RenderError?
            for await (source, result) in group {
                switch result {
                case .success(let file):
                    files[source] = file
                    progress.update(.fetching, fraction: 0.9 * Double(files.count) / Double(sources.count))
                case .failure(let error):
                    let path = paths[source] ?? ""
                    failure = failure ?? RenderError(error.code, "\(path): \(error.message)", path: path)
                    group.cancelAll()
                }
            }
            return failure
        }
        if let outcome { throw outcome }
        return files
    }
}

extension Task where Success == Never, Failure == Never {
    static func checkCancellation(or error: RenderError) throws(RenderError) {
        if Task.isCancelled { throw error }
    }
}

extension Renderer {
    /// The probed length of every video and audio source whose clip asks for its `auto` length:
    /// what pricing needs before a render. The files land in the asset cache, so the render does not fetch them again.
    public func mediaDurations(for request: RenderRequest) async throws(RenderError) -> [MediaSource: Double] {
        var sources: [MediaSource: String] = [:]
        for (trackIndex, track) in request.timeline.tracks.enumerated() {
            for (clipIndex, clip) in track.clips.enumerated() where clip.length == .auto {
                let path = "timeline.tracks[\(trackIndex)].clips[\(clipIndex)].asset.src"
                switch clip.asset {
                case .video(let asset): sources[asset.src] = sources[asset.src] ?? path
                case .audio(let asset): sources[asset.src] = sources[asset.src] ?? path
                default: break
                }
            }
        }
        let probe = MediaProbe(ffprobePath: configuration.ffprobePath)
        var durations: [MediaSource: Double] = [:]
        for (source, path) in sources {
            do throws(RenderError) {
                let file = try await fetcher.localFile(for: source)
                durations[source] = try await probe.probe(file).duration
            } catch {
                throw RenderError(error.code, "\(path): \(error.message)", path: path)
            }
        }
        return durations
    }
}
