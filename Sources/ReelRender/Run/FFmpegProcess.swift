import Foundation

/// Runs one ffmpeg or ffprobe process with an argument array (never a shell),
/// streams its stdout lines, keeps the tail of its stderr, and kills it when the
/// calling task is cancelled or the deadline passes.
struct FFmpegProcess {
    struct Result {
        var status: Int32
        var stdout: Data
        /// The last lines ffmpeg wrote to stderr; run with `-loglevel error`, these are the errors.
        var stderrTail: String
    }

    enum Failure: Error {
        case timedOut
        case canceled
        case launch(String)
    }

    var executable: String
    var arguments: [String]
    var timeout: Duration?
    /// Called with each complete line of stdout; nil keeps stdout whole in the result.
    var onLine: (@Sendable (Substring) -> Void)?

    /// util-linux's `setpriv`, which sets the parent-death signal and then execs: with it, ffmpeg
    /// dies with Reel even when Reel is killed with SIGKILL and has no chance to stop it.
    private static let setpriv = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") ? "/usr/bin/setpriv" : nil

    /// Renders, probes and font lookups run at a lower CPU priority than Reel itself: a busy machine
    /// then still answers polls, keeps deadlines and sends webhooks on time while ffmpeg takes the rest.
    private static let nice = FileManager.default.isExecutableFile(atPath: "/usr/bin/nice") ? ["/usr/bin/nice", "-n", "10"] : []

    /// The environment, read once: `Process.run` otherwise reads the process's environment each time, and
    /// crashed twice in a memcpy while many renders started at once.
    private static let environment = ProcessInfo.processInfo.environment

    func run() async throws(Failure) -> Result {
        let process = Process()
        process.environment = Self.environment
        let command = Self.nice + [executable] + arguments
        if let setpriv = Self.setpriv {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let state = ProcessState()

        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus); exited.continuation.finish() }
        try await Self.launch(process, executable: executable)
        let stdoutReader = Self.drain(stdout.fileHandleForReading, onLine: onLine)
        let stderrReader = Self.drain(stderr.fileHandleForReading, onLine: nil)
        let pid = process.processIdentifier

        // A dispatch timer, not a sleeping task: it fires even when every thread of the
        // concurrency pool is busy.
        let watchdog = timeout.map { limit in
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + .milliseconds(Int(limit / .milliseconds(1))))
            timer.setEventHandler { state.stop(pid, reason: .timedOut) }
            timer.resume()
            return timer
        }
        defer { watchdog?.cancel() }
        let status = await withTaskCancellationHandler {
            var status: Int32 = -1
            for await code in exited.stream { status = code }
            return status
        } onCancel: {
            state.stop(pid, reason: .canceled)
        }
        let output = await stdoutReader.value
        let errors = await stderrReader.value
        if let reason = state.reason { throw reason }
        return Result(status: status, stdout: output, stderrTail: Self.tail(errors))
    }

    /// Starts the process from a thread that lives exactly as long as the child: the parent-death
    /// signal fires when the thread that spawned the child ends, not only when the process does.
    private static func launch(_ process: Process, executable: String) async throws(Failure) {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw .launch("cannot start \(executable): no such program") }
        let launched = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            Thread {
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: "cannot start \(executable): \(error)")
                    return
                }
                continuation.resume(returning: nil)
                process.waitUntilExit()
            }.start()
        }
        if let launched { throw .launch(launched) }
    }

    /// The next bytes of a pipe, empty at its end or on an error. Foundation's `availableData` stops the
    /// process on `EINTR`, which a child's exit signal can cause in a reading thread: the read is tried again.
    private static func readRetryingInterrupts(_ descriptor: Int32) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Data(buffer[0..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Reads a pipe to its end on a thread of its own: the reads block, and blocking
    /// the concurrency pool's few threads would stall every other task, timers included.
    private static func drain(_ handle: FileHandle, onLine: (@Sendable (Substring) -> Void)?) -> Task<Data, Never> {
        Task {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    var all = Data()
                    var pending = Data()
                    while true {
                        let chunk = readRetryingInterrupts(handle.fileDescriptor)
                        if chunk.isEmpty { break }
                        guard let onLine else {
                            all.append(chunk)
                            continue
                        }
                        pending.append(chunk)
                        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                            onLine(Substring(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                            pending.removeSubrange(pending.startIndex...newline)
                        }
                    }
                    continuation.resume(returning: all)
                }
                thread.start()
            }
        }
    }

    private static func tail(_ data: Data, lines: Int = 12, characters: Int = 2000) -> String {
        let text = String(decoding: data, as: UTF8.self)
        let kept = text.split(whereSeparator: \.isNewline).suffix(lines).joined(separator: "\n")
        return String(kept.suffix(characters))
    }
}

/// Records why a process was stopped; the first reason wins.
private final class ProcessState: @unchecked Sendable {
    private let lock = NSLock()
    var reason: FFmpegProcess.Failure? { lock.withLock { storedReason } }
    private var storedReason: FFmpegProcess.Failure?

    /// SIGKILL, not SIGTERM: the partial output is thrown away, and ffmpeg may
    /// take seconds to wind down on SIGTERM while a filter graph drains.
    func stop(_ pid: Int32, reason: FFmpegProcess.Failure) {
        let first = lock.withLock {
            guard storedReason == nil else { return false }
            storedReason = reason
            return true
        }
        if first { kill(pid, SIGKILL) }
    }
}
