import Foundation
import Logging
import ServiceLifecycle

/// Removes finished outputs once they are older than the retention period, so that a server
/// rendering all day does not fill its disk. An output's age is that of its job's folder in
/// `outputs/`, which is written when the render ends.
struct OutputJanitor: Service {
    let outputs: URL
    let retention: TimeInterval
    let logger: Logger

    func run() async throws {
        let interval = min(max(retention / 4, 0.2), 600)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                sweep(now: Date())
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    private func sweep(now: Date) {
        let key = URLResourceKey.contentModificationDateKey
        guard let folders = try? FileManager.default.contentsOfDirectory(at: outputs, includingPropertiesForKeys: [key]) else { return }
        var removed = 0
        for folder in folders {
            guard let written = try? folder.resourceValues(forKeys: [key]).contentModificationDate,
                now.timeIntervalSince(written) >= retention
            else { continue }
            if (try? FileManager.default.removeItem(at: folder)) != nil { removed += 1 }
        }
        if removed > 0 { logger.info("removed \(removed) outputs older than \(retention) s") }
    }
}
