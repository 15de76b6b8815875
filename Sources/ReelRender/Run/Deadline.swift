import Foundation
import Synchronization

/// Runs `operation` in a task of its own that is canceled when `limit` has passed, or when the
/// caller is. The limit is kept by a dispatch timer, not a sleeping task: it fires even when every
/// thread of the concurrency pool is busy, and the cancel it sends reaches ffmpeg and Reel's own
/// loops at once. Returns what `operation` returned, and whether the limit passed first.
public func withDeadline<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async -> Value
) async -> (value: Value, expired: Bool) {
    let task = Task { await operation() }
    let expired = Mutex(false)
    let timer = DispatchSource.makeTimerSource(queue: .global())
    timer.schedule(deadline: .now() + .milliseconds(Int(limit / .milliseconds(1))))
    timer.setEventHandler {
        expired.withLock { $0 = true }
        task.cancel()
    }
    timer.resume()
    defer { timer.cancel() }
    let value = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    return (value, expired.withLock { $0 })
}
