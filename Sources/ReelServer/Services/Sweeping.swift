import Foundation
import ServiceLifecycle

/// Runs `sweep` now and then every `interval` seconds until a graceful shutdown: each janitor's loop.
func sweepUntilShutdown(every interval: TimeInterval, _ sweep: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            await sweep()
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}
