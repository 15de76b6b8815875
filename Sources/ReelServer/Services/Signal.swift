import Foundation
import ReelStore
import Synchronization

/// Wakes tasks waiting on a key: a worker waiting for work, an event stream waiting for its job
/// to change. Each key counts its posts, so a post between looking and waiting is never missed.
final class Signal<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var generations: [Key: Int] = [:]
        var waiters: [Key: [UUID: CheckedContinuation<Void, Never>]] = [:]
        /// Waits whose timer or cancellation came before they were registered.
        var expired: Set<UUID> = []
    }

    private let state = Mutex(State())

    func generation(_ key: Key) -> Int {
        state.withLock { $0.generations[key] ?? 0 }
    }

    func post(_ key: Key) {
        let woken = state.withLock { state in
            state.generations[key, default: 0] += 1
            return state.waiters.removeValue(forKey: key).map { Array($0.values) } ?? []
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns once `key` was posted after `generation`, after `timeout`, or when the task is cancelled.
    func wait(_ key: Key, after generation: Int, timeout: Duration) async {
        let id = UUID()
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self.resume(key, id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if (state.generations[key] ?? 0) != generation || state.expired.remove(id) != nil { return true }
                    state.waiters[key, default: [:]][id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            self.resume(key, id)
        }
        timer.cancel()
        _ = state.withLock { $0.expired.remove(id) }
    }

    private func resume(_ key: Key, _ id: UUID) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let found = state.waiters[key]?.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil
            }
            if state.waiters[key]?.isEmpty == true { state.waiters[key] = nil }
            return found
        }
        continuation?.resume()
    }
}

/// The signals one process shares between its routes and services.
final class JobSignals: Sendable {
    /// A job was submitted: idle workers look for it.
    let work = Signal<Int>()
    /// A job's status, stage or progress changed: its event streams look.
    let changes = Signal<String>()
    /// A running job was canceled: its worker stops the render.
    let cancels = Signal<String>()
    /// A job ended with a callback: the dispatcher looks for its event.
    let webhooks = Signal<Int>()

    /// Wakes whoever waits on what the write changed: the job's event streams, and by its status the
    /// workers, its running render's cancel or the webhook dispatcher.
    func post(_ change: JobChange) {
        changes.post(change.jobID)
        switch change.status {
        case .queued: work.post(0)
        case .canceled: cancels.post(change.jobID)
        case .processing, .completed, .failed: break
        }
        if change.status.isTerminal, change.hasCallback { webhooks.post(0) }
    }
}
