import Foundation
import Logging
import ReelRender
import ReelStore
import ReelTimeline

/// Chunked renders (the README's "Chunked renders"). The worker that claims the job splits it into
/// chunks, mixes its sound, renders chunks of its own job until none is left to claim, then waits for
/// the rest, joins the parts and goes on as after any render. Any worker's free slot claims a chunk.
extension RenderWorkerService {
    /// How long a chunk should last at least when `num_workers` is `auto`: shorter parts cost more in
    /// start-up (fetching, probing, the encoder's first key frame) than they win.
    static let shortestAutoChunk = 5.0

    /// The job rendered in chunks when its request asks for more than one and its output can be joined;
    /// otherwise in one pass.
    func renderPossiblyChunked(
        _ request: RenderRequest, job: Job, worker: String, to destination: URL, progress: @escaping @Sendable (RenderProgress) -> Void
    ) async throws(RenderError) -> RenderResult {
        guard lane == .render, Renderer.canChunk(request.output), request.workers != .count(1) else {
            return try await renderer.render(request, to: destination, progress: progress)
        }
        let started = ContinuousClock.now
        let length = try await renderer.length(of: request)
        let count = await chunkCount(request.workers, duration: length.duration)
        // This worker mixes the sound beside its own chunk, the first: that chunk is shorter by the sound's cost.
        let spans = Renderer.spans(frames: length.frames, count: count, fps: request.output.fps, firstWorkerAlsoDoes: length.soundCost)
        guard spans.count > 1 else { return try await renderer.render(request, to: destination, progress: progress) }
        let fps = request.output.fps.value
        let now = Date()
        let planned = spans.map { span in
            var chunk = JobChunk(
                jobID: job.id, index: span.index, startFrame: span.startFrame, endFrame: span.endFrame, start: Double(span.startFrame) / fps,
                end: Double(span.endFrame) / fps)
            // Claimed in the split itself: another worker woken by the split must not take the shorter first chunk.
            if span.index == 0 { chunk.claim(by: worker, lease: settings.leaseSeconds, now: now) }
            return chunk
        }
        let chunks: [JobChunk]
        do {
            guard let split = try await store.split(jobID: job.id, worker: worker, into: planned, now: now) else { throw RenderError.canceledRender }
            chunks = split
        } catch let error as RenderError {
            throw error
        } catch {
            throw RenderError(.internalError, "cannot split the render into chunks: \(error)")
        }
        logger.info("job \(job.id): \(chunks.count) chunks of \(length.frames) frames, planned in \(seconds(since: started))")
        let work = settings.dataDirectory.appendingPathComponent("work/chunks-\(job.id)-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: work) }
        let soundFile = work.appendingPathComponent(Renderer.soundFileName(for: request.output))
        // Results, not typed throws, cross the child task's boundary.
        async let sound: Result<Bool, RenderError> = {
            do throws(RenderError) { return .success(try await renderer.renderSound(request, to: soundFile)) } catch { return .failure(error) }
        }()
        var splitJob = job
        splitJob.chunkCount = chunks.count
        if let first = chunks.first, first.status == .processing, first.worker == worker {
            await renderChunk(first, of: splitJob, worker: worker)
        }
        try await renderChunksUntilDone(of: job, chunks: chunks, worker: worker, progress: progress)
        let hasSound = try await sound.get()
        progress(RenderProgress(stage: .encoding, percent: 92))
        var parts: [URL] = []
        for chunk in chunks {
            do {
                guard let part = try await storage.localFile(at: ChunkKeys.part(job: job.id, index: chunk.index)) else {
                    throw RenderError(.internalError, "chunk \(chunk.index) has no part in storage")
                }
                parts.append(part)
            } catch let error as RenderError {
                throw error
            } catch {
                throw RenderError(.internalError, "cannot read chunk \(chunk.index): \(error)")
            }
        }
        let joining = ContinuousClock.now
        let joined = try await renderer.join(parts: parts, sound: hasSound ? soundFile : nil, request: request, duration: length.duration, to: destination)
        logger.info("job \(job.id): joined \(parts.count) parts in \(seconds(since: joining))")
        return joined
    }

    /// Seconds since `start`, as the logs give them (the chunk benchmark reads them).
    private func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return String(format: "%.3f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// How many chunks: the count asked for, or for `auto` one per live render slot, each at least `shortestAutoChunk` long.
    private func chunkCount(_ workers: WorkerCount, duration: Double) async -> Int {
        switch workers {
        case .count(let count): return count
        case .auto:
            let live = (try? await store.liveSlots(since: Date().addingTimeInterval(-3 * WorkerHeartbeat.interval))) ?? slots
            return max(1, min(max(live, slots), WorkerCount.maximum, Int(duration / Self.shortestAutoChunk)))
        }
    }

    /// Renders the job's chunks nobody holds, then waits for the others, reporting one progress for them all.
    private func renderChunksUntilDone(
        of job: Job, chunks: [JobChunk], worker: String, progress: @escaping @Sendable (RenderProgress) -> Void
    ) async throws(RenderError) {
        let totalFrames = Double(chunks.reduce(0) { $0 + $1.endFrame - $1.startFrame })
        while true {
            try checkNotCanceled()
            let generation = signals.changes.generation(job.id)
            let current: [JobChunk]
            do {
                if let claimed = try await store.claimChunk(of: job.id, worker: worker, lease: settings.leaseSeconds, now: Date()) {
                    await renderChunk(claimed.chunk, of: claimed.job, worker: worker)
                    continue
                }
                current = try await store.chunks(jobID: job.id)
            } catch {
                logger.error("worker could not reach the store: \(error)")
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            if let failed = current.first(where: { $0.status == .failed }) {
                throw RenderError(.renderFailed, "chunk \(failed.index): \(failed.errorMessage ?? "failed")")
            }
            let done = current.reduce(0.0) { $0 + $1.progress / 100 * Double($1.endFrame - $1.startFrame) } / max(1, totalFrames)
            let span = RenderStage.rendering.span
            progress(RenderProgress(stage: .rendering, percent: span.lowerBound + (span.upperBound - span.lowerBound) * done))
            if current.allSatisfy({ $0.status == .completed }) { return }
            // Chunks finished in this process wake this at once; the timeout catches other processes' and lapsed leases.
            await signals.changes.wait(job.id, after: generation, timeout: .milliseconds(500))
        }
    }

    /// Renders one chunk under its own lease and keeps its part in storage, where the job's worker finds it.
    func renderChunk(_ chunk: JobChunk, of job: Job, worker: String) async {
        var log = logger
        log[metadataKey: "job"] = "\(job.id)"
        log[metadataKey: "chunk"] = "\(chunk.index)"
        let request: RenderRequest
        do {
            let parsed = try RenderRequest.parse(Data(job.request.utf8), options: ValidationOptions(limits: settings.limits))
            request = try await uploads.resolve(parsed, accountID: job.accountID).0
        } catch {
            try? await store.failChunk(jobID: job.id, index: chunk.index, worker: worker, message: "\(error)")
            return
        }
        let part = settings.dataDirectory.appendingPathComponent("work/chunk-\(job.id)-\(chunk.index)-\(UUID().uuidString.prefix(8)).mkv")
        defer { try? FileManager.default.removeItem(at: part) }
        let span = ChunkSpan(index: chunk.index, startFrame: chunk.startFrame, endFrame: chunk.endFrame)
        let stop = LeaseStop()
        let started = ContinuousClock.now
        let result = await underLease(
            of: job.id, stop: stop,
            renew: { try await store.renewChunk(jobID: job.id, index: chunk.index, worker: worker, lease: settings.leaseSeconds, now: Date()) },
            save: { progress in
                var last = -1.0
                for await update in progress where update.percent - last >= 1 {
                    last = update.percent
                    try? await store.reportChunk(jobID: job.id, index: chunk.index, worker: worker, progress: update.percent)
                }
            }
        ) { progress -> Result<Void, RenderError> in
            do throws(RenderError) {
                try await renderer.renderPart(request, span: span, isLast: chunk.index == job.chunkCount - 1, to: part, progress: progress)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        let shuttingDown = Task.isCancelled
        // Store writes run outside the worker's task, so a shutdown cannot cut them short.
        let settle = Task { () async throws in
            switch result {
            case .success:
                log.info("rendered chunk \(chunk.index) (frames \(chunk.startFrame)–\(chunk.endFrame)) in \(seconds(since: started))")
                try await storage.put(part, at: ChunkKeys.part(job: job.id, index: chunk.index))
                _ = try await store.completeChunk(jobID: job.id, index: chunk.index, worker: worker)
            case .failure(let error):
                if let stopped = stop.state.withLock({ $0 }) {
                    log.info("chunk \(chunk.index) stopped: \(stopped == .canceled ? "its job was canceled" : "its lease was lost")")
                    return
                }
                if shuttingDown && error.code == .canceled {
                    try await store.releaseChunk(jobID: job.id, index: chunk.index, worker: worker)
                } else {
                    log.warning("chunk failed: \(error.message)")
                    let message = RenderFailure(error, hiding: settings.dataDirectory).message
                    try await store.failChunk(jobID: job.id, index: chunk.index, worker: worker, message: message)
                }
            }
        }
        do {
            try await settle.value
        } catch {
            log.error("could not record the end of the chunk: \(error); its lease will lapse and it will run again")
        }
    }
}

/// Where a chunked render's parts wait for their join, in the storage every worker shares.
enum ChunkKeys {
    static let root = "chunks"

    static func folder(job id: String) -> String { "\(root)/\(id)" }

    static func part(job id: String, index: Int) -> String { "\(folder(job: id))/part-\(index).mkv" }
}

/// Each render worker records that it is alive, so that `num_workers: "auto"` can count the live slots.
enum WorkerHeartbeat {
    static let interval = 10.0
}
