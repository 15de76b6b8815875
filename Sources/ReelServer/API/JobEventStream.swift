import Foundation
import HTTPTypes
import Hummingbird
import ReelStore

/// Server-Sent Events that follow one job: `event: NAME` with `payload(job)` now, then at every change
/// of status, stage or progress, ending after a terminal status; a comment every 15 s keeps quiet
/// connections open. The API's job stream and the preview page's progress both are one.
struct JobEventStream {
    let signals: JobSignals
    let event: String
    /// The job again, after a change.
    let reload: @Sendable (String) async throws -> Job?
    let payload: @Sendable (Job) async throws -> Data
    /// How long one stream may last; a client that still wants more connects again (`EventSource` does by itself).
    var lifetime: Duration = .seconds(24 * 3600)

    func response(first: Job, headers extra: HTTPFields = [:]) -> Response {
        let body = ResponseBody { writer in
            var current: Job? = first
            var sent: (status: Job.Status, stage: String?, progress: Double)?
            var lastWrite = ContinuousClock.now
            let end = ContinuousClock.now + lifetime
            while let job = current, ContinuousClock.now < end {
                let generation = signals.changes.generation(job.id)
                let shown = (status: job.status, stage: job.status == .processing ? job.stage : nil, progress: (job.progress * 10).rounded() / 10)
                if shown.status != sent?.status || shown.stage != sent?.stage || shown.progress != sent?.progress {
                    let data = try await payload(job)
                    try await writer.write(ByteBuffer(string: "event: \(event)\nid: \(job.id)-\(Int(shown.progress * 10))\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
                    sent = shown
                    lastWrite = .now
                } else if ContinuousClock.now - lastWrite > .seconds(15) {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = .now
                }
                if job.status.isTerminal { break }
                // Changes made in this process wake the stream at once; the timeout catches other processes'.
                await signals.changes.wait(job.id, after: generation, timeout: .seconds(1))
                if Task.isCancelled { break }
                current = try await reload(job.id)
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", HTTPField.Name("X-Accel-Buffering")!: "no"]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: body)
    }
}
