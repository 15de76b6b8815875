import Foundation
import ReelRender

/// A one-line progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ progress: RenderProgress) {
        show(percent: progress.percent, label: progress.stage.rawValue)
    }

    func show(percent: Double, label: String) {
        guard enabled else { return }
        let width = 30
        let filled = Int(max(0, min(percent, 100)) / 100 * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %5.1f%% %@\u{1B}[K", bar, percent, label)
        lock.withLock {
            drawn = true
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
            drawn = false
        }
    }
}
