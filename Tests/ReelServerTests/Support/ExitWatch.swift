import Foundation

/// Watches processes for their exit from a thread of its own, started at once. The tests' tasks
/// share the concurrency pool's two threads with every test running beside them, so a task that
/// looked for the exit could see it late; a thread of its own sees it within milliseconds.
final class ExitWatch: Sendable {
    private let exit: AsyncStream<Date?>

    /// Gives up, with no exit time, once one of `pids` still runs `limit` after now.
    init(_ pids: [Int32], giveUpAfter limit: TimeInterval) {
        let (stream, continuation) = AsyncStream.makeStream(of: Date?.self)
        exit = stream
        let end = Date().addingTimeInterval(limit)
        Thread {
            while pids.contains(where: isAlive) && Date() < end { usleep(2000) }
            continuation.yield(pids.contains(where: isAlive) ? nil : Date())
            continuation.finish()
        }.start()
    }

    /// When the last of the processes was seen gone, by the wall clock the server stamps its rows with; nil if one outlived the watch.
    var exitedAt: Date? {
        get async {
            for await time in exit { return time }
            return nil
        }
    }
}

/// Whether the process runs: it exists and is not a zombie waiting to be reaped.
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
    return !stat[close...].hasPrefix(") Z") && !stat[close...].hasPrefix(") X")
}
