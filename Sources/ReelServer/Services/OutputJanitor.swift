import Foundation
import Logging
import ReelStorage
import ServiceLifecycle

/// Removes finished outputs once they are older than the retention period, so that a server
/// rendering all day does not fill its disk. An output's age is that of its job's folder of
/// outputs in storage, which is written when the render ends.
struct OutputJanitor: Service {
    let storage: any FileStorage
    let retention: TimeInterval
    let logger: Logger

    func run() async throws {
        await sweepUntilShutdown(every: min(max(retention / 4, 0.2), 600)) { await sweep(now: Date()) }
    }

    private func sweep(now: Date) async {
        guard let folders = try? await storage.entries(under: OutputKeys.root) else { return }
        var removed = 0
        for folder in folders where now.timeIntervalSince(folder.written) >= retention {
            if (try? await storage.remove(folder.key)) != nil { removed += 1 }
        }
        if removed > 0 { logger.info("removed \(removed) outputs older than \(retention) s") }
    }
}
