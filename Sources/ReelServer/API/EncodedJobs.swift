import Foundation
import Hummingbird
import ReelStore
import Synchronization

/// The JSON of recently polled jobs. Polling is the API's busiest call and encoding the job its
/// largest cost; a body is reused while the job is unchanged and its signed URLs would be the same
/// (their expiry is rounded to the hour).
final class EncodedJobs: Sendable {
    private struct Entry {
        var job: Job
        var chunks: [JobChunk]
        var hour: Int
        var body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity = 20_000

    func body(for job: Job, chunks: [JobChunk], signer: FileSigner) throws -> ByteBuffer {
        let hour = Int(Date().timeIntervalSince1970) / 3600
        if let entry = entries.withLock({ $0[job.id] }), entry.hour == hour, entry.job == job, entry.chunks == chunks { return entry.body }
        let body = ByteBuffer(bytes: try JSONBody.encoder.encode(JobResource(job, signer: signer, chunks: chunks)))
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[job.id] = Entry(job: job, chunks: chunks, hour: hour, body: body)
        }
        return body
    }
}
