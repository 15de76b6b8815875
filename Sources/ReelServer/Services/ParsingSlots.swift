import Foundation

/// Reading and validating a large request body is CPU work of a good fraction of a second and
/// memory of several times its size. Such work runs on threads of its own, so that the concurrency
/// pool stays free for cheap requests (polls, health checks), and only a few at a time, so that
/// many large bodies at once queue up instead of multiplying the server's memory.
actor ParsingSlots {
    /// Bodies up to this size are read where they arrive: a thread of their own would cost more than it saves.
    static let inlineBytes = 64 * 1024

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    /// Runs `work` for a body of `size` bytes: at once if the body is small, else on a thread of its own in a free slot.
    nonisolated func run<Value: Sendable>(size: Int, _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        guard size > Self.inlineBytes else { return try work() }
        await acquire()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, any Error>, Never>) in
            Thread { continuation.resume(returning: Result { try work() }) }.start()
        }
        await release()
        return try result.get()
    }

    private func acquire() async {
        guard free == 0 else {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
