import ReelRender
import ReelStore

/// How a worker runs a unit of work, a whole job or one chunk, under the lease it claimed.
extension RenderWorkerService {
    /// Runs `work` while `renew` keeps its lease and `save` records its progress; whichever ends first stops the
    /// others. A cancel or a lost lease ends the work with `stop` set to say which.
    func underLease<Value: Sendable>(
        of jobID: String, stop: LeaseStop,
        renew: @escaping @Sendable () async throws -> LeaseState,
        save: @escaping @Sendable (AsyncStream<RenderProgress>) async -> Void,
        work: @escaping @Sendable (_ progress: @escaping @Sendable (RenderProgress) -> Void) async -> Result<Value, RenderError>
    ) async -> Result<Value, RenderError> {
        let (progress, sink) = AsyncStream.makeStream(of: RenderProgress.self, bufferingPolicy: .bufferingNewest(1))
        return await withTaskGroup(of: Result<Value, RenderError>?.self) { group in
            group.addTask { await work { sink.yield($0) } }
            group.addTask {
                await holdLease(of: jobID, stop: stop, renew: renew)
                return nil
            }
            group.addTask {
                await save(progress)
                return nil
            }
            var outcome: Result<Value, RenderError>?
            for await value in group {
                if let value {
                    outcome = value
                    sink.finish()
                }
                // The work ended, or the lease did (cancel, takeover): stop everything else.
                group.cancelAll()
            }
            return outcome ?? .failure(RenderError(.internalError, "the render ended without a result"))
        }
    }

    /// Renews the lease until the task is cancelled; returns early, with `stop` set, when the job was canceled or
    /// the lease lost.
    private func holdLease(of jobID: String, stop: LeaseStop, renew: @Sendable () async throws -> LeaseState) async {
        let interval = min(settings.leaseSeconds / 3, 0.5)
        while !Task.isCancelled {
            let generation = signals.cancels.generation(jobID)
            if let state = try? await renew(), state != .held {
                stop.state.withLock { $0 = state }
                return
            }
            await signals.cancels.wait(jobID, after: generation, timeout: .milliseconds(Int(interval * 1000)))
            // Only a committed cancel posts the signal (this process's, or another node's through PostgreSQL): stop without asking the store again.
            if signals.cancels.generation(jobID) != generation {
                stop.state.withLock { $0 = .canceled }
                return
            }
        }
    }
}
