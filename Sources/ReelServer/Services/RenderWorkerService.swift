import Foundation
import Logging
import ReelRender
import ReelStorage
import ReelStore
import ReelTimeline
import ServiceLifecycle
import Synchronization

/// Renders the queued jobs of one lane, `slots` at a time. A worker claims a job with a lease and
/// renews it while ffmpeg runs; a cancel stops the render at once, a graceful shutdown gives
/// the job back to the queue, and a crash leaves a lease that lapses so another worker takes over.
struct RenderWorkerService: Service {
    let lane: Job.Lane
    let slots: Int
    let store: any JobQueue & JobReads & ChunkStore
    let storage: any FileStorage
    let uploads: UploadResolver
    let renderer: Renderer
    let signals: JobSignals
    let settings: ServerSettings
    let metrics: ServerMetrics
    /// The longest wait for work between looks (``AppServices/safetyPoll``).
    let safetyPoll: Duration
    let logger: Logger
    /// `HOST:PID:RANDOM`: which machine and process hold a lease, for whoever reads the job's chunks.
    let workerID = "\(processHostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for slot in 0..<slots {
                    group.addTask { await runSlot(worker: "\(workerID)/\(lane.rawValue)\(slot)") }
                }
                if lane == .render { group.addTask { await beat() } }
            }
        }
    }

    private func runSlot(worker: String) async {
        while !Task.isCancelled {
            let generation = signals.work.generation(0)
            do {
                // A started job's chunks come before new jobs.
                if lane == .render, let claimed = try await store.claimChunk(of: nil, worker: worker, lease: settings.leaseSeconds, now: Date()) {
                    await renderChunk(claimed.chunk, of: claimed.job, worker: worker)
                    continue
                }
                if let job = try await store.claim(lane: lane, worker: worker, lease: settings.leaseSeconds, now: Date()) {
                    await process(job, worker: worker)
                    continue
                }
                // Submissions and splits in this process, and with PostgreSQL in every node, wake the worker; the
                // timeout covers retries that fall due, lapsed leases and, on SQLite, jobs and chunks made by other processes.
                let poll = safetyPoll / .seconds(1)
                let chunkDue = lane == .render ? try await store.nextChunkDue() : nil
                let untilDue = [try await store.nextDue(lane: lane), chunkDue].compactMap { $0 }.min().map { $0.timeIntervalSinceNow } ?? poll
                await signals.work.wait(0, after: generation, timeout: .milliseconds(Int(min(max(untilDue, 0.005), poll) * 1000)))
            } catch is CancellationError {
                return
            } catch {
                logger.error("worker could not reach the store: \(error)")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private func process(_ job: Job, worker: String) async {
        var log = logger
        log[metadataKey: "job"] = "\(job.id)"
        let request: RenderRequest
        do {
            request = try RenderRequest.parse(Data(job.request.utf8), options: ValidationOptions(limits: settings.limits))
        } catch {
            await settle(job, worker: worker, after: .failure(RenderError(.invalidTimeline, error.description)), stop: nil, seconds: 0, log: log)
            return
        }
        let resolved: RenderRequest
        do {
            var found = try await uploads.resolve(request, accountID: job.accountID).0
            if lane == .preview { found.output.encoderSpeed = .proxy }
            resolved = found
        } catch {
            await settle(job, worker: worker, after: .failure(error), stop: nil, seconds: 0, log: log)
            return
        }
        // Rendered beside the renderer's other work, then taken into storage whole.
        let scratch = settings.dataDirectory.appendingPathComponent("work/output-\(job.id)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let destination = scratch.appendingPathComponent("output.\(request.output.format.rawValue)")
        let started = Date()
        let stop = LeaseStop()
        let result = await underLease(
            of: job.id, stop: stop,
            renew: { try await store.renew(jobID: job.id, worker: worker, lease: settings.leaseSeconds, now: Date()) },
            save: { await report($0, jobID: job.id, worker: worker) }
        ) { progress -> Result<RenderResult, RenderError> in
            do throws(RenderError) {
                return .success(try await renderPossiblyChunked(resolved, job: job, worker: worker, to: destination, progress: progress))
            } catch {
                return .failure(error)
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let kept: Result<RenderOutcome, RenderError> =
            switch result {
            case .success(let rendered): await keep(rendered, of: job, renderTime: (seconds * 10).rounded() / 10)
            case .failure(let error): .failure(error)
            }
        await settle(job, worker: worker, after: kept, stop: stop.state.withLock { $0 }, seconds: seconds, log: log)
    }

    /// Takes the render's files into storage; the outcome names them by their keys.
    private func keep(_ rendered: RenderResult, of job: Job, renderTime: Double) async -> Result<RenderOutcome, RenderError> {
        func keep(_ file: URL) async throws -> String {
            let key = OutputKeys.file(job: job.id, name: file.lastPathComponent)
            try await storage.put(file, at: key)
            return key
        }
        do {
            let output = try await keep(rendered.output)
            let poster: String? = if let poster = rendered.poster { try await keep(poster) } else { nil }
            let thumbnail: String? = if let thumbnail = rendered.thumbnail { try await keep(thumbnail) } else { nil }
            return .success(
                RenderOutcome(
                    duration: rendered.duration, resolution: rendered.size?.description, fps: rendered.fps?.value, format: rendered.format.rawValue,
                    fileSize: rendered.fileSize, outputPath: output, posterPath: poster, thumbnailPath: thumbnail, renderTime: renderTime))
        } catch {
            try? await storage.remove(OutputKeys.folder(job: job.id))
            return .failure(RenderError(.internalError, "cannot keep the \(rendered.output.lastPathComponent): \(error)"))
        }
    }

    /// Records that this process's render slots are alive, until shutdown.
    private func beat() async {
        while !Task.isCancelled {
            try? await store.heartbeat(worker: workerID, slots: slots, now: Date())
            try? await Task.sleep(for: .seconds(WorkerHeartbeat.interval))
        }
    }

    /// Records how the render ended. Store writes run outside the worker's task, so a shutdown cannot cut them short.
    private func settle(_ job: Job, worker: String, after result: Result<RenderOutcome, RenderError>, stop: LeaseState?, seconds: Double, log: Logger) async {
        let shuttingDown = Task.isCancelled
        let write = Task { () async throws -> Job? in
            switch result {
            case .success(let outcome):
                metrics.recordRender(outcome: "completed", seconds: seconds)
                let completed = try await store.complete(jobID: job.id, worker: worker, outcome: outcome, now: Date())
                // Canceled or taken over meanwhile: these files are nobody's.
                if completed == nil { try? await storage.remove(OutputKeys.folder(job: job.id)) }
                return completed
            case .failure(let error):
                if stop == .canceled {
                    try? await storage.remove(OutputKeys.folder(job: job.id))
                    return nil
                }
                if stop == .lost { return nil }
                if shuttingDown && error.code == .canceled {
                    try await store.release(jobID: job.id, worker: worker)
                    return nil
                }
                let failure = RenderFailure(error, hiding: settings.dataDirectory)
                let retryAt = failure.isPermanent || job.attempts >= settings.maxAttempts ? nil : Date().addingTimeInterval(backoff(attempt: job.attempts))
                metrics.recordRender(outcome: retryAt == nil ? "failed" : "retried", seconds: seconds)
                log.warning("render failed: \(failure.code): \(error.message)\(retryAt.map { " (retrying at \($0))" } ?? "")")
                return try await store.fail(jobID: job.id, worker: worker, code: failure.code, message: failure.message, retryAt: retryAt, now: Date())
            }
        }
        do {
            _ = try await write.value
            // A chunked render's parts go once nobody can join them: the job ended, or its retry splits afresh.
            // A worker that takes over a released or lapsed job still needs them.
            if let current = try? await store.job(id: job.id), current.status.isTerminal || current.chunkCount == 0 {
                try? await storage.remove(ChunkKeys.folder(job: job.id))
            }
        } catch {
            log.error("could not record the end of the render: \(error); the lease will lapse and the job run again")
        }
    }

    /// Exponential backoff with jitter: the n-th retry waits `retryDelay × 2^(n-1)`, between half and all of it.
    private func backoff(attempt: Int) -> TimeInterval {
        settings.retryDelay * pow(2, Double(max(0, attempt - 1))) * Double.random(in: 0.5...1)
    }

    /// Saves progress for pollers and wakes event streams, at most once per percent or stage.
    private func report(_ progress: AsyncStream<RenderProgress>, jobID: String, worker: String) async {
        var last: RenderProgress?
        for await update in progress {
            guard update.stage != last?.stage || update.percent - (last?.percent ?? 0) >= 1 else { continue }
            last = update
            try? await store.report(jobID: jobID, worker: worker, stage: update.stage.rawValue, progress: update.percent)
        }
    }
}

/// Read once: Foundation's `hostName` on Linux is not safe to call from several threads at once
/// (swift-corelibs-foundation issue 3194), and each server's workers are made on threads of their own.
private let processHostName = ProcessInfo.processInfo.hostName

/// Why the lease watcher stopped a render, if it did.
final class LeaseStop: Sendable {
    let state = Mutex<LeaseState?>(nil)
}

/// How a render error is recorded on its job, and whether trying again could help.
struct RenderFailure {
    var code: String
    var message: String
    var isPermanent: Bool

    /// The message keeps no path inside `dataDirectory`: where the server keeps its files is none of a client's business.
    init(_ error: RenderError, hiding dataDirectory: URL) {
        message = error.message
            .replacingOccurrences(of: dataDirectory.absoluteString, with: "")
            .replacingOccurrences(of: dataDirectory.path + "/", with: "")
            .replacingOccurrences(of: dataDirectory.path, with: "the data folder")
        switch error.code {
        case .invalidAsset: (code, isPermanent) = ("INVALID_ASSET", true)
        case .invalidTimeline, .unsupportedFeature: (code, isPermanent) = ("INVALID_TIMELINE", true)
        // A render that ran out of time would run out of time again.
        case .renderTimeout: (code, isPermanent) = ("RENDER_TIMEOUT", true)
        case .renderFailed: (code, isPermanent) = ("RENDER_FAILED", false)
        case .canceled, .internalError: (code, isPermanent) = ("INTERNAL_ERROR", false)
        }
    }
}
